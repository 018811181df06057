import { useMemo, useRef, useState } from 'react';
import { isOnCall, type RosterAgent } from '../../../app/roster';
import type { WhisperState } from '../../../app/whisper';
import { formatClock } from '../format';
import { useI18n } from '../i18n';
import type { RosterState } from '../use-roster';

export type RowAction = 'listen' | 'whisper' | 'insert' | 'intercept' | 'stop';

interface Props {
  readonly state: RosterState;
  readonly whisper: WhisperState | null;
  readonly signedIn: boolean;
  readonly busy: boolean;
  readonly onAct: (action: RowAction, workNo: string) => void;
}

/** Fixed row height and window: only the rows in view (plus a few) are in the page, however long the VDN. */
const ROW_PX = 50;
const VIEW_PX = 500;
const OVERSCAN = 5;

/**
 * The agents the inspector may monitor, filtered by "on a call" and a search over ID and name,
 * virtualised so 500 agents stay fluid. The monitored agent's row carries the mode, switch, take
 * over and stop; other rows on a call offer listen, whisper and insert.
 */
export function RosterView({ state, whisper, signedIn, busy, onAct }: Props) {
  const { language, t } = useI18n();
  const [query, setQuery] = useState('');
  const [onCallOnly, setOnCallOnly] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const agents = state.roster?.agents ?? [];

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return agents.filter(
      (agent) => (!onCallOnly || isOnCall(agent.status)) && (needle === '' || agent.workNo.includes(needle) || agent.name.toLowerCase().includes(needle)),
    );
  }, [agents, query, onCallOnly]);

  function refilter(update: () => void) {
    update();
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }

  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + VIEW_PX) / ROW_PX) + OVERSCAN);

  function row(agent: RosterAgent, index: number) {
    const monitored = whisper !== null && whisper.target === agent.workNo;
    const label = agent.name ? `${agent.workNo} ${agent.name}` : agent.workNo;
    const act = (action: RowAction, key: 'listen' | 'whisper' | 'insert' | 'intercept' | 'stop', extra = '') => (
      <button
        type="button"
        className={`button mini${extra}`}
        aria-label={t(`aria.${key}`, { agent: label })}
        disabled={action !== 'stop' && (busy || !signedIn)}
        onClick={() => onAct(action, agent.workNo)}
      >
        {t(`act.${key}`)}
      </button>
    );
    const canStart = signedIn && whisper === null && (isOnCall(agent.status) || agent.status === 'unknown');
    return (
      <li
        key={agent.workNo}
        className={`roster-row${monitored ? ' monitored' : ''}`}
        style={{ top: index * ROW_PX }}
        aria-setsize={shown.length}
        aria-posinset={index + 1}
        aria-current={monitored ? 'true' : undefined}
      >
        <span className="roster-who">
          <span className="roster-line">
            <span className="mono roster-id">{agent.workNo}</span>
            <span className={`status status-${agent.status}`}>{monitored ? `${t('monitoring')}: ${t(`mode.${whisper.mode}`)}` : t(`status.${agent.status}`)}</span>
          </span>
          <span className="roster-name">{agent.name}</span>
        </span>
        <span className="roster-actions">
          {monitored && (
            <>
              {whisper.mode !== 'whisper' && act('whisper', 'whisper')}
              {whisper.mode !== 'listen' && act('listen', 'listen')}
              {act('intercept', 'intercept', ' caution')}
              {act('stop', 'stop', ' danger')}
            </>
          )}
          {!monitored && canStart && (
            <>
              {act('listen', 'listen')}
              {act('whisper', 'whisper')}
              {act('insert', 'insert', ' caution')}
            </>
          )}
        </span>
      </li>
    );
  }

  let body;
  if (!signedIn) body = <p className="muted">{t('rosterSignedOut')}</p>;
  else if (!state.roster) body = <p className="muted">{state.failure ? null : t('rosterLoading')}</p>;
  else if (shown.length === 0) body = <p className="muted">{t('rosterEmpty')}</p>;
  else {
    body = (
      <div
        ref={scroller}
        className="roster-scroll"
        style={{ height: Math.min(VIEW_PX, shown.length * ROW_PX) }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        tabIndex={0}
        role="region"
        aria-label={t('rosterHeading')}
      >
        <ul className="roster-list" style={{ height: shown.length * ROW_PX }} data-testid="roster-list">
          {shown.slice(first, last).map((agent, offset) => row(agent, first + offset))}
        </ul>
      </div>
    );
  }

  return (
    <section className="card roster" aria-labelledby="roster-heading">
      <div className="card-head">
        <h2 id="roster-heading">{t('rosterHeading')}</h2>
        <button type="button" className="button quiet" onClick={() => void state.refresh()} disabled={!signedIn}>
          {t('rosterRefresh')}
        </button>
      </div>
      <div className="row roster-filters">
        <input
          type="search"
          aria-label={t('rosterSearch')}
          placeholder={t('rosterSearch')}
          value={query}
          onChange={(event) => refilter(() => setQuery(event.target.value))}
          autoComplete="off"
          spellCheck={false}
        />
        <label className="check">
          <input type="checkbox" checked={onCallOnly} onChange={(event) => refilter(() => setOnCallOnly(event.target.checked))} />
          {t('rosterOnCall')}
        </label>
      </div>
      {state.roster && (
        <p className="muted small" data-testid="roster-count">
          {t('rosterCount', { shown: shown.length, total: agents.length, time: formatClock(state.roster.fetchedAt, language) })}
          {state.roster.dropped > 0 && ` ${t('rosterDropped', { count: state.roster.dropped })}`}
        </p>
      )}
      {state.failure && signedIn && (
        <p className="field-error" role="alert">
          {t('rosterFailed', { reason: state.failure.explanation?.[language] ?? state.failure.failure.kind })}
        </p>
      )}
      {body}
    </section>
  );
}

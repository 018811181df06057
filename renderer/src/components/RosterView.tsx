import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { canStop, currentMonitoring, isSignedIn, offeredActions } from '../../../app/monitoring';
import type { AgentStatus, RosterAgent } from '../../../app/roster';
import type { SessionSnapshot } from '../../../app/whisper';
import type { Outcome } from '../describe';
import { formatClock, formatElapsed } from '../format';
import { useViewI18n } from '../i18n/views';
import { useNow } from '../use-now';
import type { RosterState } from '../use-roster';
import { Icon, type IconName } from './Icon';
import { ResultLine } from './ResultLine';

export type RowAction = 'listen' | 'whisper' | 'insert' | 'intercept' | 'stop';

interface Props {
  readonly state: RosterState;
  readonly snapshot: SessionSnapshot;
  readonly busy: boolean;
  readonly outcome: Outcome | null;
  readonly onAct: (action: RowAction, workNo: string) => void;
}

/** Fixed row height: only the rows in view (plus a few) are in the page, however long the VDN. */
const ROW_PX = 44;
const OVERSCAN = 4;
/** The order the per-state counts are shown in: the states an inspector acts on first. */
const STATE_ORDER: readonly AgentStatus[] = ['talking', 'idle', 'busy', 'wrap-up', 'resting', 'idle-like', 'signed-in', 'signed-out', 'unknown'];
const ICON: Readonly<Record<Exclude<RowAction, 'stop'>, IconName>> = { listen: 'listen', whisper: 'whisper', insert: 'insert', intercept: 'intercept' };

/**
 * The roster as a monitoring board: counts per state (a click filters), column headers, state with
 * time in state, the monitored agent pinned first with its mode in words and icon. A grid: one Tab
 * stop, arrow keys between rows and into a row's buttons; Enter listens, W whispers, S stops.
 * Virtualised to the window's height so 500 agents stay fluid.
 */
export function RosterView({ state, snapshot, busy, outcome, onAct }: Props) {
  const { language, t } = useViewI18n();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<AgentStatus | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewPx, setViewPx] = useState(440);
  /** The grid's one Tab stop, by agent (the list reorders when the monitored agent is pinned first). */
  const [active, setActive] = useState<{ readonly workNo: string | null; readonly col: number }>({ workNo: null, col: 0 });
  /** The state-count toolbar's one Tab stop (null: All), moved by the arrow keys. */
  const [chipStop, setChipStop] = useState<AgentStatus | null>(null);
  const focusNext = useRef(false);
  const scroller = useRef<HTMLDivElement | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const agents = state.roster?.agents ?? [];
  const monitoring = currentMonitoring(snapshot);
  const signedIn = isSignedIn(snapshot);
  const now = useNow(state.roster !== null);

  // The filter in force keeps its count (0 when its last agent left that state): it stays visible and undoable.
  const counts = useMemo(() => {
    const byState = new Map<AgentStatus, number>();
    for (const agent of agents) byState.set(agent.status, (byState.get(agent.status) ?? 0) + 1);
    return STATE_ORDER.filter((status) => byState.has(status) || status === filter).map((status) => [status, byState.get(status) ?? 0] as const);
  }, [agents, filter]);
  const chips: readonly (AgentStatus | null)[] = [null, ...counts.map(([status]) => status)];
  // A chip that left the toolbar hands the Tab stop to All.
  const chipTabStop = chips.includes(chipStop) ? chipStop : null;

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = agents.filter(
      (agent) => (filter === null || agent.status === filter) && (needle === '' || agent.workNo.includes(needle) || agent.name.toLowerCase().includes(needle)),
    );
    // The monitored agent is pinned first.
    const pinned = matching.findIndex((agent) => agent.workNo === monitoring?.target);
    return pinned > 0 ? [matching[pinned]!, ...matching.slice(0, pinned), ...matching.slice(pinned + 1)] : matching;
  }, [agents, query, filter, monitoring?.target]);

  // The list fills the window: its height is measured, not fixed. A callback ref, so the scroller that is
  // mounted is the one watched (the grid unmounts while no agent matches and comes back with a new one).
  const watchScroller = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewPx(element.clientHeight || 440));
    observer.observe(element);
    return () => {
      observer.disconnect();
      if (scroller.current === element) scroller.current = null;
    };
  }, []);

  const row = Math.max(0, shown.findIndex((agent) => agent.workNo === active.workNo));

  function refilter(update: () => void) {
    update();
    setScrollTop(0);
    setActive({ workNo: null, col: 0 });
    if (scroller.current) scroller.current.scrollTop = 0;
  }

  const actionsOf = (agent: RosterAgent) => offeredActions(agent.workNo, agent.status, snapshot);

  // Moving with the keyboard keeps the focused cell in the page and in view, then focuses it (before
  // the next key press can arrive).
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-cell="${row}-${active.col}"]`)?.focus();
  });

  // Pinning (or unpinning) the monitored agent moves its row to another part of the grid, which drops
  // the focus: it goes back to the same agent's cell.
  const pinnedTarget = monitoring?.target ?? null;
  useEffect(() => {
    if (active.workNo !== null && (document.activeElement === document.body || document.activeElement === null)) {
      grid.current?.querySelector<HTMLElement>(`[data-workno="${active.workNo}"] [data-cell$="-0"]`)?.focus();
    }
  }, [pinnedTarget, active.workNo]);

  function move(nextRow: number, nextCol: number) {
    const clamped = Math.max(0, Math.min(shown.length - 1, nextRow));
    const cols = actionsOf(shown[clamped]!).length;
    const element = scroller.current;
    if (element && clamped >= pinned) {
      const top = (clamped - pinned) * ROW_PX;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_PX > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_PX - element.clientHeight;
      setScrollTop(element.scrollTop);
    }
    focusNext.current = true;
    setActive({ workNo: shown[clamped]!.workNo, col: Math.max(0, Math.min(cols, nextCol)) });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const agent = shown[row];
    if (!agent || event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor(viewPx / ROW_PX) - 1);
    const onCell = (event.target as HTMLElement).dataset.cell === `${row}-0`;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const handled: Record<string, () => void> = {
      ArrowDown: () => move(row + 1, active.col),
      ArrowUp: () => move(row - 1, active.col),
      ArrowRight: () => move(row, active.col + 1),
      ArrowLeft: () => move(row, active.col - 1),
      PageDown: () => move(row + page, active.col),
      PageUp: () => move(row - page, active.col),
      Home: () => move(event.shiftKey ? 0 : row, 0),
      End: () => move(event.shiftKey ? shown.length - 1 : row, actionsOf(agent).length),
      w: () => actionsOf(agent).includes('whisper') && !busy && onAct('whisper', agent.workNo),
      s: () => monitoring?.target === agent.workNo && canStop(snapshot) && onAct('stop', agent.workNo),
    };
    // Enter on a button presses that button; on the agent's cell it listens.
    if (key === 'Enter' && onCell) handled.Enter = () => actionsOf(agent).includes('listen') && !busy && onAct('listen', agent.workNo);
    const run = handled[key];
    if (!run) return;
    event.preventDefault();
    run();
  }

  function chipKeys(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (chips.indexOf(chipTabStop) + step + chips.length) % chips.length;
    setChipStop(chips[next]!);
    event.currentTarget.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  }

  // The monitored agent (first in `shown`) is pinned above the scrolling rows.
  const pinned = monitoring !== null && shown[0]?.workNo === monitoring.target ? 1 : 0;
  const scrolled = shown.length - pinned;
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(scrolled, Math.ceil((scrollTop + viewPx) / ROW_PX) + OVERSCAN);
  // The row holding the grid's one Tab stop is always in the page, even scrolled away.
  const indices = [...Array(Math.max(0, last - first)).keys()].map((offset) => pinned + first + offset);
  if (row >= pinned && scrolled > 0 && row - pinned < first) indices.unshift(row);
  if (row >= pinned && scrolled > 0 && row - pinned >= last) indices.push(row);

  function renderRow(index: number) {
    const agent = shown[index]!;
    const monitored = monitoring?.target === agent.workNo ? monitoring : null;
    const label = agent.name ? `${agent.workNo} ${agent.name}` : agent.workNo;
    const since = state.since.get(agent.workNo);
    const tabIndex = (col: number) => (index === row && col === active.col ? 0 : -1);
    const elapsed = since ? formatElapsed(now - since.since) : '';
    return (
      <div
        key={agent.workNo}
        role="row"
        aria-rowindex={index + 2}
        className={`roster-row${monitored ? ` monitored mode-${monitored.mode}` : ''}${index < pinned ? ' pinned' : ''}`}
        style={index < pinned ? undefined : { top: (index - pinned) * ROW_PX }}
        aria-current={monitored ? 'true' : undefined}
        data-workno={agent.workNo}
      >
        <span role="gridcell" className="roster-who" tabIndex={tabIndex(0)} data-cell={`${index}-0`} onFocus={() => setActive({ workNo: agent.workNo, col: 0 })}>
          <span className="mono roster-id">{agent.workNo}</span>
          <span className="roster-name">{agent.name}</span>
        </span>
        <span role="gridcell" className="roster-state">
          {monitored ? (
            <span className={`status mode-pill mode-${monitored.mode}`}>
              <Icon name={monitored.mode} />
              {t(`mode.${monitored.mode}`)}
            </span>
          ) : (
            <span className={`status status-${agent.status}`}>{t(`status.${agent.status}`)}</span>
          )}
        </span>
        <span role="gridcell" className="roster-time mono" title={since ? formatClock(since.since, language) : undefined}>
          {since && (since.exact ? elapsed : t('atLeast', { time: elapsed }))}
        </span>
        <span role="gridcell" className="roster-actions">
          {actionsOf(agent).map((action, offset) => (
            <button
              key={action}
              type="button"
              className={`button mini icon-only action-${action}`}
              aria-label={t(`aria.${action}`, { agent: label })}
              title={t(`act.${action}`)}
              disabled={busy}
              tabIndex={tabIndex(offset + 1)}
              data-cell={`${index}-${offset + 1}`}
              onFocus={() => setActive({ workNo: agent.workNo, col: offset + 1 })}
              onClick={() => onAct(action, agent.workNo)}
            >
              <Icon name={ICON[action]} />
            </button>
          ))}
        </span>
      </div>
    );
  }

  let body;
  if (!signedIn) body = <p className="muted">{t('rosterSignedOut')}</p>;
  else if (!state.roster) body = <p className="muted">{state.failure ? null : t('rosterLoading')}</p>;
  else if (shown.length === 0) body = <p className="muted">{t('rosterEmpty')}</p>;
  else {
    body = (
      <div ref={grid} role="grid" aria-labelledby="roster-heading" aria-rowcount={shown.length + 1} className="roster-grid" onKeyDown={onKeyDown}>
        <div role="row" aria-rowindex={1} className="roster-row roster-head">
          <span role="columnheader">{t('col.agent')}</span>
          <span role="columnheader">{t('col.state')}</span>
          <span role="columnheader">{t('col.time')}</span>
          <span role="columnheader">{t('col.actions')}</span>
        </div>
        {pinned > 0 && (
          <div role="rowgroup" className="roster-pinned">
            {renderRow(0)}
          </div>
        )}
        <div ref={watchScroller} role="rowgroup" className="roster-scroll" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
          <div role="none" className="roster-list" style={{ height: scrolled * ROW_PX }} data-testid="roster-list">
            {indices.map(renderRow)}
          </div>
        </div>
      </div>
    );
  }

  return (
    <section className="card roster" aria-labelledby="roster-heading">
      <h2 id="roster-heading" className="visually-hidden">
        {t('rosterHeading')}
      </h2>
      <div className="roster-tools">
        <input
          type="search"
          aria-label={t('rosterSearch')}
          placeholder={t('rosterSearch')}
          value={query}
          onChange={(event) => refilter(() => setQuery(event.target.value))}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className="button quiet" onClick={() => void state.refresh()} disabled={!signedIn}>
          {t('rosterRefresh')}
        </button>
      </div>
      {counts.length > 0 && (
        // A toolbar: one Tab stop (the filter chosen, else All), arrow keys between the counts.
        <div className="state-counts" role="toolbar" aria-label={t('col.state')} onKeyDown={chipKeys}>
          {chips.map((status) => (
            <button
              key={status ?? 'all'}
              type="button"
              className={`count-chip${status ? ` status-${status}` : ''}`}
              aria-pressed={filter === status}
              tabIndex={chipTabStop === status ? 0 : -1}
              onFocus={() => setChipStop(status)}
              title={status ? t('count.filter', { state: t(`status.${status}`) }) : undefined}
              onClick={() => refilter(() => setFilter(status === filter ? null : status))}
            >
              {status ? t(`status.${status}`) : t('count.all')} <strong>{status ? counts.find(([s]) => s === status)![1] : agents.length}</strong>
            </button>
          ))}
        </div>
      )}
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
      <ResultLine outcome={outcome} />
      {state.roster && shown.length > 0 && <p className="muted small roster-keys">{t('rosterKeys')}</p>}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { AGENT_ID_MIN, agentIdProblem, type AgentIdProblem } from '../../../app/agent-id';
import { currentMonitoring, isSignedIn, planStart } from '../../../app/monitoring';
import type { SessionSnapshot, WhisperMode } from '../../../app/whisper';
import type { Outcome } from '../describe';
import { useI18n, type PanelKey } from '../i18n';
import { Icon } from './Icon';
import { ResultLine } from './ResultLine';
import type { RowAction } from './RosterView';

interface Props {
  readonly snapshot: SessionSnapshot;
  readonly busy: boolean;
  readonly upperBound: number;
  readonly agentLabel: (workNo: string) => string;
  readonly outcome: Outcome | null;
  /** Listen, whisper, barge in or take over the agent in the field (empty: the monitored one). */
  readonly onAct: (action: Exclude<RowAction, 'stop'>, target: string) => void;
}

/** The panel words each agent-ID problem with its own keys, in its language. */
const PROBLEM: Readonly<Record<AgentIdProblem, PanelKey>> = {
  missing: 'targetMissing',
  'not-decimal': 'targetNotDecimal',
  'out-of-range': 'targetOutOfRange',
};

/**
 * The actions, grouped by what they do to the customer: silent (listen, whisper) and heard (barge in,
 * take over), each with its icon and word. The mode already running on that agent is marked as the
 * current state (pressed), never drawn as a primary button.
 */
export function WhisperControls({ snapshot, busy, upperBound, agentLabel, outcome, onAct }: Props) {
  const { t } = useI18n();
  const [target, setTarget] = useState('');
  const [touched, setTouched] = useState(false);
  const monitored = currentMonitoring(snapshot)?.target ?? null;
  const signedIn = isSignedIn(snapshot);
  const usesMonitored = target === '' && monitored !== null;
  const targetProblem = usesMonitored ? null : agentIdProblem(target, upperBound);
  const range = { min: AGENT_ID_MIN, max: upperBound, value: target };
  const problem = targetProblem !== null && touched ? t(PROBLEM[targetProblem], range) : null;
  const chosen = usesMonitored ? monitored : target;

  /** Validates before anything is sent; an invalid target never leaves the panel. */
  function act(action: Exclude<RowAction, 'stop'>) {
    setTouched(true);
    if (targetProblem === null && chosen) onAct(action, chosen);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    act('whisper');
  }

  const button = (action: Exclude<RowAction, 'stop'>, icon: 'listen' | 'whisper' | 'insert' | 'intercept') => {
    const mode = action === 'intercept' ? null : (action as WhisperMode);
    const current = mode !== null && chosen !== '' && chosen !== null && planStart(mode, chosen, snapshot).kind === 'already';
    return (
      <button
        type="button"
        className={`button action action-${action}${current ? ' current' : ''}`}
        disabled={busy || !signedIn}
        aria-pressed={mode ? current : undefined}
        onClick={() => act(action)}
      >
        <Icon name={icon} />
        <span>{t(`act.${action}`)}</span>
        {current && <span className="current-mark" aria-hidden="true">{t('current')}</span>}
      </button>
    );
  };

  return (
    <section className="card controls" aria-label={t('nav.control')}>
      <form className="target-form" onSubmit={submit} noValidate>
        <label htmlFor="target">{t('targetLabel')}</label>
        <input
          id="target"
          name="target"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={monitored ?? ''}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          onBlur={() => target !== '' && setTouched(true)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'target-error' : 'target-hint'}
        />
        {problem ? (
          <p id="target-error" className="field-error">
            {problem}
          </p>
        ) : (
          <p id="target-hint" className="muted small">
            {usesMonitored ? t('targetEmptyMonitored', { agent: agentLabel(monitored) }) : t('targetHint', range)}
          </p>
        )}
      </form>
      <div className="action-groups">
        <div role="group" aria-labelledby="group-silent" className="action-group silent">
          <p id="group-silent" className="group-title">
            {t('group.silent')}
          </p>
          <div className="action-row">
            {button('listen', 'listen')}
            {button('whisper', 'whisper')}
          </div>
        </div>
        <div role="group" aria-labelledby="group-heard" className="action-group heard">
          <p id="group-heard" className="group-title">
            {t('group.heard')}
          </p>
          <div className="action-row">
            {button('insert', 'insert')}
            {button('intercept', 'intercept')}
          </div>
        </div>
      </div>
      <ResultLine outcome={outcome} />
    </section>
  );
}

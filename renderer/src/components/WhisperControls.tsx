import { useState, type FormEvent } from 'react';
import { AGENT_ID_MIN, agentIdProblem, type AgentIdProblem } from '../../../app/agent-id';
import type { WhisperMode, WhisperState } from '../../../app/whisper';
import { useI18n, type MessageKey } from '../i18n';

interface Props {
  readonly whisper: WhisperState | null;
  readonly signedIn: boolean;
  readonly busy: boolean;
  readonly upperBound: number;
  readonly onStop: () => void;
  readonly onBackToListen: () => void;
  readonly onStart: (target: string) => void;
  readonly onSwitch: (mode: WhisperMode, target: string | undefined) => void;
  /** Listen, insert or take over the agent in the target field (or, for take over, the monitored one). */
  readonly onTargetAction: (action: 'listen' | 'insert' | 'intercept', target: string) => void;
}

const MODES: readonly WhisperMode[] = ['listen', 'whisper', 'insert'];
/** The panel words each agent-ID problem with its own keys, in its language. */
const PROBLEM: Readonly<Record<AgentIdProblem, MessageKey>> = {
  missing: 'targetMissing',
  'not-decimal': 'targetNotDecimal',
  'out-of-range': 'targetOutOfRange',
};

export function WhisperControls({ whisper, signedIn, busy, upperBound, onStop, onBackToListen, onStart, onSwitch, onTargetAction }: Props) {
  const { t } = useI18n();
  const [target, setTarget] = useState('');
  const [touched, setTouched] = useState(false);
  const targetProblem = agentIdProblem(target, upperBound);
  const range = { min: AGENT_ID_MIN, max: upperBound, value: target };
  const problem = targetProblem !== null && touched ? t(PROBLEM[targetProblem], range) : null;

  /** Validates before anything is sent; an invalid target never leaves the panel. */
  function validTarget(required: boolean): string | undefined | null {
    if (!required && target === '') return undefined;
    setTouched(true);
    return targetProblem === null ? target : null;
  }

  function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = validTarget(true);
    if (value) onStart(value);
  }

  function switchTo(mode: WhisperMode) {
    const value = validTarget(false);
    if (value !== null) onSwitch(mode, value ?? whisper?.target ?? undefined);
  }

  function targetAction(action: 'listen' | 'insert' | 'intercept') {
    // Take over acts on the monitored agent when the field is empty; a start always needs a target.
    const value = validTarget(action !== 'intercept' || !whisper?.target);
    const chosen = value ?? (action === 'intercept' && value === undefined ? whisper?.target : undefined);
    if (chosen) onTargetAction(action, chosen);
  }

  const inQcMode = whisper !== null;
  return (
    <section className="card controls">
      {/* Stop is never disabled: it must work with an unknown target and while anything else is pending. */}
      <button type="button" className="button stop" onClick={onStop} aria-describedby="stop-hint">
        <span className="stop-icon" aria-hidden="true" />
        {t('stop')}
      </button>
      <p id="stop-hint" className="muted small center">
        {t('stopHint')}
      </p>
      <button
        type="button"
        className="button secondary wide"
        onClick={onBackToListen}
        disabled={busy || !signedIn || whisper?.mode === 'listen' || !inQcMode}
      >
        {t('backToListen')}
      </button>

      <form className="target-form" onSubmit={start} noValidate>
        <label htmlFor="target">{t('targetLabel')}</label>
        <div className="row">
          <input
            id="target"
            name="target"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            onBlur={() => target !== '' && setTouched(true)}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'target-error' : 'target-hint'}
          />
          <button type="submit" className="button primary" disabled={busy || !signedIn}>
            {t('start')}
          </button>
        </div>
        <div className="row wrap target-actions">
          <button type="button" className="button secondary" disabled={busy || !signedIn} onClick={() => targetAction('listen')}>
            {t('startListen')}
          </button>
          <button type="button" className="button secondary caution" disabled={busy || !signedIn} onClick={() => targetAction('insert')}>
            {t('startInsert')}
          </button>
          <button type="button" className="button secondary caution" disabled={busy || !signedIn || !inQcMode} onClick={() => targetAction('intercept')}>
            {t('startIntercept')}
          </button>
        </div>
        {problem ? (
          <p id="target-error" className="field-error">
            {problem}
          </p>
        ) : (
          <p id="target-hint" className="muted small">
            {t('targetHint', range)}
          </p>
        )}
      </form>

      <fieldset className="switch" disabled={busy || !signedIn}>
        <legend>{t('switchMode')}</legend>
        <div className="segmented">
          {MODES.map((mode) => (
            <button
              key={mode}
              type="button"
              className={`button segment${mode === 'insert' ? ' caution' : ''}`}
              aria-pressed={whisper?.mode === mode}
              onClick={() => switchTo(mode)}
            >
              {t(`act.${mode}`)}
            </button>
          ))}
        </div>
      </fieldset>
    </section>
  );
}

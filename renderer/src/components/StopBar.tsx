import { forwardRef } from 'react';
import { canStop, currentMonitoring, stopKind, stopLabelKey } from '../../../app/monitoring';
import type { SessionSnapshot } from '../../../app/whisper';
import type { Outcome } from '../describe';
import { useI18n } from '../i18n';
import { Icon } from './Icon';
import { ResultLine } from './ResultLine';

interface Props {
  readonly snapshot: SessionSnapshot;
  /** "1002 · Li Na" when the roster knows the name. */
  readonly agentLabel: (workNo: string) => string;
  readonly outcome: Outcome | null;
  readonly onStop: () => void;
}

/**
 * Stop, pinned under the header in every state and view, the same place and size: named by what it
 * ends (app/monitoring.ts decides), never disabled while pending, disabled (grey, not red) only when
 * the model says nothing can be stopped. Its result appears right under it.
 */
export const StopBar = forwardRef<HTMLButtonElement, Props>(function StopBar({ snapshot, agentLabel, outcome, onStop }, ref) {
  const { t } = useI18n();
  const kind = stopKind(snapshot);
  const target = currentMonitoring(snapshot)?.target ?? null;
  const enabled = canStop(snapshot);
  const label = target ? t(`stopOn.${kind}`, { agent: agentLabel(target) }) : t(stopLabelKey(kind));
  return (
    <div className="stop-bar">
      <button
        ref={ref}
        type="button"
        className="button stop"
        data-testid="stop"
        onClick={onStop}
        disabled={!enabled}
        title={enabled ? undefined : t('stopNothing')}
      >
        <Icon name="stop" className="stop-icon" />
        <span className="stop-text">{label}</span>
      </button>
      <ResultLine outcome={outcome} className="under-stop" />
    </div>
  );
});

import { describeOutcome, type Outcome } from '../describe';
import { useI18n } from '../i18n';

/** Always in the page and announced politely: the person just acted and is waiting for exactly this sentence. */
export function ResultLine({ outcome }: { outcome: Outcome | null }) {
  const { language, t } = useI18n();
  const described = outcome && describeOutcome(outcome, language, t);
  return (
    <div className={`result result-${described ? (described.ok ? 'ok' : 'bad') : 'none'}`} role="status" aria-live="polite" aria-atomic="true" data-testid="result">
      {described && (
        <>
          <span className="result-icon" aria-hidden="true">
            {described.ok ? '✓' : '!'}
          </span>
          <span className="result-text">{described.text}</span>
          <span className="result-meta mono">
            {described.retcode !== null && <span data-testid="retcode">{t('retcode', { retcode: described.retcode })}</span>}
            {described.durationMs > 0 && <span>{t('ms', { ms: Math.round(described.durationMs) })}</span>}
          </span>
        </>
      )}
    </div>
  );
}

import { describeOutcome, type Outcome } from '../describe';
import { useI18n } from '../i18n';

/** Announced politely: the person just acted and is waiting for exactly this sentence. */
export function ResultLine({ outcome, upperBound }: { outcome: Outcome | null; upperBound: number }) {
  const { language, t } = useI18n();
  const described = outcome ? describeOutcome(outcome, language, t, upperBound) : null;
  const tone = described ? (described.ok ? 'ok' : 'bad') : 'none';
  return (
    <div className={`result result-${tone}`} role="status" aria-live="polite" aria-atomic="true" data-testid="result">
      <span className="visually-hidden">{t('result.label')}: </span>
      {described ? (
        <>
          <span className="result-icon" aria-hidden="true">
            {described.ok ? '✓' : '!'}
          </span>
          <span className="result-text">{described.text}</span>
          {(described.retcode !== null || described.durationMs !== null) && (
            <span className="result-meta mono">
              {described.retcode !== null && <span data-testid="retcode">{t('result.retcode', { retcode: described.retcode })}</span>}
              {described.durationMs !== null && <span>{t('result.duration', { ms: Math.round(described.durationMs) })}</span>}
            </span>
          )}
        </>
      ) : (
        <span className="result-text muted">{t('result.none')}</span>
      )}
    </div>
  );
}

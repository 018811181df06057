import { createContext, useContext } from 'react';
import { describeOutcome, type Outcome } from '../describe';
import { useI18n } from '../i18n';

/** True while the success shown is fading out (App decides when). */
export const FadingContext = createContext(false);

/**
 * The answer to what the person just did, beside the control they used. Always in the page and
 * announced politely; a success fades (App clears it), a failure stays until the next action.
 */
export function ResultLine({ outcome, className = '' }: { outcome: Outcome | null; className?: string }) {
  const { language, t } = useI18n();
  const fading = useContext(FadingContext);
  const described = outcome && describeOutcome(outcome, language, t);
  return (
    <div
      className={`result result-${described ? (described.ok ? 'ok' : 'bad') : 'none'}${fading && described ? ' fading' : ''} ${className}`}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="result"
    >
      {described && (
        <>
          <span className="result-icon" aria-hidden="true">
            {described.ok ? '✓' : '!'}
          </span>
          <span className="result-text">{described.text}</span>
        </>
      )}
    </div>
  );
}

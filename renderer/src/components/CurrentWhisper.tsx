import type { WhisperState } from '../../../app/whisper';
import { formatElapsed } from '../format';
import { useI18n } from '../i18n';
import { useNow } from '../use-now';

export function CurrentWhisper({ whisper }: { whisper: WhisperState | null }) {
  const { t } = useI18n();
  const now = useNow(whisper !== null);
  return (
    <section className={`card current mode-${whisper?.mode ?? 'idle'}`} aria-labelledby="current-heading">
      <h2 id="current-heading">{t('currentWhisper')}</h2>
      <div className="current-body">
        <p className="mode">{t(whisper ? `mode.${whisper.mode}` : 'idle')}</p>
        {whisper && (
          <dl className="facts inline">
            <div>
              <dt>{t('target')}</dt>
              <dd className="target">{whisper.target ?? t('unknownTarget')}</dd>
            </div>
            <div>
              <dt>{t('elapsed')}</dt>
              {/* The ticking clock is not announced every second; the mode change already was. */}
              <dd className="elapsed mono">{formatElapsed(now - whisper.since)}</dd>
            </div>
          </dl>
        )}
      </div>
    </section>
  );
}

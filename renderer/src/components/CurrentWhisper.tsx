import type { WhisperState } from '../../../app/whisper';
import { formatElapsed } from '../format';
import { useI18n } from '../i18n';
import { useNow } from '../use-now';

export function CurrentWhisper({ whisper }: { whisper: WhisperState | null }) {
  const { t } = useI18n();
  const now = useNow(whisper !== null);
  return (
    <section className={`card current mode-${whisper?.mode ?? 'idle'}`} aria-labelledby="current-heading">
      <h2 id="current-heading">{t('whisper.heading')}</h2>
      {whisper ? (
        <div className="current-body" data-testid="current-whisper">
          <p className="mode">{t(`whisper.mode.${whisper.mode}`)}</p>
          <dl className="facts inline">
            <div>
              <dt>{t('whisper.target')}</dt>
              <dd className="target">{whisper.target ?? t('whisper.unknownTarget')}</dd>
            </div>
            <div>
              <dt>{t('whisper.elapsed')}</dt>
              {/* The ticking clock is not announced every second; the mode change already was. */}
              <dd className="elapsed mono" data-testid="elapsed">
                {formatElapsed(now - whisper.since)}
              </dd>
            </div>
          </dl>
        </div>
      ) : (
        <div className="current-body" data-testid="current-whisper">
          <p className="mode">{t('whisper.idle')}</p>
        </div>
      )}
    </section>
  );
}

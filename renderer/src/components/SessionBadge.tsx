import type { SessionPhase, SessionSnapshot } from '../../../app/whisper';
import { useI18n, type MessageKey } from '../i18n';

/** Each phase's words and colour; a signed-in session with failing polls shows as unstable. */
const HEALTH: Readonly<Record<SessionPhase | 'unstable', readonly [MessageKey, 'ok' | 'warn' | 'bad' | 'off']>> = {
  'signed-out': ['health.signedOut', 'off'],
  'signing-in': ['health.signingIn', 'warn'],
  'signed-in': ['health.ok', 'ok'],
  unstable: ['health.unstable', 'warn'],
  'connection-lost': ['health.lost', 'bad'],
  expired: ['health.expired', 'bad'],
};

export function SessionBadge({ snapshot, onSignOut, busy }: { snapshot: SessionSnapshot; onSignOut: () => void; busy: boolean }) {
  const { language, t } = useI18n();
  const [key, tone] = HEALTH[snapshot.phase === 'signed-in' && snapshot.pollFailures > 0 ? 'unstable' : snapshot.phase];
  const signedIn = snapshot.phase === 'signed-in' || snapshot.phase === 'connection-lost';
  return (
    <section className="card session" aria-labelledby="session-heading">
      <div className="card-head">
        <h2 id="session-heading">{t('session')}</h2>
        <span className={`health health-${tone}`}>
          <span className="dot" aria-hidden="true" />
          {t(key, { count: snapshot.pollFailures })}
        </span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('gateway')}</dt>
          <dd className="mono">{snapshot.gatewayUrl ?? t('notSet')}</dd>
        </div>
        <div>
          <dt>{t('group.inspector')}</dt>
          <dd>{snapshot.agentId ?? t('notSet')}</dd>
        </div>
        <div>
          <dt>{t('authMode')}</dt>
          <dd>{snapshot.authMode ? t(`auth.${snapshot.authMode}`) : snapshot.phase === 'signed-out' ? t('notSet') : t('auth.unknown')}</dd>
        </div>
      </dl>
      {snapshot.notice && (
        <p className="notice" role="note">
          {snapshot.notice[language]}
        </p>
      )}
      {signedIn && (
        <button type="button" className="button quiet" onClick={onSignOut} disabled={busy}>
          {t('signOut')}
        </button>
      )}
    </section>
  );
}

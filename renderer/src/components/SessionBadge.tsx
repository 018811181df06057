import type { SessionSnapshot } from '../../../app/whisper';
import { useI18n, type MessageKey } from '../i18n';

type Health = { readonly key: MessageKey; readonly tone: 'ok' | 'warn' | 'bad' | 'off' };

function health(snapshot: SessionSnapshot): Health {
  switch (snapshot.phase) {
    case 'signed-out':
      return { key: 'session.health.signedOut', tone: 'off' };
    case 'signing-in':
      return { key: 'session.health.signingIn', tone: 'warn' };
    case 'connection-lost':
      return { key: 'session.health.lost', tone: 'bad' };
    case 'expired':
      return { key: 'session.health.expired', tone: 'bad' };
    case 'signed-in':
      return snapshot.pollFailures > 0 ? { key: 'session.health.unstable', tone: 'warn' } : { key: 'session.health.ok', tone: 'ok' };
  }
}

export function SessionBadge({ snapshot, onSignOut, busy }: { snapshot: SessionSnapshot; onSignOut: () => void; busy: boolean }) {
  const { t } = useI18n();
  const state = health(snapshot);
  const signedIn = snapshot.phase === 'signed-in' || snapshot.phase === 'connection-lost';
  return (
    <section className="card session" aria-labelledby="session-heading">
      <div className="card-head">
        <h2 id="session-heading">{t('session.heading')}</h2>
        <span className={`health health-${state.tone}`} data-testid="connection-health">
          <span className="dot" aria-hidden="true" />
          {t(state.key, { count: snapshot.pollFailures })}
        </span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('session.gateway')}</dt>
          <dd className="mono">{snapshot.gatewayUrl ?? t('session.none')}</dd>
        </div>
        <div>
          <dt>{t('session.agent')}</dt>
          <dd>{snapshot.agentId ?? t('session.none')}</dd>
        </div>
        <div>
          <dt>{t('session.authMode')}</dt>
          <dd>{snapshot.authMode ? t(`session.auth.${snapshot.authMode}`) : t('session.none')}</dd>
        </div>
      </dl>
      {snapshot.notice && (
        <p className="notice" role="note">
          {snapshot.notice}
        </p>
      )}
      {signedIn && (
        <button type="button" className="button quiet" onClick={onSignOut} disabled={busy}>
          {t('session.signOut')}
        </button>
      )}
    </section>
  );
}

import { currentMonitoring, isSignedIn } from '../../../app/monitoring';
import type { SessionSnapshot } from '../../../app/whisper';
import { formatClock, formatElapsed } from '../format';
import { useI18n, type PanelKey } from '../i18n';
import { useNow } from '../use-now';
import { Icon } from './Icon';

interface Props {
  readonly snapshot: SessionSnapshot;
  readonly agentLabel: (workNo: string) => string;
  readonly busy: boolean;
  readonly onSignOut: () => void;
}

/** What is wrong with the session, worded with what to do; null when all is well. */
function trouble(snapshot: SessionSnapshot): PanelKey | null {
  switch (snapshot.phase) {
    case 'connection-lost':
      return 'line.lost';
    case 'signed-in':
      return snapshot.pollFailures > 0 ? 'line.unstable' : null;
    default:
      return null;
  }
}

/**
 * One line: whom the inspector monitors, how and since when, or what is wrong and what to do.
 * Gateway, inspector ID and auth mode wait behind "Details".
 */
export function StatusLine({ snapshot, agentLabel, busy, onSignOut }: Props) {
  const { language, t } = useI18n();
  const monitoring = currentMonitoring(snapshot);
  const now = useNow(monitoring !== null);
  const signedIn = isSignedIn(snapshot);
  const problem = trouble(snapshot);
  const notice = snapshot.notice?.[language] ?? null;

  let tone: 'ok' | 'warn' | 'bad' | 'off' = 'off';
  let main: string;
  if (monitoring) {
    tone = monitoring.mode === 'insert' ? 'warn' : 'ok';
    main = t(`line.${monitoring.mode}`, { agent: monitoring.target ? agentLabel(monitoring.target) : t('unknownTarget') });
  } else if (signedIn) {
    tone = 'ok';
    // Connection trouble is the news when nothing is monitored: said once, not after "Connected".
    main = problem ? t(problem, { count: snapshot.pollFailures }) : t('line.idle');
  } else if (snapshot.phase === 'expired') {
    tone = 'bad';
    main = notice ?? t('line.expired');
  } else main = notice ?? t(snapshot.phase === 'signing-in' ? 'line.signingIn' : 'line.signedOut');
  if (problem) tone = 'bad';

  return (
    <section className={`status-line tone-${tone}`} data-testid="status-line" data-phase={snapshot.phase} aria-label={t('session')}>
      <p className="status-main">
        <Icon name={monitoring?.mode ?? 'idle'} className="status-icon" />
        <span className="status-text">
          <strong>{main}</strong>
          {monitoring && (
            <span className="status-since">
              {' '}
              {t('line.since', { time: formatClock(monitoring.since, language), elapsed: formatElapsed(now - monitoring.since) })}
            </span>
          )}
          {problem && monitoring && <span className="status-trouble"> {t(problem, { count: snapshot.pollFailures })}</span>}
          {signedIn && notice && <span className="status-trouble"> {notice}</span>}
          {/* The model shows no monitoring on an expired session; what was running may still run there. */}
          {snapshot.phase === 'expired' && (
            <span className="status-trouble">
              {' '}
              {snapshot.whisper?.target ? t('line.expiredWhisper', { agent: agentLabel(snapshot.whisper.target) }) : t('line.expiredMaybe')}
            </span>
          )}
        </span>
      </p>
      <details className="status-details">
        <summary title={t('details')}>
          <svg className="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 3a9 9 0 1 0 .01 0zM12 11v6M12 7.5v.5" />
          </svg>
          <span className="visually-hidden">{t('details')}</span>
        </summary>
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
        {signedIn && (
          <button type="button" className="button quiet" onClick={onSignOut} disabled={busy}>
            {t('signOut')}
          </button>
        )}
      </details>
    </section>
  );
}

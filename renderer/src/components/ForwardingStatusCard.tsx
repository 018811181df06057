import { useEffect, useState } from 'react';
import type { ForwardingStatus } from '../../../app/audit-forwarding';
import type { Language } from '../../../app/i18n/language';
import { displayLocale } from '../i18n';
import { useViewI18n } from '../i18n/views';

/** How often the card asks main again while Settings is open. */
const REFRESH_MS = 2000;

/** In the display language's own format (day-first in en-GB, year-first in zh-CN). */
function dateTime(epochMs: number, language: Language): string {
  return new Date(epochMs).toLocaleString(displayLocale(language), { hour12: false });
}

/**
 * Audit forwarding to the site's syslog collector, as the admin policy set it (read-only) and
 * how it is doing: connected, records waiting, last delivery, last error, the spool warning.
 */
export function ForwardingStatusCard({ load }: { readonly load: () => Promise<ForwardingStatus> }) {
  const { language, t } = useViewI18n();
  const [status, setStatus] = useState<ForwardingStatus | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      load().then(
        (next) => live && setStatus(next),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [load]);

  if (status === null) return null;
  return (
    <fieldset className="card forwarding" data-forwarding={status.configured ? status.state : 'off'}>
      <legend>{t('group.forwarding')}</legend>
      {!status.configured ? (
        <p className="muted">{t('forwarding.off')}</p>
      ) : (
        <>
          <dl className="forwarding-facts">
            <dt>{t('forwarding.collector')}</dt>
            <dd className="mono break">
              {status.collector} · {status.transport === 'tls' ? 'TLS' : t('forwarding.plainTcp')} · {status.facility} · {status.appName}
            </dd>
            <dt>{t('forwarding.connection')}</dt>
            <dd data-forwarding-connected={status.connected}>{status.connected ? t('health.ok') : t('forwarding.notConnected')}</dd>
            <dt>{t('forwarding.backlog')}</dt>
            <dd data-forwarding-backlog={status.backlog}>{status.backlog === 1 ? t('forwarding.oneRecord') : t('forwarding.records', { count: status.backlog })}</dd>
            <dt>{t('forwarding.lastDelivered')}</dt>
            <dd>{status.lastDeliveredAt === null ? t('forwarding.never') : dateTime(status.lastDeliveredAt, language)}</dd>
            {status.lastError && (
              <>
                <dt>{t('forwarding.lastError')}</dt>
                <dd className="field-error">
                  {status.lastError.message[language]} ({dateTime(status.lastError.at, language)})
                </dd>
              </>
            )}
          </dl>
          {status.warning && (
            <p className="notice" role="alert">
              {status.warning[language]}
            </p>
          )}
          <p className="locked-hint">
            <span className="lock" aria-hidden="true" />
            {t('locked')}
          </p>
        </>
      )}
    </fieldset>
  );
}

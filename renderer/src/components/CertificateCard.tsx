import type { CertificateInfo } from '../../../app/certificate';
import { expiresSoon } from '../../../app/certificate';
import { useViewI18n } from '../i18n/views';

/**
 * The certificate the gateway presented at the last connection test: subject, issuer, fingerprint
 * and days to expiry, with a warning from 30 days (app/certificate.ts), and the pinned fingerprints,
 * marking the one that matches (docs/deployment.md §4, renewing without an outage).
 */
export function CertificateCard({ certificate, pins }: { readonly certificate: CertificateInfo; readonly pins: readonly string[] }) {
  const { language, t } = useViewI18n();
  const days = certificate.daysToExpiry;
  const date = certificate.validTo === undefined ? null : new Date(certificate.validTo).toLocaleDateString(language);
  const warning = expiresSoon(certificate);
  return (
    <div className="card certificate" data-certificate-expiring={warning}>
      <h3 className="small">{t('cert.heading')}</h3>
      <dl className="forwarding-facts">
        <dt>{t('cert.subject')}</dt>
        <dd className="mono break">{certificate.subject}</dd>
        {certificate.issuer !== undefined && (
          <>
            <dt>{t('cert.issuer')}</dt>
            <dd className="mono break">{certificate.issuer}</dd>
          </>
        )}
        <dt>{t('cert.fingerprint')}</dt>
        <dd className="mono small break">{certificate.fingerprint256}</dd>
        {date !== null && days !== undefined && (
          <>
            <dt>{t('cert.expiry')}</dt>
            <dd data-certificate-days={days}>{days >= 0 ? t('cert.daysLeft', { date, days }) : t('cert.expired', { date, days: -days })}</dd>
          </>
        )}
        <dt>{t('cert.pins')}</dt>
        <dd>
          {pins.length === 0 ? (
            <span className="muted">{t('cert.noPins')}</span>
          ) : (
            <ul className="pin-list">
              {pins.map((pin) => (
                <li key={pin} className="mono small break">
                  {pin}
                  {pin === certificate.fingerprint256 && <strong> · {t('cert.pinMatches')}</strong>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {warning && days !== undefined && (
        <p role="alert" className="field-error">
          {days >= 0 ? t('cert.expiresSoon', { days }) : t('cert.expiredWarning')}
        </p>
      )}
    </div>
  );
}

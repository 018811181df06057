/**
 * The gateway certificate as Settings, the diagnostics bundle and the log describe it, and the one
 * rule for when its expiry is worth a warning (docs/deployment.md §4 gives the renewal procedure).
 */
export interface CertificateInfo {
  /** "CN=gw, O=Site". */
  readonly subject: string;
  /** SHA-256 fingerprint, upper-case hex pairs joined by colons (the form pins take). */
  readonly fingerprint256: string;
  /** Filled in by the gateway client, which reads the presented certificate itself. */
  readonly issuer?: string;
  /** End of validity, ISO 8601. */
  readonly validTo?: string;
  /** Whole days until validTo (negative once expired). */
  readonly daysToExpiry?: number;
}

/** From this many days before expiry, Settings shows a warning (time to roll the pins, §4). */
export const CERTIFICATE_WARNING_DAYS = 30;

export function expiresSoon(certificate: CertificateInfo): boolean {
  return certificate.daysToExpiry !== undefined && certificate.daysToExpiry <= CERTIFICATE_WARNING_DAYS;
}

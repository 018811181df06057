import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { CertificateInfo } from '../../app/certificate';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Subject, issuer, fingerprint and days to expiry of a presented certificate (Settings, diagnostics). */
export function describeCertificate(cert: X509Certificate, now: number = Date.now()): CertificateInfo {
  const oneLine = (name: string) => name.split('\n').join(', ');
  const end = new Date(cert.validTo).getTime();
  return {
    subject: oneLine(cert.subject),
    fingerprint256: cert.fingerprint256,
    issuer: oneLine(cert.issuer),
    ...(Number.isFinite(end) && { validTo: new Date(end).toISOString(), daysToExpiry: Math.floor((end - now) / DAY_MS) }),
  };
}

/**
 * Linux CA bundles read when Node's own system store comes back empty (a runtime whose TLS library
 * looks elsewhere): Debian/Ubuntu, then RHEL/Fedora, then SUSE. docs/deployment.md §4 lists the stores.
 */
const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/var/lib/ca-certificates/ca-bundle.pem'];

function linuxBundle(): string[] {
  for (const file of LINUX_BUNDLES) {
    try {
      const text = readFileSync(file, 'utf8');
      const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
      if (pems !== null && pems.length > 0) return pems.map((pem) => `${pem}\n`);
    } catch {
      // Not this distribution's file; try the next.
    }
  }
  return [];
}

/**
 * The certificates the OS trusts: Windows' certificate stores (roots pushed by Group Policy
 * included), the macOS keychains' trust settings, Linux's system bundle. Node ≥ 22.15 reads them
 * (`tls.getCACertificates('system')`); an older runtime has only its bundled list.
 */
export function systemCertificates(): string[] {
  let system: string[] = [];
  const read = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (typeof read === 'function') {
    try {
      system = read('system');
    } catch {
      system = [];
    }
  }
  if (system.length === 0 && process.platform === 'linux') system = linuxBundle();
  return system;
}

/**
 * Every trust anchor of a TLS client of ours (gateway and audit collector): Node's bundled
 * roots, the OS store and the operator's own CA bundle (`caFile`), without duplicates.
 */
export function trustAnchors(caPem: readonly string[]): string[] {
  return [...new Set([...tls.rootCertificates, ...systemCertificates(), ...caPem])];
}

/** A pin as Node prints `fingerprint256` (upper-case hex pairs joined by colons). */
export type PinSet = string | readonly string[] | null;

function pinList(pins: PinSet): string[] {
  if (pins === null) return [];
  return typeof pins === 'string' ? [pins] : [...pins];
}

/**
 * Who the client trusts, and why it stays safe without ever switching verification off.
 *
 * Base trust: Node's bundled roots, the OS trust store and the operator's CA bundle (`caPem`). Node verifies
 * the chain, the validity dates and the host name on every new connection, and
 * `rejectUnauthorized` is always true (see dialer.ts).
 *
 * A pin set (`pinSha256`: one fingerprint, or several while a certificate is renewed — the
 * current and the next, docs/deployment.md §4) adds one rule and one possibility:
 * - Rule: every connection's leaf certificate must have one of those SHA-256
 *   fingerprints, checked in `checkServerIdentity` right after Node's own host-name
 *   check. A CA-trusted certificate that is not the pinned one is refused.
 * - Possibility: a gateway with a self-signed or private-CA certificate can be
 *   trusted by its pin alone. Node cannot be told "accept this unknown chain if the
 *   leaf hashes to X": its chain check runs before `checkServerIdentity` and
 *   `rejectUnauthorized: true` destroys the socket first. Turning
 *   `rejectUnauthorized` off and re-checking by hand would put the whole verdict in
 *   our code. Instead, when a handshake fails only because the chain is unknown and
 *   the presented leaf hashes to a pin, that exact certificate is added as a trust
 *   anchor (`allowPartialTrustChain`, so a leaf from a private CA can anchor itself)
 *   and the call is retried. The retry is then verified by Node end to end: chain to
 *   the pinned anchor, validity dates, host name, and the pin again. Knowing the
 *   certificate whose SHA-256 equals the pin is equivalent to the operator having
 *   handed us that certificate file, so nothing is trusted that the pin does not
 *   name. A certificate is public, so seeing it proves nothing by itself: what proves
 *   the server is its private key, which the retried, fully verified handshake checks.
 *   The failed first handshake sent no HTTP bytes, so the retry cannot repeat a
 *   gateway action.
 */
export class TlsTrust {
  private readonly pins: readonly string[];
  private readonly anchors: string[];
  private readonly adopted = new Map<string, string>();
  private context: tls.SecureContext;

  constructor(caPem: readonly string[], pinSha256: PinSet) {
    this.pins = pinList(pinSha256);
    this.anchors = trustAnchors(caPem);
    this.context = tls.createSecureContext({ ca: this.anchors });
  }

  get secureContext(): tls.SecureContext {
    return this.context;
  }

  /** The first pin, or null when nothing is pinned (see `pinSet` for all of them). */
  get pinSha256(): string | null {
    return this.pins[0] ?? null;
  }

  get pinSet(): readonly string[] {
    return this.pins;
  }

  /** Node's host-name check first, then the pin set on the leaf. */
  readonly checkServerIdentity = (host: string, cert: tls.PeerCertificate): Error | undefined => {
    const hostError = tls.checkServerIdentity(host, cert);
    if (hostError) return hostError;
    if (this.pins.length > 0 && !this.pins.includes(cert.fingerprint256)) return new PinMismatchError();
    return undefined;
  };

  /**
   * Called after a handshake failed on an unknown chain. Trusts the presented leaf
   * only if it is exactly a pinned certificate; returns whether a retry can help
   * (also when a concurrent call adopted it first). Callers retry at most once.
   */
  adoptPinnedCertificate(presented: X509Certificate): boolean {
    if (!this.pins.includes(presented.fingerprint256)) return false;
    if (!this.adopted.has(presented.fingerprint256)) {
      this.adopted.set(presented.fingerprint256, presented.toString());
      this.context = tls.createSecureContext({ ca: [...this.anchors, ...this.adopted.values()], allowPartialTrustChain: true });
    }
    return true;
  }
}

export const PIN_MISMATCH_CODE = 'ERR_GATEWAY_CERT_PIN_MISMATCH';

export class PinMismatchError extends Error {
  readonly code = PIN_MISMATCH_CODE;
  constructor() {
    super('The gateway certificate matches none of the pinned SHA-256 fingerprints.');
  }
}

/** OpenSSL verify results that mean "this chain leads to nobody we trust". */
export const UNTRUSTED_CHAIN_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
]);

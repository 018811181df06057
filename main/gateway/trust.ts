import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';

/**
 * Who the client trusts, and why it stays safe without ever switching verification off.
 *
 * Base trust: the system CAs plus the operator's CA bundle (`caPem`). Node verifies
 * the chain, the validity dates and the host name on every new connection, and
 * `rejectUnauthorized` is always true (see gateway-agent.ts).
 *
 * A pin (`pinSha256`) adds one rule and one possibility:
 * - Rule: every connection's leaf certificate must have exactly that SHA-256
 *   fingerprint, checked in `checkServerIdentity` right after Node's own host-name
 *   check. A CA-trusted certificate that is not the pinned one is refused.
 * - Possibility: a gateway with a self-signed or private-CA certificate can be
 *   trusted by its pin alone. Node cannot be told "accept this unknown chain if the
 *   leaf hashes to X": its chain check runs before `checkServerIdentity` and
 *   `rejectUnauthorized: true` destroys the socket first. Turning
 *   `rejectUnauthorized` off and re-checking by hand would put the whole verdict in
 *   our code. Instead, when a handshake fails only because the chain is unknown and
 *   the presented leaf hashes to the pin, that exact certificate is added as a trust
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
  private readonly pin: string | null;
  private readonly anchors: string[];
  private pinnedAnchorAdded = false;
  private context: tls.SecureContext;

  constructor(caPem: readonly string[], pinSha256: string | null) {
    this.pin = pinSha256;
    this.anchors = [...tls.rootCertificates, ...caPem];
    this.context = tls.createSecureContext({ ca: this.anchors });
  }

  get secureContext(): tls.SecureContext {
    return this.context;
  }

  get pinSha256(): string | null {
    return this.pin;
  }

  /** Node's host-name check first, then the pin on the leaf. */
  readonly checkServerIdentity = (host: string, cert: tls.PeerCertificate): Error | undefined => {
    const hostError = tls.checkServerIdentity(host, cert);
    if (hostError) return hostError;
    if (this.pin !== null && cert.fingerprint256 !== this.pin) return new PinMismatchError();
    return undefined;
  };

  /**
   * Called after a handshake failed on an unknown chain. Trusts the presented leaf
   * only if it is exactly the pinned certificate; returns whether a retry can help
   * (also when a concurrent call adopted it first). Callers retry at most once.
   */
  adoptPinnedCertificate(presented: X509Certificate): boolean {
    if (this.pin === null || presented.fingerprint256 !== this.pin) return false;
    if (!this.pinnedAnchorAdded) {
      this.pinnedAnchorAdded = true;
      this.context = tls.createSecureContext({ ca: [...this.anchors, presented.toString()], allowPartialTrustChain: true });
    }
    return true;
  }
}

export const PIN_MISMATCH_CODE = 'ERR_GATEWAY_CERT_PIN_MISMATCH';

export class PinMismatchError extends Error {
  readonly code = PIN_MISMATCH_CODE;
  constructor() {
    super('The gateway certificate does not match the pinned SHA-256 fingerprint.');
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

import type { X509Certificate } from 'node:crypto';
import type { Failure } from '../../app/failures';
import { PIN_MISMATCH_CODE, UNTRUSTED_CHAIN_CODES } from './trust';

export interface FailureContext {
  /** Host name from the gateway URL, for DNS and host-name messages. */
  readonly host: string;
  /** The leaf certificate the server presented, when the handshake got that far. */
  readonly presented: X509Certificate | null;
  /** Whether a pin is configured: then an unknown chain is reported as "not the pinned certificate". */
  readonly pinned: boolean;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TLS_CODE = /CERT|SSL|TLS|EPROTO/;

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** "CN=gw, O=Site" rather than Node's one-RDN-per-line form. */
export function certificateSubject(cert: X509Certificate | null): string {
  return cert ? cert.subject.split('\n').join(', ') : 'unknown (no certificate received)';
}

function validTo(cert: X509Certificate | null): string {
  if (!cert) return 'an unknown date';
  const date = new Date(cert.validTo);
  return Number.isNaN(date.getTime()) ? cert.validTo : date.toISOString();
}

/** Turns a socket, DNS or TLS error from Node into the typed failure the person sees. */
export function failureFromError(error: unknown, context: FailureContext): Failure {
  const code = errorCode(error);
  const { presented } = context;
  const subject = certificateSubject(presented);
  const fingerprint256 = presented?.fingerprint256 ?? 'unknown';

  if (code === 'ECONNREFUSED') return { kind: 'connection-refused' };
  if (RESET_CODES.has(code)) return { kind: 'connection-reset' };
  if (DNS_CODES.has(code)) return { kind: 'dns', host: context.host };
  if (code === PIN_MISMATCH_CODE) return { kind: 'tls-pin-mismatch', subject, fingerprint256 };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { kind: 'tls-hostname', host: context.host, subject };
  if (code === 'CERT_HAS_EXPIRED') return { kind: 'tls-expired', subject, validTo: validTo(presented) };
  if (UNTRUSTED_CHAIN_CODES.has(code)) {
    return context.pinned ? { kind: 'tls-pin-mismatch', subject, fingerprint256 } : { kind: 'tls-untrusted', subject, fingerprint256 };
  }
  if (TLS_CODE.test(code)) return { kind: 'tls-other', code };
  return { kind: 'network', code };
}

import type { X509Certificate } from 'node:crypto';
import type { Failure } from '../../app/failures';
import { PIN_MISMATCH_CODE, UNTRUSTED_CHAIN_CODES } from '../platform/trust';

export interface FailureContext {
  /** Host name from the gateway URL, for DNS and host-name messages. */
  readonly host: string;
  /** The leaf certificate the server presented, when the handshake got that far. */
  readonly presented: X509Certificate | null;
  /** Whether a pin is configured: then an unknown chain is reported as "not the pinned certificate". */
  readonly pinned: boolean;
  /** Whether the answer's head had been read when the error came. */
  readonly headersSeen?: boolean;
  /** The answer's status, when its head was read. */
  readonly status?: number | null;
}

/**
 * Answers undici refuses as a closed connection or an internal error although the gateway did
 * answer: each is worded as the answer it was (RFC 9110 §15.2: a client must accept 1xx interim
 * answers; undici accepts 102/103 but not 100, and a 101 it did not ask for ends the connection).
 */
function refusedAnswer(error: unknown, code: string, headersSeen: boolean, status: number | null): string | null {
  const message = error instanceof Error ? error.message : '';
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' && (status === 204 || status === 304)) return `a ${status} answer declaring a body, which a ${status} cannot have`;
  if (code === 'UND_ERR_SOCKET' && message === 'bad response') return 'an interim "100 Continue" answer, which the client does not accept';
  if (code === 'UND_ERR_SOCKET' && message === 'bad upgrade') return 'an unrequested "101 Switching Protocols"';
  if (code === 'ERR_ASSERTION') return 'a status code outside 100–599';
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' && !headersSeen) return 'the answer head is not valid HTTP/1.1 (Content-Length)';
  return null;
}

/** The connection was closed or reset (undici: 'other side closed', or an answer cut short). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
/** No connection in time, or no route to the host. */
const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** undici refused what came back as HTTP (llhttp's HPE_* codes, or a head too large to be a gateway's). */
const NOT_HTTP_CODE = /^HPE_|^UND_ERR_HEADERS_OVERFLOW$/;
/** llhttp's reason inside undici's message: "Response does not match the HTTP/1.1 protocol (Expected LF after CR)". */
const PARSER_REASON = /\(([^()]{1,120})\)\s*$/;

/**
 * The parser's reason when `error` is undici refusing an answer as HTTP, else null. undici 7 names
 * the error HTTPParserError but leaves its code unset, so the reason is read from its message.
 */
export function parserReason(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = errorCode(error);
  if (error.name !== 'HTTPParserError' && !NOT_HTTP_CODE.test(code)) return null;
  return PARSER_REASON.exec(error.message)?.[1] ?? (code !== 'UNKNOWN' ? code : 'not HTTP/1.1');
}
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

/** Turns a socket, DNS, TLS or HTTP-parser error from Node or undici into the typed failure the person sees. */
export function failureFromError(error: unknown, context: FailureContext): Failure {
  const code = errorCode(error);
  const { presented } = context;
  const subject = certificateSubject(presented);
  const fingerprint256 = presented?.fingerprint256 ?? 'unknown';

  if (code === 'ECONNREFUSED') return { kind: 'connection-refused' };
  const refused = refusedAnswer(error, code, context.headersSeen === true, context.status ?? null);
  if (refused !== null) return { kind: 'not-http', reason: refused };
  if (RESET_CODES.has(code)) return { kind: 'connection-reset' };
  if (UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', code };
  const reason = parserReason(error);
  if (reason !== null) return { kind: 'not-http', reason };
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

/**
 * Why a delivery to the syslog collector failed, in words IT can act on (English and Chinese),
 * from the Node error of the TLS or TCP connection. The log line carries the code; Settings
 * and the diagnostics bundle carry the sentence.
 */
import { noticeIn, type Notice } from '../../app/i18n/notice';
import { notice, NOTICES } from '../../app/i18n/notices';

export interface ForwardingFailure {
  /** A short stable code: the Node/OpenSSL error code, or one of ours (timeout, closed-early, …). */
  readonly code: string;
  /** The log's reason field. */
  readonly reason: 'tls-refused' | 'no-tls' | 'stalled' | 'unreachable' | 'refused' | 'dropped' | 'local';
  readonly message: Notice;
}

/** OpenSSL's verification failures as Node names them: the collector's certificate is not trusted. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

/** OpenSSL's words for "what came back is not TLS at all". */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LENGTH_MISMATCH']);

export function describeForwardingError(error: unknown, collector: string, phase: 'connect' | 'deliver'): ForwardingFailure {
  const code = String((error as { code?: unknown } | null)?.code ?? (error instanceof Error ? error.message : 'unknown')).slice(0, 60);
  // Set by syslog-session.ts: the TCP connection opened, then closed with no TLS byte from the collector.
  if (code === 'closed-before-tls') {
    return { code, reason: 'no-tls', message: notice('forwarding.closedBeforeTls', { collector }) };
  }
  if (NOT_TLS.has(code)) {
    return { code, reason: 'no-tls', message: notice('forwarding.notTls', { collector, code }) };
  }
  // Set by syslog-session.ts: connected, then no progress for the write timeout.
  if (code === 'stalled') {
    const seconds = Number((error as { timeoutMs?: unknown }).timeoutMs ?? 0) / 1000;
    return { code, reason: 'stalled', message: notice('forwarding.stalled', { collector, seconds: seconds.toFixed(1) }) };
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      code,
      reason: 'tls-refused',
      message: notice('forwarding.untrusted', { collector, code }),
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code,
      reason: 'tls-refused',
      message: notice('forwarding.hostname', { collector }),
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      code,
      reason: 'refused',
      message: notice('forwarding.refused', { collector }),
    };
  }
  if (['ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'timeout'].includes(code)) {
    return {
      code,
      reason: 'unreachable',
      message: notice('forwarding.unreachable', { collector, code }),
    };
  }
  if (code.startsWith('ERR_SSL') || (phase === 'connect' && ['ECONNRESET', 'EPIPE', 'closed-early', 'peer-refused', 'EPROTO'].includes(code))) {
    return {
      code,
      reason: 'tls-refused',
      message: notice('forwarding.closedEarly', { collector, code }),
    };
  }
  if (code.startsWith('local-')) {
    const detail = (error as { detail?: Notice } | null)?.detail;
    return {
      code,
      reason: 'local',
      message: noticeIn((language) => NOTICES[language]['forwarding.local']({ detail: detail?.[language] ?? (error instanceof Error ? error.message : code) })),
    };
  }
  return {
    code,
    reason: 'dropped',
    message: notice('forwarding.dropped', { collector, code }),
  };
}

/** A problem on this workstation (an unreadable CA or key file): not the collector's fault. The log gets the English. */
export function localForwardingError(code: string, detail: Notice): Error & { code: string; detail: Notice } {
  return Object.assign(new Error(detail.en), { code: `local-${code}`, detail });
}

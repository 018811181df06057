/**
 * Why a delivery to the syslog collector failed, in words IT can act on (English and Chinese),
 * from the Node error of the TLS or TCP connection. The log line carries the code; Settings
 * and the diagnostics bundle carry the sentence.
 */
import type { Notice } from '../../app/i18n/notice';

export interface ForwardingFailure {
  /** A short stable code: the Node/OpenSSL error code, or one of ours (timeout, closed-early, …). */
  readonly code: string;
  /** 'tls-refused' | 'unreachable' | 'refused' | 'dropped' | 'local' — the log's reason field. */
  readonly reason: 'tls-refused' | 'unreachable' | 'refused' | 'dropped' | 'local';
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

export function describeForwardingError(error: unknown, collector: string, phase: 'connect' | 'deliver'): ForwardingFailure {
  const code = String((error as { code?: unknown } | null)?.code ?? (error instanceof Error ? error.message : 'unknown')).slice(0, 60);
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      code,
      reason: 'tls-refused',
      message: {
        en: `TLS refused: the certificate of the collector ${collector} is not trusted (${code}). Check the policy's caFile names the CA that issued it.`,
        'zh-CN': `TLS 被拒绝：日志收集器 ${collector} 的证书不受信任（${code}）。请检查策略中的 caFile 是否为签发该证书的 CA。`,
      },
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code,
      reason: 'tls-refused',
      message: {
        en: `TLS refused: the certificate of the collector ${collector} does not name that host. Use the host name the certificate names.`,
        'zh-CN': `TLS 被拒绝：日志收集器 ${collector} 的证书不包含该主机名。请使用证书中的主机名。`,
      },
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      code,
      reason: 'refused',
      message: {
        en: `The collector ${collector} refused the connection: nothing listens on that port, or a firewall rejects it.`,
        'zh-CN': `日志收集器 ${collector} 拒绝了连接：该端口无服务监听，或被防火墙拒绝。`,
      },
    };
  }
  if (['ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'timeout'].includes(code)) {
    return {
      code,
      reason: 'unreachable',
      message: {
        en: `The collector ${collector} is unreachable (${code}): check the host name, the network and the firewall.`,
        'zh-CN': `无法访问日志收集器 ${collector}（${code}）：请检查主机名、网络和防火墙。`,
      },
    };
  }
  if (code.startsWith('ERR_SSL') || (phase === 'connect' && ['ECONNRESET', 'EPIPE', 'closed-early', 'peer-refused', 'EPROTO'].includes(code))) {
    return {
      code,
      reason: 'tls-refused',
      message: {
        en: `TLS refused: the collector ${collector} closed the connection before accepting any record (${code}). It may require a client certificate this workstation does not have or that it does not accept, or it does not speak TLS on that port.`,
        'zh-CN': `TLS 被拒绝：日志收集器 ${collector} 在接受任何记录之前关闭了连接（${code}）。它可能要求本工作站没有或不被接受的客户端证书，或该端口不使用 TLS。`,
      },
    };
  }
  if (code.startsWith('local-')) {
    return {
      code,
      reason: 'local',
      message: {
        en: `Audit forwarding cannot start: ${error instanceof Error ? error.message : code}`,
        'zh-CN': `审计转发无法启动：${error instanceof Error ? error.message : code}`,
      },
    };
  }
  return {
    code,
    reason: 'dropped',
    message: {
      en: `The collector ${collector} dropped the connection before it acknowledged the records (${code}); they are sent again.`,
      'zh-CN': `日志收集器 ${collector} 在确认记录之前断开了连接（${code}）；这些记录将重新发送。`,
    },
  };
}

/** A problem on this workstation (an unreadable CA or key file): not the collector's fault. */
export function localForwardingError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code: `local-${code}` });
}

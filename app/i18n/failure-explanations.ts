import type { Failure } from '../failures';
import type { Notice } from './notice';
import type { Language } from './language';
import { describeRetcode } from './retcodes';

type Phrase = (f: never) => string;
type Phrases = { [K in Failure['kind']]: (f: Extract<Failure, { kind: K }>) => string };

const EN: Phrases = {
  validation: (f) => f.message,
  retcode: (f) =>
    describeRetcode(f.retcode, 'en') ??
    `The gateway answered with unknown code ${f.retcode}${f.gatewayMessage ? ` (“${f.gatewayMessage}”)` : ''}. Report it to IT with the log.`,
  'http-status': (f) => `The gateway answered HTTP ${f.status} instead of a result. Check the gateway URL; if it is right, the gateway may be down: call IT.`,
  'not-json': (f) =>
    `The server answered with ${f.contentType ?? 'an unknown type of content'} instead of a CC-Gateway result. Check that the gateway URL points at the agent gateway (port 8043), not a web page or proxy.`,
  'bad-shape': (f) => `The gateway's answer was not a valid CC-Gateway result (${f.detail}). Check the gateway URL or report it to IT.`,
  'too-large': (f) => `The gateway's answer was larger than ${Math.round(f.limitBytes / 1024)} KiB and was cut off. Check the gateway URL or report it to IT.`,
  'connection-refused': () => 'The gateway refused the connection. Check the gateway URL and port (usually 8043), or whether the gateway is running.',
  'connection-reset': () => 'The connection to the gateway was cut while waiting for the answer. Try again; if it repeats, check the network or call IT.',
  unreachable: (f) => `The gateway could not be reached (${f.code}). Check the network (VPN, firewall) and the gateway URL; if both are right, call IT.`,
  'not-http': (f) =>
    `The gateway answered, but not in valid HTTP (${f.reason}), so the answer was refused. Check that the gateway URL points at the agent gateway (port 8043); if it does, report it to IT with the log.`,
  dns: (f) => `The gateway host name “${f.host}” could not be found. Check the gateway URL and your network.`,
  'tls-untrusted': (f) =>
    `The gateway's certificate is not trusted (subject ${f.subject}, SHA-256 ${f.fingerprint256}). Ask IT for the site's CA certificate and set it as the CA file, or pin this fingerprint if IT confirms it.`,
  'tls-pin-mismatch': (f) =>
    `The gateway's certificate (subject ${f.subject}, SHA-256 ${f.fingerprint256}) does not match the pinned fingerprint. Do not continue: ask IT whether the certificate was renewed.`,
  'tls-hostname': (f) =>
    `The gateway's certificate (subject ${f.subject}) was not issued for “${f.host}”. Use the host name the certificate names, or ask IT for a matching certificate.`,
  'tls-expired': (f) => `The gateway's certificate (subject ${f.subject}) expired on ${f.validTo}. Ask IT to renew it.`,
  'tls-other': (f) => `A secure connection to the gateway could not be made (${f.code}). Check the gateway URL and certificate settings.`,
  timeout: (f) => `The gateway did not answer within ${(f.timeoutMs / 1000).toFixed(1)} s. Try again; if it repeats, check the network or call IT.`,
  network: (f) => `A network error stopped the request (${f.code}). Check the network connection and try again.`,
  internal: (f) =>
    `Whisper Control hit an internal error (${f.code}); the whisper may still be running. Press Stop again, or check in the gateway console; if it repeats, report it to IT with the log.`,
  'not-signed-in': () => 'You are not signed in. Sign in first.',
  'whisper-may-continue': (f) =>
    `Your gateway session has ended${f.retcode ? ` (${f.retcode})` : ''}, so the stop did not reach the gateway and the whisper may still be running there. Sign in again and stop it.`,
  'not-configured': (f) => `No gateway is configured: ${f.detail.en}`,
  keychain: (f) => `The system keychain is unavailable: ${f.detail}`,
};

const ZH: Phrases = {
  validation: (f) => f.zh ?? f.message,
  retcode: (f) =>
    describeRetcode(f.retcode, 'zh-CN') ??
    `网关返回未知错误码 ${f.retcode}${f.gatewayMessage ? `（“${f.gatewayMessage}”）` : ''}。请将日志提供给 IT。`,
  'http-status': (f) => `网关返回 HTTP ${f.status}，而不是结果。请检查网关地址；若地址正确，网关可能已停止，请联系 IT。`,
  'not-json': (f) => `服务器返回了 ${f.contentType ?? '未知类型的内容'}，而不是 CC-Gateway 结果。请确认网关地址指向坐席网关（端口 8043），而不是网页或代理。`,
  'bad-shape': (f) => `网关的应答不是有效的 CC-Gateway 结果（${f.detail}）。请检查网关地址或联系 IT。`,
  'too-large': (f) => `网关应答超过 ${Math.round(f.limitBytes / 1024)} KiB，已被截断。请检查网关地址或联系 IT。`,
  'connection-refused': () => '网关拒绝连接。请检查网关地址和端口（通常为 8043），或网关是否在运行。',
  'connection-reset': () => '等待应答时与网关的连接被中断。请重试；若反复出现，请检查网络或联系 IT。',
  unreachable: (f) => `无法连接到网关（${f.code}）。请检查网络（VPN、防火墙）和网关地址；若都正确，请联系 IT。`,
  'not-http': (f) => `网关有应答，但不是有效的 HTTP（${f.reason}），应答已被拒绝。请确认网关地址指向坐席网关（端口 8043）；若正确，请将日志提供给 IT。`,
  dns: (f) => `找不到网关主机名“${f.host}”。请检查网关地址和网络。`,
  'tls-untrusted': (f) => `网关证书不受信任（主题 ${f.subject}，SHA-256 ${f.fingerprint256}）。请向 IT 索取站点 CA 证书并设为 CA 文件，或经 IT 确认后固定此指纹。`,
  'tls-pin-mismatch': (f) => `网关证书（主题 ${f.subject}，SHA-256 ${f.fingerprint256}）与固定的指纹不符。请勿继续，并询问 IT 证书是否已更换。`,
  'tls-hostname': (f) => `网关证书（主题 ${f.subject}）不是为“${f.host}”签发的。请使用证书中的主机名，或向 IT 索取匹配的证书。`,
  'tls-expired': (f) => `网关证书（主题 ${f.subject}）已于 ${f.validTo} 过期。请联系 IT 更新证书。`,
  'tls-other': (f) => `无法与网关建立安全连接（${f.code}）。请检查网关地址和证书设置。`,
  timeout: (f) => `网关在 ${(f.timeoutMs / 1000).toFixed(1)} 秒内没有应答。请重试；若反复出现，请检查网络或联系 IT。`,
  network: (f) => `网络错误导致请求失败（${f.code}）。请检查网络连接后重试。`,
  internal: (f) => `Whisper Control 发生内部错误（${f.code}），耳语可能仍在进行。请再按一次“停止”，或在网关控制台中查看；若反复出现，请将日志提供给 IT。`,
  'not-signed-in': () => '尚未签入。请先签入。',
  'whisper-may-continue': (f) => `网关会话已结束${f.retcode ? `（${f.retcode}）` : ''}，停止请求未送达网关，耳语可能仍在网关上进行。请重新签入后再停止。`,
  'not-configured': (f) => `尚未配置网关：${f.detail['zh-CN']}`,
  keychain: (f) => `系统钥匙串不可用：${f.detail}`,
};

export const FAILURE_EXPLANATIONS: Readonly<Record<Language, Phrases>> = { en: EN, 'zh-CN': ZH };

export function describeFailure(failure: Failure, language: Language = 'en'): string {
  const phrases = FAILURE_EXPLANATIONS[language];
  return (phrases[failure.kind] as Phrase)(failure as never);
}

/** A failure worded in every panel language. */
export type Explanation = Notice;

/**
 * Main attaches this to every failure it sends the panel, so the catalogue (the
 * bulk of the panel's own text) stays out of the renderer's JavaScript budget and
 * the panel can still switch language on a result it already shows.
 */
export function explainFailure(failure: Failure): Explanation {
  return { en: describeFailure(failure, 'en'), 'zh-CN': describeFailure(failure, 'zh-CN') };
}

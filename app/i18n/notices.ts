/**
 * The notices main words for the panel and the tray: why no gateway is in use, what happened to
 * the settings file, the keychain, and the forwarding of the audit trail. Main builds them with
 * `notice(key, params)`; values in the parameters (codes, paths, host names) are shown as given.
 */
import { noticeOf, type ParamsOf, type Translations } from './catalogue';
import type { Notice } from './notice';

/** The PEM files the policy's auditForwarding section names. */
export type ForwardingFile = 'caFile' | 'clientCertFile' | 'clientKeyFile';
const FORWARDING_FILE_EN: Record<ForwardingFile, string> = { caFile: 'CA file', clientCertFile: 'client certificate', clientKeyFile: 'client key' };
const FORWARDING_FILE_ZH: Record<ForwardingFile, string> = { caFile: 'CA 文件', clientCertFile: '客户端证书', clientKeyFile: '客户端密钥' };

const KEYCHAIN_NOT_KEPT_EN = 'Guid not kept: the system keychain is unavailable: ';
const KEYCHAIN_NOT_KEPT_ZH = '未保存登录凭据：系统钥匙串不可用：';

/** A reason that ends a sentence of its own loses its full stop where the notice's sentence goes on. */
const withoutFullStop = (text: string) => text.replace(/[.。]$/, '');

const EN = {
  // Why the session has no gateway client (main/session/session-host.ts).
  'gateway.starting': 'the app is starting.',
  'gateway.noAgentId': 'set your agent ID (work number) in settings.',
  'gateway.reconfiguring': 'the gateway is being reconfigured; try again in a moment.',
  'gateway.noUrl': 'set the gateway URL (https://host:8043) in settings.',
  'gateway.demoFailed': (p: { code: string }) => `the demo gateway could not start (${p.code}).`,
  'gateway.settingsUnusable': (p: { reason: string }) => p.reason,
  'gateway.caUnreadable': (p: { caFile: string; code: string }) =>
    `the CA file ${p.caFile} could not be read (${p.code}). Check the path in settings.`,

  // The gateway session (main/session).
  'session.expired': 'Session expired, sign in again.',
  'session.notResumed': (p: { reason: string }) => `The previous session could not be resumed: ${p.reason}`,

  // The settings file and the admin policy (main/settings).
  'settings.reset': (p: { reasons: string }) => `These settings did not fit and were reset: ${p.reasons}`,
  'settings.policyInvalid': (p: { path: string; problem: string }) =>
    `The administrator's policy file ${p.path} is invalid: ${withoutFullStop(p.problem)}. Whisper Control will not contact a gateway until IT corrects it.`,
  'settings.unreadable': (p: { code: string }) => `Your settings could not be read (${p.code}); defaults are in use.`,
  'settings.movedAside': (p: { problem: string; aside: string }) =>
    `Your settings file was damaged (${p.problem}). It was kept as ${p.aside} and default settings were loaded; please check your settings.`,
  'settings.notMovedAside': (p: { problem: string; code: string }) =>
    `Your settings file was damaged (${p.problem}) and could not be moved aside (${p.code}); default settings were loaded.`,

  // The OS keychain (main/vault).
  'keychain.notKept': KEYCHAIN_NOT_KEPT_EN,
  'keychain.unavailable': (p: { detail: string }) =>
    `${KEYCHAIN_NOT_KEPT_EN}${p.detail}. This session works until you quit, then you must sign in again.`,

  // Forwarding the audit trail to the site's syslog collector (main/audit).
  'forwarding.untrusted': (p: { collector: string; code: string }) =>
    `TLS refused: the certificate of the collector ${p.collector} is not trusted (${p.code}). Check that the policy's caFile, or the OS trust store, holds the CA that issued it.`,
  'forwarding.hostname': (p: { collector: string }) =>
    `TLS refused: the certificate of the collector ${p.collector} does not name that host. Use the host name the certificate names.`,
  'forwarding.refused': (p: { collector: string }) =>
    `The collector ${p.collector} refused the connection: nothing listens on that port, or a firewall rejects it.`,
  'forwarding.unreachable': (p: { collector: string; code: string }) =>
    `The collector ${p.collector} is unreachable (${p.code}): check the host name, the network and the firewall.`,
  'forwarding.closedEarly': (p: { collector: string; code: string }) =>
    `TLS refused: the collector ${p.collector} closed the connection before accepting any record (${p.code}). It may require a client certificate this workstation does not have or that it does not accept, or it does not speak TLS on that port.`,
  'forwarding.closedBeforeTls': (p: { collector: string }) =>
    `The collector ${p.collector} accepted the connection and closed it before any TLS handshake: no collector is behind that address (a load balancer with no healthy member), or the service there is down.`,
  'forwarding.notTls': (p: { collector: string; code: string }) =>
    `The collector ${p.collector} did not answer in TLS (${p.code}): that port speaks plain syslog or another protocol. Point the policy at the collector's TLS port (usually 6514).`,
  'forwarding.stalled': (p: { collector: string; seconds: string }) =>
    `The collector ${p.collector} accepted the connection but stopped reading for ${p.seconds} s; the records are sent again when it answers.`,
  'forwarding.local': (p: { detail: string }) => `Audit forwarding cannot start: ${p.detail}`,
  'forwarding.fileUnreadable': (p: { what: ForwardingFile; file: string; code: string }) => `the ${FORWARDING_FILE_EN[p.what]} ${p.file} cannot be read (${p.code}).`,
  'forwarding.dropped': (p: { collector: string; code: string }) =>
    `The collector ${p.collector} dropped the connection before it acknowledged the records (${p.code}); they are sent again.`,
  'forwarding.overCeiling': (p: { megabytes: string; ceilingMB: number; backlog: number; collector: string }) =>
    `The local audit trail holds ${p.megabytes} MB, over the ${p.ceilingMB} MB ceiling, because ${p.backlog} records have not reached the collector ${p.collector}. Nothing is deleted until they have; please tell IT.`,
};

type NoticeBook = typeof EN;

const ZH: NoticeBook = {
  'gateway.starting': '应用正在启动。',
  'gateway.noAgentId': '请在设置中填写您的座席工号。',
  'gateway.reconfiguring': '正在重新配置网关，请稍后重试。',
  'gateway.noUrl': '请在设置中填写网关地址（https://主机:8043）。',
  'gateway.demoFailed': (p) => `演示网关无法启动（${p.code}）。`,
  'gateway.settingsUnusable': (p) => `网关设置无法使用（${p.reason}）。`,
  'gateway.caUnreadable': (p) => `无法读取 CA 文件 ${p.caFile}（${p.code}）。请检查设置中的路径。`,

  'session.expired': '会话已过期，请重新签入。',
  'session.notResumed': (p) => `无法恢复上次的会话：${p.reason}`,

  'settings.reset': (p) => `以下设置不再适用，已被重置：${p.reasons}`,
  'settings.policyInvalid': (p) => `管理员策略文件 ${p.path} 无效：${withoutFullStop(p.problem)}。在 IT 修正之前，Whisper Control 不会连接任何网关。`,
  'settings.unreadable': (p) => `无法读取您的设置（${p.code}），正在使用默认设置。`,
  'settings.movedAside': (p) => `您的设置文件已损坏（${p.problem}），已另存为 ${p.aside}，并加载了默认设置；请检查您的设置。`,
  'settings.notMovedAside': (p) => `您的设置文件已损坏（${p.problem}），且无法另存（${p.code}）；已加载默认设置。`,

  'keychain.notKept': KEYCHAIN_NOT_KEPT_ZH,
  'keychain.unavailable': (p) => `${KEYCHAIN_NOT_KEPT_ZH}${p.detail}。本次会话在退出前有效，之后需要重新签入。`,

  'forwarding.untrusted': (p) => `TLS 被拒绝：日志收集器 ${p.collector} 的证书不受信任（${p.code}）。请检查策略中的 caFile 或操作系统信任存储是否包含签发该证书的 CA。`,
  'forwarding.hostname': (p) => `TLS 被拒绝：日志收集器 ${p.collector} 的证书不包含该主机名。请使用证书中的主机名。`,
  'forwarding.refused': (p) => `日志收集器 ${p.collector} 拒绝了连接：该端口无服务监听，或被防火墙拒绝。`,
  'forwarding.unreachable': (p) => `无法访问日志收集器 ${p.collector}（${p.code}）：请检查主机名、网络和防火墙。`,
  'forwarding.closedEarly': (p) =>
    `TLS 被拒绝：日志收集器 ${p.collector} 在接受任何记录之前关闭了连接（${p.code}）。它可能要求本工作站没有或不被接受的客户端证书，或该端口不使用 TLS。`,
  'forwarding.closedBeforeTls': (p) =>
    `日志收集器 ${p.collector} 接受了连接，但在 TLS 握手之前就关闭了连接：该地址后面没有可用的收集器（负载均衡器没有健康的成员），或该服务已停止。`,
  'forwarding.notTls': (p) => `日志收集器 ${p.collector} 没有用 TLS 应答（${p.code}）：该端口使用明文 syslog 或其他协议。请在策略中填写收集器的 TLS 端口（通常为 6514）。`,
  'forwarding.stalled': (p) => `日志收集器 ${p.collector} 接受了连接，但已有 ${p.seconds} 秒没有读取数据；待其恢复后将重新发送这些记录。`,
  'forwarding.local': (p) => `审计转发无法启动：${p.detail}`,
  'forwarding.fileUnreadable': (p) => `${FORWARDING_FILE_ZH[p.what]} ${p.file} 无法读取（${p.code}）。`,
  'forwarding.dropped': (p) => `日志收集器 ${p.collector} 在确认记录之前断开了连接（${p.code}）；这些记录将重新发送。`,
  'forwarding.overCeiling': (p) =>
    `本地审计记录已达 ${p.megabytes} MB，超过 ${p.ceilingMB} MB 上限，因为有 ${p.backlog} 条记录尚未送达日志收集器 ${p.collector}。在送达之前不会删除任何记录；请通知 IT。`,
};

export const NOTICES: Translations<NoticeBook> = { en: EN, 'zh-CN': ZH };

export type NoticeKey = keyof NoticeBook;

export function notice<K extends NoticeKey>(key: K, ...params: ParamsOf<NoticeBook[K]>): Notice {
  return noticeOf(NOTICES, key, ...params);
}

/**
 * What main says when an input is refused: a settings value, an IPC request, a gateway request
 * or client option. Each sentence names the field and what a valid value looks like, and never
 * quotes a secret. The agent-ID messages, which the panel also uses, are in agent-id.ts.
 */
import { noticeOf, type ParamsOf, type Translations } from './catalogue';
import type { Notice } from './notice';

type ShortcutField = 'stopShortcut' | 'backToListenShortcut';
type MinutesField = 'reminderAfterMinutes' | 'reminderRepeatMinutes';

const SHORTCUT_EN: Record<ShortcutField, string> = { stopShortcut: 'Stop shortcut', backToListenShortcut: 'Back-to-listen shortcut' };
const SHORTCUT_ZH: Record<ShortcutField, string> = { stopShortcut: '停止快捷键', backToListenShortcut: '返回监听快捷键' };
const MINUTES_EN: Record<MinutesField, string> = { reminderAfterMinutes: 'Reminder time (0 turns it off)', reminderRepeatMinutes: 'Reminder repeat' };
const MINUTES_ZH: Record<MinutesField, string> = { reminderAfterMinutes: '提醒时间（0 为关闭）', reminderRepeatMinutes: '重复提醒间隔' };
const URL_EXAMPLE_EN = 'such as https://gateway.example.com:8043';
const URL_EXAMPLE_ZH = '例如 https://gateway.example.com:8043';

const EN = {
  // Settings values (main/settings/schema.ts).
  'settings.gatewayUrl': 'Gateway URL must be https://host:port (for example https://gateway.example.com:8043), with no path, user name or query.',
  'settings.gatewayUrlScheme': (p: { scheme: string }) => `Gateway URL must use https:// (the gateway is never contacted over ${p.scheme}).`,
  'settings.agentId': 'Agent ID must be a work number such as 1001.',
  'settings.phoneType': 'Phone number must be your softphone number (digits only).',
  'settings.phoneFormat': 'Phone number must be your softphone number: digits only, at most 24.',
  'settings.caFile': 'CA file must be the full path of a PEM file.',
  'settings.caFileTooLong': 'CA file path is too long.',
  'settings.caFileNotAbsolute': 'CA file must be a full path (for example C:\\certs\\site-ca.pem or /etc/ssl/site-ca.pem).',
  'settings.pin': 'Certificate pin must be a SHA-256 fingerprint: 32 pairs of hex digits separated by colons (AB:CD:…).',
  'settings.pins': (p: { max: number }) =>
    `certificatePins must be a list of up to ${p.max} SHA-256 fingerprints, for example ["AB:CD:…", "12:34:…"] (the current certificate and the next).`,
  'settings.timeoutType': 'Request timeout must be a number of milliseconds.',
  'settings.timeoutWhole': 'Request timeout must be a whole number of milliseconds.',
  'settings.timeoutMin': (p: { min: number }) => `Request timeout must be at least ${p.min} ms.`,
  'settings.timeoutMax': (p: { max: number }) => `Request timeout must be at most ${p.max} ms.`,
  'settings.upperBound': (p: { classic: number; vcc: number }) =>
    `Agent-ID upper bound must be ${p.classic} (VDN gateways) or ${p.vcc} (VCC gateways, 2025).`,
  'settings.shortcutType': (p: { field: ShortcutField }) => `${SHORTCUT_EN[p.field]} must be a key combination such as CommandOrControl+Alt+S.`,
  'settings.shortcutFormat': (p: { field: ShortcutField }) =>
    `${SHORTCUT_EN[p.field]} must be one or more modifiers and a key, such as CommandOrControl+Alt+S.`,
  'settings.language': 'Language must be system, en or zh-CN.',
  'settings.startAtLogin': 'Start at login must be true or false.',
  'settings.minutesType': (p: { field: MinutesField }) => `${MINUTES_EN[p.field]} must be a number of minutes.`,
  'settings.minutesWhole': (p: { field: MinutesField }) => `${MINUTES_EN[p.field]} must be a whole number of minutes.`,
  'settings.minutesMin': (p: { field: MinutesField; min: number }) => `${MINUTES_EN[p.field]} must be at least ${p.min} minute${p.min === 1 ? '' : 's'}.`,
  'settings.minutesMax': (p: { field: MinutesField; max: number }) => `${MINUTES_EN[p.field]} must be at most ${p.max} minutes.`,
  'settings.bargeGuard': 'Barge guard must be true or false.',
  'settings.notAnObject': 'Settings must be a JSON object of setting names and values.',
  'settings.secretKey': (p: { key: string }) => `“${p.key}” cannot be saved: passwords and session keys are never stored.`,
  'settings.unknownKey': (p: { key: string }) => `“${p.key}” is not a setting Whisper Control knows.`,
  'settings.locked': (p: { key: string }) => `“${p.key}” is locked by your administrator's policy and cannot be changed here.`,
  'settings.invalid': 'The settings are not valid.',
  'settings.field': (p: { path: string; problem: string }) => `${p.path}: ${p.problem}`,
  'settings.notJson': (p: { detail: string }) => `not valid JSON: ${p.detail}`,

  // The admin policy (main/settings/policy.ts): why a policy is refused, shown inside 'settings.policyInvalid'.
  'policy.unreadable': (p: { code: string }) => `it cannot be read (${p.code})`,
  'policy.notJson': (p: { detail: string }) => `it is not valid JSON (${p.detail})`,
  'policy.notAnObject': 'it must be a JSON object with "defaults", "locked", "auditForwarding" and/or "updates"',
  'policy.sectionNotAnObject': (p: { section: string }) => `${p.section} must be a JSON object of keys and values.`,
  'policy.unknownKey': (p: { path: string }) => `${p.path}: not a known policy key`,
    'policy.valuesDoNotFit': (p: { reasons: string }) => `its values do not fit together (${p.reasons})`,

  // The policy's auditForwarding section (main/audit/forwarding-policy.ts).
  'forwarding.hostType': 'host must be the collector’s host name or IP address.',
  'forwarding.hostFormat': 'host must be a host name or IP address only (no scheme, port or path), for example logs.example.com.',
  'forwarding.portType': 'port must be a number.',
  'forwarding.portWhole': 'port must be a whole number.',
  'forwarding.portRange': 'port must be between 1 and 65535.',
  'forwarding.transport': 'transport must be "tls" (the default) or "tcp" (plain, unencrypted).',
  'forwarding.pemFile': (p: { field: string }) => `${p.field} must be the full path of a PEM file.`,
  'forwarding.pemFileTooLong': (p: { field: string }) => `${p.field} path is too long.`,
  'forwarding.pemFileNotAbsolute': (p: { field: string }) => `${p.field} must be a full path (for example /etc/whisper-control/site-ca.pem).`,
  'forwarding.facility': 'facility must be a syslog facility name (local0 … local7, auth, authpriv, …) or a number 0–23.',
  'forwarding.appNameType': 'appName must be text.',
  'forwarding.appNameFormat': 'appName must be 1 to 48 printable ASCII characters without spaces (RFC 5424 APP-NAME).',
  'forwarding.spoolType': 'spoolCeilingMB must be a number of megabytes.',
  'forwarding.spoolWhole': 'spoolCeilingMB must be a whole number of megabytes.',
  'forwarding.spoolMin': 'spoolCeilingMB must be at least 1.',
  'forwarding.spoolMax': 'spoolCeilingMB must be at most 4096.',
  'forwarding.clientPair': 'clientCertFile and clientKeyFile go together: set both or neither.',
  'forwarding.tcpPlain': 'transport "tcp" is plain and unencrypted: remove caFile/clientCertFile, or use "tls".',

  // The policy's updates section (main/settings/updates-policy.ts).
  'updates.enabled': 'enabled must be true or false.',
  'updates.urlType': 'url must be the https:// address of the update feed.',
  'updates.urlFormat': 'url must be an https:// address of the update feed, for example https://updates.example.internal/whisper-control/.',
  'updates.urlRequired': 'url is required when updates are enabled.',
  'updates.channelType': 'channel must be text.',
  'updates.channelFormat': 'channel must be a channel name such as latest or beta (lower-case letters, digits, hyphens).',

  // IPC requests from the panel (main/ipc).
  'request.invalid': 'The request was not valid.',
  'request.unknownField': (p: { key: string }) => `The request has a field “${p.key}” that this action does not take.`,
  'request.notFromPanel': 'This request did not come from the Whisper Control panel and was refused.',
  'request.unhandled': 'The request could not be handled. Try again; if it repeats, export diagnostics for IT.',
  'request.fieldProblem': (p: { field: string; problem: string }) => `${p.field}: ${p.problem}`,
  'request.mode': 'Mode must be one of listen, insert or whisper.',
  'request.confirmed': 'confirmed must be true or false.',
  'request.passwordType': 'The password must be text.',
  'request.passwordMissing': 'Enter your password.',
  'request.passwordTooLong': (p: { max: number }) => `The password is at most ${p.max} characters.`,
  'request.force': 'force must be true or false.',

  // Sign-in and guarded actions (main/session, main/actions).
  'session.signingIn': 'A sign-in is already in progress.',
  'session.alreadySignedIn': (p: { agentId: string }) => `Agent ${p.agentId} is already signed in here. Sign out first.`,
  'session.noPhone': 'Set your softphone number in settings before signing in.',
  'session.noPassword': 'Enter your password to sign in.',
  'action.confirmIntercept':
    'If you take over, the customer moves to you and the agent is released from the call. Confirm to take over, or keep monitoring.',
  'action.confirmBarge': 'Switching to insert lets the customer hear you. Confirm to barge in, or stay in whisper or listen.',

  // Gateway requests and client options (main/gateway).
  'gateway.mode': 'Mode must be listen, insert or whisper.',
  'gateway.guidMalformed': 'The session credential is malformed. Sign in again.',
  'signIn.body': 'Sign-in details are required (password and phone number).',
  'signIn.password': 'Password is required.',
  'signIn.phone': 'Phone number is required: the softphone number, up to 24 characters without spaces.',
  'signIn.flag': (p: { flag: string }) => `${p.flag} must be true or false.`,
  'signIn.agentType': 'agenttype must be 4 (PC + phone) or 11 (PC + phone, video).',
  'signIn.status': 'status must be 3 (busy), 4 (idle) or 5 (wrap-up).',
  'signIn.ip': 'ip must be an IPv4 address such as 127.0.0.1.',
  'client.urlRequired': `The gateway URL is required, ${URL_EXAMPLE_EN}.`,
  'client.urlInvalid': `The gateway URL is not a valid URL; use one ${URL_EXAMPLE_EN}.`,
  'client.urlNotHttps': `The gateway URL must start with https:// (the gateway only speaks HTTPS), ${URL_EXAMPLE_EN}.`,
  'client.urlCredentials': 'The gateway URL must not contain a user name or password.',
  'client.urlOriginOnly': `The gateway URL must be just scheme, host and port, ${URL_EXAMPLE_EN}.`,
  'client.positiveWhole': (p: { option: string; unit: 'milliseconds' | 'bytes' }) => `${p.option} must be a positive whole number of ${p.unit}.`,
  'client.caNotPem': 'The CA file must contain valid PEM certificates (-----BEGIN CERTIFICATE----- …). Ask IT for the site CA certificate in PEM format.',
  'client.caUnreadable': 'The CA file could not be read as PEM certificates. Ask IT for the site CA certificate in PEM format.',
  'client.pin': 'The certificate pin must be a SHA-256 fingerprint: 32 hex pairs such as AB:CD:…',
  'client.upperBound': (p: { min: number; max: number }) => `agentIdUpperBound must be a whole number from ${p.min} to ${p.max}.`,
};

type ValidationBook = typeof EN;

const ZH: ValidationBook = {
  'settings.gatewayUrl': '网关地址必须是 https://主机:端口（例如 https://gateway.example.com:8043），不含路径、用户名或查询参数。',
  'settings.gatewayUrlScheme': (p) => `网关地址必须使用 https://（绝不通过 ${p.scheme} 连接网关）。`,
  'settings.agentId': '质检员工号必须是工号，例如 1001。',
  'settings.phoneType': '电话号码必须是您的软电话号码（仅限数字）。',
  'settings.phoneFormat': '电话号码必须是您的软电话号码：仅限数字，最多 24 位。',
  'settings.caFile': 'CA 证书文件必须是 PEM 文件的完整路径。',
  'settings.caFileTooLong': 'CA 证书文件路径过长。',
  'settings.caFileNotAbsolute': 'CA 证书文件必须是完整路径（例如 C:\\certs\\site-ca.pem 或 /etc/ssl/site-ca.pem）。',
  'settings.pin': '证书指纹必须是 SHA-256 指纹：32 组以冒号分隔的两位十六进制数（AB:CD:…）。',
  'settings.pins': (p) => `certificatePins 必须是最多 ${p.max} 个 SHA-256 指纹的列表，例如 ["AB:CD:…", "12:34:…"]（当前证书和下一张证书）。`,
  'settings.timeoutType': '请求超时必须是毫秒数。',
  'settings.timeoutWhole': '请求超时必须是整数毫秒。',
  'settings.timeoutMin': (p) => `请求超时至少为 ${p.min} 毫秒。`,
  'settings.timeoutMax': (p) => `请求超时最多为 ${p.max} 毫秒。`,
  'settings.upperBound': (p) => `最大工号必须是 ${p.classic}（VDN 网关）或 ${p.vcc}（VCC 网关，2025 版）。`,
  'settings.shortcutType': (p) => `${SHORTCUT_ZH[p.field]}必须是按键组合，例如 CommandOrControl+Alt+S。`,
  'settings.shortcutFormat': (p) => `${SHORTCUT_ZH[p.field]}必须是一个或多个修饰键加一个键，例如 CommandOrControl+Alt+S。`,
  'settings.language': '语言必须是 system、en 或 zh-CN。',
  'settings.startAtLogin': '登录时启动必须是 true 或 false。',
  'settings.minutesType': (p) => `${MINUTES_ZH[p.field]}必须是分钟数。`,
  'settings.minutesWhole': (p) => `${MINUTES_ZH[p.field]}必须是整数分钟。`,
  'settings.minutesMin': (p) => `${MINUTES_ZH[p.field]}至少为 ${p.min} 分钟。`,
  'settings.minutesMax': (p) => `${MINUTES_ZH[p.field]}最多为 ${p.max} 分钟。`,
  'settings.bargeGuard': '插入前确认必须是 true 或 false。',
  'settings.notAnObject': '设置必须是由设置名和值组成的 JSON 对象。',
  'settings.secretKey': (p) => `“${p.key}”无法保存：密码和会话密钥从不保存。`,
  'settings.unknownKey': (p) => `“${p.key}”不是 Whisper Control 认识的设置。`,
  'settings.locked': (p) => `“${p.key}”已被管理员策略锁定，无法在此更改。`,
  'settings.invalid': '设置无效。',
  'settings.field': (p) => `${p.path}：${p.problem}`,
  'settings.notJson': (p) => `不是有效的 JSON：${p.detail}`,

  'policy.unreadable': (p) => `无法读取该文件（${p.code}）`,
  'policy.notJson': (p) => `它不是有效的 JSON（${p.detail}）`,
  'policy.notAnObject': '它必须是包含 "defaults"、"locked"、"auditForwarding" 和/或 "updates" 的 JSON 对象',
  'policy.sectionNotAnObject': (p) => `${p.section} 必须是由键和值组成的 JSON 对象。`,
  'policy.unknownKey': (p) => `${p.path}：不是已知的策略键`,
    'policy.valuesDoNotFit': (p) => `其中的值相互冲突（${p.reasons}）`,

  'forwarding.hostType': 'host 必须是日志收集器的主机名或 IP 地址。',
  'forwarding.hostFormat': 'host 只能是主机名或 IP 地址（不含协议、端口或路径），例如 logs.example.com。',
  'forwarding.portType': 'port 必须是数字。',
  'forwarding.portWhole': 'port 必须是整数。',
  'forwarding.portRange': 'port 必须在 1 到 65535 之间。',
  'forwarding.transport': 'transport 必须是 "tls"（默认）或 "tcp"（明文，未加密）。',
  'forwarding.pemFile': (p) => `${p.field} 必须是 PEM 文件的完整路径。`,
  'forwarding.pemFileTooLong': (p) => `${p.field} 路径过长。`,
  'forwarding.pemFileNotAbsolute': (p) => `${p.field} 必须是完整路径（例如 /etc/whisper-control/site-ca.pem）。`,
  'forwarding.facility': 'facility 必须是 syslog 设施名称（local0 … local7、auth、authpriv 等）或 0–23 的数字。',
  'forwarding.appNameType': 'appName 必须是文本。',
  'forwarding.appNameFormat': 'appName 必须是 1 到 48 个不含空格的可打印 ASCII 字符（RFC 5424 APP-NAME）。',
  'forwarding.spoolType': 'spoolCeilingMB 必须是兆字节数。',
  'forwarding.spoolWhole': 'spoolCeilingMB 必须是整数兆字节。',
  'forwarding.spoolMin': 'spoolCeilingMB 至少为 1。',
  'forwarding.spoolMax': 'spoolCeilingMB 最多为 4096。',
  'forwarding.clientPair': 'clientCertFile 和 clientKeyFile 必须同时设置或同时不设置。',
  'forwarding.tcpPlain': 'transport "tcp" 是明文且未加密：请删除 caFile/clientCertFile，或改用 "tls"。',

  'updates.enabled': 'enabled 必须是 true 或 false。',
  'updates.urlType': 'url 必须是更新源的 https:// 地址。',
  'updates.urlFormat': 'url 必须是更新源的 https:// 地址，例如 https://updates.example.internal/whisper-control/。',
  'updates.urlRequired': '开启更新时必须填写 url。',
  'updates.channelType': 'channel 必须是文本。',
  'updates.channelFormat': 'channel 必须是通道名称，例如 latest 或 beta（小写字母、数字、连字符）。',

  'request.invalid': '请求无效。',
  'request.unknownField': (p) => `请求包含此操作不接受的字段“${p.key}”。`,
  'request.notFromPanel': '此请求并非来自 Whisper Control 面板，已被拒绝。',
  'request.unhandled': '无法处理该请求。请重试；若反复出现，请导出诊断信息并提供给 IT。',
  'request.fieldProblem': (p) => `${p.field}：${p.problem}`,
  'request.mode': '模式只能是监听、插入或耳语之一。',
  'request.confirmed': 'confirmed 必须是 true 或 false。',
  'request.passwordType': '密码必须是文本。',
  'request.passwordMissing': '请输入密码。',
  'request.passwordTooLong': (p) => `密码最多 ${p.max} 个字符。`,
  'request.force': 'force 必须是 true 或 false。',

  'session.signingIn': '正在签入，请稍候。',
  'session.alreadySignedIn': (p) => `质检员 ${p.agentId} 已在此签入，请先签出。`,
  'session.noPhone': '签入前请在设置中填写软电话号码。',
  'session.noPassword': '请输入密码以签入。',
  'action.confirmIntercept': '接管后客户将转到您这里，坐席将被释放出通话。请确认接管，或继续监控。',
  'action.confirmBarge': '切换为插入后客户也能听到您。请确认插入，或保持耳语或监听。',

  'gateway.mode': '模式只能是监听、插入或耳语。',
  'gateway.guidMalformed': '会话凭据格式不正确，请重新签入。',
  'signIn.body': '请填写签入信息（密码和电话号码）。',
  'signIn.password': '请填写密码。',
  'signIn.phone': '请填写电话号码：软电话号码，最多 24 个字符，不含空格。',
  'signIn.flag': (p) => `${p.flag} 必须是 true 或 false。`,
  'signIn.agentType': 'agenttype 必须是 4（PC + 电话）或 11（PC + 电话，视频）。',
  'signIn.status': 'status 必须是 3（忙碌）、4（空闲）或 5（整理）。',
  'signIn.ip': 'ip 必须是 IPv4 地址，例如 127.0.0.1。',
  'client.urlRequired': `请填写网关地址，${URL_EXAMPLE_ZH}。`,
  'client.urlInvalid': `网关地址不是有效的 URL；请使用${URL_EXAMPLE_ZH}的地址。`,
  'client.urlNotHttps': `网关地址必须以 https:// 开头（网关只使用 HTTPS），${URL_EXAMPLE_ZH}。`,
  'client.urlCredentials': '网关地址不能包含用户名或密码。',
  'client.urlOriginOnly': `网关地址只能包含协议、主机和端口，${URL_EXAMPLE_ZH}。`,
  'client.positiveWhole': (p) => `${p.option} 必须是正整数（${p.unit === 'bytes' ? '字节' : '毫秒'}）。`,
  'client.caNotPem': 'CA 文件必须包含有效的 PEM 证书（-----BEGIN CERTIFICATE----- …）。请向 IT 索取 PEM 格式的站点 CA 证书。',
  'client.caUnreadable': '无法将 CA 文件读取为 PEM 证书。请向 IT 索取 PEM 格式的站点 CA 证书。',
  'client.pin': '证书指纹必须是 SHA-256 指纹：32 组两位十六进制数，例如 AB:CD:…',
  'client.upperBound': (p) => `agentIdUpperBound 必须是 ${p.min} 到 ${p.max} 之间的整数。`,
};

export const VALIDATION_MESSAGES: Translations<ValidationBook> = { en: EN, 'zh-CN': ZH };

export type ValidationKey = keyof ValidationBook;

export function validationText<K extends ValidationKey>(key: K, ...params: ParamsOf<ValidationBook[K]>): Notice {
  return noticeOf(VALIDATION_MESSAGES, key, ...params);
}

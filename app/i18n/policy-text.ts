/**
 * The words of the administrative templates (ADMX/ADML for Group Policy and Intune, the sample macOS
 * configuration profile): one title and one explanation per policy, in English and Simplified Chinese.
 * scripts/generate-policy-templates.ts writes them into build/policy/ from main/settings/policy-catalogue.ts.
 */
export interface PolicyText {
  readonly title: string;
  readonly explain: string;
}

const EN = {
  category: { title: 'Whisper Control', explain: 'Settings for Whisper Control, enforced for every person on the computer.' },
  gatewayUrl: { title: 'Gateway URL', explain: 'https://host:port of the CC-Gateway agent gateway, no path. Example: https://cc-gateway.example.internal:8043' },
  agentId: { title: 'Agent ID', explain: 'The inspector’s own work number. Normally left to each person; set only for a single-user computer.' },
  phoneNumber: { title: 'Softphone number', explain: 'The inspector’s softphone number, digits only. Normally left to each person.' },
  caFile: { title: 'CA certificate file', explain: 'Full path of a PEM file with the site CA certificate(s), trusted beside the operating system’s trust store.' },
  certificatePin: { title: 'Certificate pin (single, older key)', explain: 'One SHA-256 fingerprint of the gateway certificate (AB:CD:… 32 pairs). Prefer "Certificate pins".' },
  certificatePins: {
    title: 'Certificate pins',
    explain: 'SHA-256 fingerprints the gateway certificate may have, separated by commas: the current certificate and, during a renewal, the next one (up to 8).',
  },
  requestTimeoutMs: { title: 'Request timeout (ms)', explain: 'Timeout of each gateway request, 1000–60000 milliseconds. Default 5000.' },
  agentIdUpperBound: { title: 'Highest agent ID', explain: '59999 for VDN gateways, 999999 for VCC gateways (2025).' },
  stopShortcut: { title: 'Stop shortcut', explain: 'Global shortcut that stops whispering, e.g. CommandOrControl+Alt+S.' },
  backToListenShortcut: { title: 'Back-to-listen shortcut', explain: 'Global shortcut that switches back to listening, e.g. CommandOrControl+Alt+L.' },
  language: { title: 'Language', explain: 'system, en or zh-CN.' },
  startAtLogin: { title: 'Start at login', explain: 'Start Whisper Control in the tray when the person signs in to the computer.' },
  reminderAfterMinutes: { title: 'Whisper reminder after (minutes)', explain: 'Remind the inspector after this many minutes of continuous whispering, 0–240 (0 = off).' },
  reminderRepeatMinutes: { title: 'Whisper reminder repeat (minutes)', explain: 'Repeat the reminder every 1–120 minutes.' },
  bargeGuard: { title: 'Ask before insert', explain: 'Ask before switching to insert (the customer hears the inspector).' },
  auditForwardingHost: { title: 'Audit forwarding: collector host', explain: 'Host name or IP address of the site’s syslog collector. Setting it turns audit forwarding on.' },
  auditForwardingPort: { title: 'Audit forwarding: collector port', explain: 'TCP port of the collector. Default 6514 (syslog over TLS).' },
  auditForwardingTransport: { title: 'Audit forwarding: transport', explain: 'tls (default, verified) or tcp (plain and unencrypted).' },
  auditForwardingCaFile: { title: 'Audit forwarding: CA file', explain: 'Full path of a PEM file with the CA(s) that issued the collector’s certificate, trusted beside the OS store.' },
  auditForwardingClientCertFile: { title: 'Audit forwarding: client certificate', explain: 'Full path of this workstation’s PEM certificate, for collectors that require one (with the key).' },
  auditForwardingClientKeyFile: { title: 'Audit forwarding: client key', explain: 'Full path of this workstation’s PEM key (with the certificate).' },
  auditForwardingFacility: { title: 'Audit forwarding: facility', explain: 'local0 … local7, auth, authpriv, user, … or a number 0–23. Default local4.' },
  auditForwardingAppName: { title: 'Audit forwarding: app name', explain: 'RFC 5424 APP-NAME, 1–48 printable ASCII characters. Default whisper-control.' },
  auditForwardingSpoolCeilingMB: { title: 'Audit forwarding: spool warning (MB)', explain: 'Size of the local audit files past which a warning shows. Records are never deleted unsent.' },
  updatesEnabled: { title: 'Updates: on', explain: 'Check the site’s update feed and install new versions when the inspector is not monitoring. Off by default.' },
  updatesUrl: { title: 'Updates: feed URL', explain: 'https:// URL of the site’s update feed (a folder with latest.yml and the installers).' },
  updatesChannel: { title: 'Updates: channel', explain: 'latest (default) or another channel name the feed publishes, e.g. beta.' },
} satisfies Record<string, PolicyText>;

export type PolicyTextKey = keyof typeof EN;

const ZH: Record<PolicyTextKey, PolicyText> = {
  category: { title: 'Whisper Control', explain: 'Whisper Control 的设置，对本计算机上的所有人强制生效。' },
  gatewayUrl: { title: '网关地址', explain: 'CC-Gateway 座席网关的 https://主机:端口，不含路径。例如：https://cc-gateway.example.internal:8043' },
  agentId: { title: '座席工号', explain: '质检员自己的工号。通常由每个人自行填写；仅在单用户计算机上设置。' },
  phoneNumber: { title: '软电话号码', explain: '质检员的软电话号码，仅限数字。通常由每个人自行填写。' },
  caFile: { title: 'CA 证书文件', explain: '站点 CA 证书（PEM 格式）的完整路径，与操作系统信任存储一同被信任。' },
  certificatePin: { title: '证书指纹（单个，旧键）', explain: '网关证书的一个 SHA-256 指纹（AB:CD:… 共 32 组）。建议改用“证书指纹列表”。' },
  certificatePins: { title: '证书指纹列表', explain: '网关证书允许的 SHA-256 指纹，以逗号分隔：当前证书，以及更新期间的下一张证书（最多 8 个）。' },
  requestTimeoutMs: { title: '请求超时（毫秒）', explain: '每个网关请求的超时时间，1000–60000 毫秒。默认 5000。' },
  agentIdUpperBound: { title: '最大座席工号', explain: 'VDN 网关为 59999，VCC 网关（2025）为 999999。' },
  stopShortcut: { title: '停止快捷键', explain: '停止密语的全局快捷键，例如 CommandOrControl+Alt+S。' },
  backToListenShortcut: { title: '返回监听快捷键', explain: '切换回监听的全局快捷键，例如 CommandOrControl+Alt+L。' },
  language: { title: '语言', explain: 'system、en 或 zh-CN。' },
  startAtLogin: { title: '登录时启动', explain: '用户登录计算机时在托盘中启动 Whisper Control。' },
  reminderAfterMinutes: { title: '密语提醒（分钟）', explain: '连续密语达到该分钟数后提醒质检员，0–240（0 = 关闭）。' },
  reminderRepeatMinutes: { title: '密语提醒间隔（分钟）', explain: '每隔 1–120 分钟重复提醒。' },
  bargeGuard: { title: '插入前确认', explain: '切换到插入（客户能听到质检员）之前先确认。' },
  auditForwardingHost: { title: '审计转发：收集器主机', explain: '站点 syslog 日志收集器的主机名或 IP 地址。设置后即开启审计转发。' },
  auditForwardingPort: { title: '审计转发：收集器端口', explain: '收集器的 TCP 端口。默认 6514（基于 TLS 的 syslog）。' },
  auditForwardingTransport: { title: '审计转发：传输方式', explain: 'tls（默认，经过验证）或 tcp（明文，未加密）。' },
  auditForwardingCaFile: { title: '审计转发：CA 文件', explain: '签发收集器证书的 CA（PEM 格式）文件的完整路径，与操作系统信任存储一同被信任。' },
  auditForwardingClientCertFile: { title: '审计转发：客户端证书', explain: '本工作站 PEM 证书的完整路径，用于要求客户端证书的收集器（与密钥一起设置）。' },
  auditForwardingClientKeyFile: { title: '审计转发：客户端密钥', explain: '本工作站 PEM 密钥的完整路径（与证书一起设置）。' },
  auditForwardingFacility: { title: '审计转发：设施', explain: 'local0 … local7、auth、authpriv、user 等，或 0–23 的数字。默认 local4。' },
  auditForwardingAppName: { title: '审计转发：应用名称', explain: 'RFC 5424 APP-NAME，1–48 个可打印 ASCII 字符。默认 whisper-control。' },
  auditForwardingSpoolCeilingMB: { title: '审计转发：积压警告（MB）', explain: '本地审计文件超过该大小时显示警告。未发送的记录绝不会被删除。' },
  updatesEnabled: { title: '更新：开启', explain: '检查站点的更新源，并在质检员未监听时安装新版本。默认关闭。' },
  updatesUrl: { title: '更新：更新源地址', explain: '站点更新源的 https:// 地址（包含 latest.yml 和安装程序的文件夹）。' },
  updatesChannel: { title: '更新：通道', explain: 'latest（默认）或更新源发布的其他通道名称，例如 beta。' },
};

export const POLICY_TEXT: { readonly en: Record<PolicyTextKey, PolicyText>; readonly 'zh-CN': Record<PolicyTextKey, PolicyText> } = { en: EN, 'zh-CN': ZH };

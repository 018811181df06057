import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC, checkAgentId } from '../../app/agent-id';
import type { Settings, SettingsKey, SettingsProblem } from '../../app/settings';

/**
 * The boundary for every settings value, whether it comes from the settings file,
 * the admin policy or the panel. Each field carries a message a person can act on;
 * `settingsErrors` turns a failed parse into `{ key, message }` pairs for the panel.
 */

export const DEFAULT_SETTINGS: Settings = {
  gatewayUrl: null,
  agentId: null,
  phoneNumber: null,
  caFile: null,
  certificatePin: null,
  requestTimeoutMs: 5000,
  agentIdUpperBound: AGENT_ID_MAX_CLASSIC,
  stopShortcut: 'CommandOrControl+Alt+S',
  backToListenShortcut: 'CommandOrControl+Alt+L',
  language: 'system',
  startAtLogin: false,
  reminderAfterMinutes: 5,
  reminderRepeatMinutes: 2,
  bargeGuard: true,
};

export const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingsKey[];

export const REQUEST_TIMEOUT_RANGE = { min: 1000, max: 60_000 } as const;

/**
 * Every message of this schema in Simplified Chinese, keyed by the English one: zod carries one
 * string per issue, and `settingsErrors` adds the other language from here. A message built at
 * parse time (naming a value) carries its Chinese in the issue's params instead.
 */
const ZH = new Map<string, string>();
function said(en: string, zh: string): string {
  ZH.set(en, zh);
  return en;
}

const GATEWAY_URL_MESSAGE = said(
  'Gateway URL must be https://host:port (for example https://gateway.example.com:8043), with no path, user name or query.',
  '网关地址必须是 https://主机:端口（例如 https://gateway.example.com:8043），不含路径、用户名或查询参数。',
);

/** https only, with a host; normalised to the origin so it can name a keychain entry. */
const gatewayUrl = z
  .string({ error: GATEWAY_URL_MESSAGE })
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: GATEWAY_URL_MESSAGE });
      return z.NEVER;
    }
    if (url.protocol !== 'https:') {
      const scheme = url.protocol.replace(':', '');
      ctx.addIssue({
        code: 'custom',
        message: `Gateway URL must use https:// (the gateway is never contacted over ${scheme}).`,
        params: { zh: `网关地址必须使用 https://（绝不通过 ${scheme} 连接网关）。` },
      });
      return z.NEVER;
    }
    if (!url.hostname || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      ctx.addIssue({ code: 'custom', message: GATEWAY_URL_MESSAGE });
      return z.NEVER;
    }
    return url.origin;
  })
  .nullable();

const agentId = z.string({ error: said('Agent ID must be a work number such as 1001.', '质检员工号必须是工号，例如 1001。') }).trim().nullable();

const phoneNumber = z
  .string({ error: said('Phone number must be your softphone number (digits only).', '电话号码必须是您的软电话号码（仅限数字）。') })
  .trim()
  .regex(/^[0-9]{1,24}$/, { error: said('Phone number must be your softphone number: digits only, at most 24.', '电话号码必须是您的软电话号码：仅限数字，最多 24 位。') })
  .nullable();

const CA_FILE_MESSAGE = said('CA file must be the full path of a PEM file.', 'CA 证书文件必须是 PEM 文件的完整路径。');
const caFile = z
  .string({ error: CA_FILE_MESSAGE })
  .trim()
  .min(1, { error: CA_FILE_MESSAGE })
  .max(4096, { error: said('CA file path is too long.', 'CA 证书文件路径过长。') })
  .refine((p) => isAbsolute(p), {
    error: said(
      'CA file must be a full path (for example C:\\certs\\site-ca.pem or /etc/ssl/site-ca.pem).',
      'CA 证书文件必须是完整路径（例如 C:\\certs\\site-ca.pem 或 /etc/ssl/site-ca.pem）。',
    ),
  })
  .nullable();

const PIN_MESSAGE = said(
  'Certificate pin must be a SHA-256 fingerprint: 32 pairs of hex digits separated by colons (AB:CD:…).',
  '证书指纹必须是 SHA-256 指纹：32 组以冒号分隔的两位十六进制数（AB:CD:…）。',
);
const certificatePin = z
  .string({ error: PIN_MESSAGE })
  .trim()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/, { error: PIN_MESSAGE })
  .transform((pin) => pin.toUpperCase())
  .nullable();

const requestTimeoutMs = z
  .number({ error: said('Request timeout must be a number of milliseconds.', '请求超时必须是毫秒数。') })
  .int({ error: said('Request timeout must be a whole number of milliseconds.', '请求超时必须是整数毫秒。') })
  .min(REQUEST_TIMEOUT_RANGE.min, { error: said(`Request timeout must be at least ${REQUEST_TIMEOUT_RANGE.min} ms.`, `请求超时至少为 ${REQUEST_TIMEOUT_RANGE.min} 毫秒。`) })
  .max(REQUEST_TIMEOUT_RANGE.max, { error: said(`Request timeout must be at most ${REQUEST_TIMEOUT_RANGE.max} ms.`, `请求超时最多为 ${REQUEST_TIMEOUT_RANGE.max} 毫秒。`) });

const agentIdUpperBound = z.union([z.literal(AGENT_ID_MAX_CLASSIC), z.literal(AGENT_ID_MAX_2025)], {
  error: said(
    `Agent-ID upper bound must be ${AGENT_ID_MAX_CLASSIC} (VDN gateways) or ${AGENT_ID_MAX_2025} (VCC gateways, 2025).`,
    `最大工号必须是 ${AGENT_ID_MAX_CLASSIC}（VDN 网关）或 ${AGENT_ID_MAX_2025}（VCC 网关，2025 版）。`,
  ),
});

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
  'volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);

/** Electron's accelerator grammar: one or more modifiers, then exactly one key. */
export function isAccelerator(value: string): boolean {
  const parts = value.split('+');
  const key = parts.pop();
  if (!key || parts.length === 0) return false;
  if (!parts.every((p) => MODIFIERS.has(p.toLowerCase()))) return false;
  const k = key.toLowerCase();
  return /^[a-z0-9]$/.test(k) || /^f([1-9]|1[0-9]|2[0-4])$/.test(k) || /^num[0-9]$/.test(k) || /^[)!@#$%^&*(:;<>=,_\-.?/~`{}[\]|\\'"]$/.test(key) || NAMED_KEYS.has(k);
}

const shortcut = (label: string, labelZh: string) =>
  z
    .string({ error: said(`${label} must be a key combination such as CommandOrControl+Alt+S.`, `${labelZh}必须是按键组合，例如 CommandOrControl+Alt+S。`) })
    .trim()
    .refine(isAccelerator, {
      error: said(`${label} must be one or more modifiers and a key, such as CommandOrControl+Alt+S.`, `${labelZh}必须是一个或多个修饰键加一个键，例如 CommandOrControl+Alt+S。`),
    })
    .nullable();

const language = z.enum(['system', 'en', 'zh-CN'], { error: said('Language must be system, en or zh-CN.', '语言必须是 system、en 或 zh-CN。') });

const minutes = (label: string, labelZh: string, min: number, max: number) =>
  z
    .number({ error: said(`${label} must be a number of minutes.`, `${labelZh}必须是分钟数。`) })
    .int({ error: said(`${label} must be a whole number of minutes.`, `${labelZh}必须是整数分钟。`) })
    .min(min, { error: said(`${label} must be at least ${min} minute${min === 1 ? '' : 's'}.`, `${labelZh}至少为 ${min} 分钟。`) })
    .max(max, { error: said(`${label} must be at most ${max} minutes.`, `${labelZh}最多为 ${max} 分钟。`) });

export const settingsFields = {
  gatewayUrl,
  agentId,
  phoneNumber,
  caFile,
  certificatePin,
  requestTimeoutMs,
  agentIdUpperBound,
  stopShortcut: shortcut('Stop shortcut', '停止快捷键'),
  backToListenShortcut: shortcut('Back-to-listen shortcut', '返回监听快捷键'),
  language,
  startAtLogin: z.boolean({ error: said('Start at login must be true or false.', '登录时启动必须是 true 或 false。') }),
  reminderAfterMinutes: minutes('Reminder time (0 turns it off)', '提醒时间（0 为关闭）', 0, 240),
  reminderRepeatMinutes: minutes('Reminder repeat', '重复提醒间隔', 1, 120),
  bargeGuard: z.boolean({ error: said('Barge guard must be true or false.', '插入前确认必须是 true 或 false。') }),
} satisfies Record<SettingsKey, z.ZodType>;

/** Any subset of settings; unknown keys (including any attempt to store a password) are refused. */
export const partialSettingsSchema = z.strictObject(settingsFields).partial();

/** A complete Settings object, with the agent ID checked against the chosen upper bound. */
export const settingsSchema = z.strictObject(settingsFields).superRefine((s, ctx) => {
  if (s.agentId === null) return;
  const check = checkAgentId('agentId', s.agentId, s.agentIdUpperBound);
  if (!check.ok) ctx.addIssue({ code: 'custom', path: ['agentId'], message: check.message, params: { zh: check.messageZh } });
});

export type SettingsError = SettingsProblem;

const NOT_AN_OBJECT = said('Settings must be a JSON object of setting names and values.', '设置必须是由设置名和值组成的 JSON 对象。');

/** One `{ key, message, zh }` per problem, the shape 'settings:save' answers with. */
export function settingsErrors(error: z.ZodError): SettingsError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => unknownKeyError(key));
    }
    const key = issue.path.length > 0 ? String(issue.path[0]) : '(settings)';
    const message = issue.path.length > 0 || issue.code === 'custom' ? issue.message : NOT_AN_OBJECT;
    const fromParams = issue.code === 'custom' ? (issue.params as { zh?: unknown } | undefined)?.zh : undefined;
    const zh = typeof fromParams === 'string' ? fromParams : ZH.get(message);
    return [zh === undefined ? { key, message } : { key, message, zh }];
  });
}

function unknownKeyError(key: string): SettingsError {
  return /pass|secret|guid|token/i.test(key)
    ? { key, message: `“${key}” cannot be saved: passwords and session keys are never stored.`, zh: `“${key}”无法保存：密码和会话密钥从不保存。` }
    : { key, message: `“${key}” is not a setting Whisper Control knows.`, zh: `“${key}”不是 Whisper Control 认识的设置。` };
}

/** Validates a complete settings object; the result is normalised (trimmed, origin-only URL, upper-case pin). */
export function parseSettings(input: unknown): { ok: true; settings: Settings } | { ok: false; errors: SettingsError[] } {
  const result = settingsSchema.safeParse(input);
  return result.success ? { ok: true, settings: result.data } : { ok: false, errors: settingsErrors(result.error) };
}

/** Validates a subset of settings (a save request, a policy section, the user's file). */
export function parsePartialSettings(input: unknown): { ok: true; settings: Partial<Settings> } | { ok: false; errors: SettingsError[] } {
  const result = partialSettingsSchema.safeParse(input);
  return result.success ? { ok: true, settings: stripUndefined(result.data) } : { ok: false, errors: settingsErrors(result.error) };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC, checkAgentId } from '../../app/agent-id';
import { noticeIn, type Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';
import { MAX_CERTIFICATE_PINS, type Settings, type SettingsKey, type SettingsProblem } from '../../app/settings';

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
  certificatePins: [],
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
 * Every message of this schema (and of the policy's other sections: forwarding-policy.ts,
 * updates-policy.ts) in Simplified Chinese, keyed by the English one: zod carries one string per
 * issue, and `settingsErrors` and the policy check add the other language from here. A message
 * built at parse time (naming a value) carries its Chinese in the issue's params instead. The
 * sentences are in app/i18n/validation.ts.
 */
const ZH = new Map<string, string>();
/** A schema's message in both languages: zod gets the English, the Chinese is kept for `chineseOf`. */
export function said(text: Notice): string {
  ZH.set(text.en, text['zh-CN']);
  return text.en;
}

/** The Chinese of a message given to zod through `said`; undefined for any other. */
export function chineseOf(message: string): string | undefined {
  return ZH.get(message);
}

const GATEWAY_URL_MESSAGE = said(validationText('settings.gatewayUrl'));

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
      const text = validationText('settings.gatewayUrlScheme', { scheme });
      ctx.addIssue({ code: 'custom', message: text.en, params: { zh: text['zh-CN'] } });
      return z.NEVER;
    }
    if (!url.hostname || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      ctx.addIssue({ code: 'custom', message: GATEWAY_URL_MESSAGE });
      return z.NEVER;
    }
    return url.origin;
  })
  .nullable();

const agentId = z.string({ error: said(validationText('settings.agentId')) }).trim().nullable();

const phoneNumber = z
  .string({ error: said(validationText('settings.phoneType')) })
  .trim()
  .regex(/^[0-9]{1,24}$/, { error: said(validationText('settings.phoneFormat')) })
  .nullable();

const CA_FILE_MESSAGE = said(validationText('settings.caFile'));
const caFile = z
  .string({ error: CA_FILE_MESSAGE })
  .trim()
  .min(1, { error: CA_FILE_MESSAGE })
  .max(4096, { error: said(validationText('settings.caFileTooLong')) })
  .refine((p) => isAbsolute(p), {
    error: said(validationText('settings.caFileNotAbsolute')),
  })
  .nullable();

const PIN_MESSAGE = said(validationText('settings.pin'));
const certificatePin = z
  .string({ error: PIN_MESSAGE })
  .trim()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/, { error: PIN_MESSAGE })
  .transform((pin) => pin.toUpperCase())
  .nullable();

const PINS_MESSAGE = said(validationText('settings.pins', { max: MAX_CERTIFICATE_PINS }));
const certificatePins = z
  .array(
    z
      .string({ error: PIN_MESSAGE })
      .trim()
      .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/, { error: PIN_MESSAGE })
      .transform((pin) => pin.toUpperCase()),
    { error: PINS_MESSAGE },
  )
  .max(MAX_CERTIFICATE_PINS, { error: PINS_MESSAGE })
  .transform((pins) => [...new Set(pins)]);

const requestTimeoutMs = z
  .number({ error: said(validationText('settings.timeoutType')) })
  .int({ error: said(validationText('settings.timeoutWhole')) })
  .min(REQUEST_TIMEOUT_RANGE.min, { error: said(validationText('settings.timeoutMin', { min: REQUEST_TIMEOUT_RANGE.min })) })
  .max(REQUEST_TIMEOUT_RANGE.max, { error: said(validationText('settings.timeoutMax', { max: REQUEST_TIMEOUT_RANGE.max })) });

const agentIdUpperBound = z.union([z.literal(AGENT_ID_MAX_CLASSIC), z.literal(AGENT_ID_MAX_2025)], {
  error: said(validationText('settings.upperBound', { classic: AGENT_ID_MAX_CLASSIC, vcc: AGENT_ID_MAX_2025 })),
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

const shortcut = (field: 'stopShortcut' | 'backToListenShortcut') =>
  z
    .string({ error: said(validationText('settings.shortcutType', { field })) })
    .trim()
    .refine(isAccelerator, { error: said(validationText('settings.shortcutFormat', { field })) })
    .nullable();

const language = z.enum(['system', 'en', 'zh-CN'], { error: said(validationText('settings.language')) });

const minutes = (field: 'reminderAfterMinutes' | 'reminderRepeatMinutes', min: number, max: number) =>
  z
    .number({ error: said(validationText('settings.minutesType', { field })) })
    .int({ error: said(validationText('settings.minutesWhole', { field })) })
    .min(min, { error: said(validationText('settings.minutesMin', { field, min })) })
    .max(max, { error: said(validationText('settings.minutesMax', { field, max })) });

export const settingsFields = {
  gatewayUrl,
  agentId,
  phoneNumber,
  caFile,
  certificatePin,
  certificatePins,
  requestTimeoutMs,
  agentIdUpperBound,
  stopShortcut: shortcut('stopShortcut'),
  backToListenShortcut: shortcut('backToListenShortcut'),
  language,
  startAtLogin: z.boolean({ error: said(validationText('settings.startAtLogin')) }),
  reminderAfterMinutes: minutes('reminderAfterMinutes', 0, 240),
  reminderRepeatMinutes: minutes('reminderRepeatMinutes', 1, 120),
  bargeGuard: z.boolean({ error: said(validationText('settings.bargeGuard')) }),
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

const NOT_AN_OBJECT = said(validationText('settings.notAnObject'));

/** One `{ key, message, zh }` per problem, the shape 'settings:save' answers with. */
export function settingsErrors(error: z.ZodError): SettingsError[] {
  const errors = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => unknownKeyError(key));
    }
    const key = issue.path.length > 0 ? String(issue.path[0]) : '(settings)';
    const message = issue.path.length > 0 || issue.code === 'custom' ? issue.message : NOT_AN_OBJECT;
    const fromParams = issue.code === 'custom' ? (issue.params as { zh?: unknown } | undefined)?.zh : undefined;
    const zh = typeof fromParams === 'string' ? fromParams : ZH.get(message);
    return [zh === undefined ? { key, message } : { key, message, zh }];
  });
  // One sentence per key and problem, even when zod reports it twice (a wrong type seen by two checks).
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(`${e.key}\n${e.message}`) && Boolean(seen.add(`${e.key}\n${e.message}`)));
}

/** One refused value named by where it is (`locked.requestTimeoutMs`); English where no Chinese is known (a zod default). */
export function problemAt(path: string, message: string, zh: string | undefined): Notice {
  return noticeIn((language) => validationText('settings.field', { path, problem: language === 'zh-CN' ? (zh ?? message) : message })[language]);
}

/** Settings refusals as one notice: each its own sentence. */
export function refusalsNotice(errors: readonly SettingsError[]): Notice {
  return noticeIn((language) => (language === 'zh-CN' ? errors.map((e) => e.zh ?? e.message).join('') : errors.map((e) => e.message).join(' ')));
}

function unknownKeyError(key: string): SettingsError {
  const text = validationText(/pass|secret|guid|token/i.test(key) ? 'settings.secretKey' : 'settings.unknownKey', { key });
  return { key, message: text.en, zh: text['zh-CN'] };
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

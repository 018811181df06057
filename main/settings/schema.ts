import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC, checkAgentId } from '../../app/agent-id';
import type { Settings, SettingsKey } from '../../app/settings';

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

const GATEWAY_URL_MESSAGE = 'Gateway URL must be https://host:port (for example https://gateway.example.com:8043), with no path, user name or query.';

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
      ctx.addIssue({ code: 'custom', message: `Gateway URL must use https:// (the gateway is never contacted over ${url.protocol.replace(':', '')}).` });
      return z.NEVER;
    }
    if (!url.hostname || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      ctx.addIssue({ code: 'custom', message: GATEWAY_URL_MESSAGE });
      return z.NEVER;
    }
    return url.origin;
  })
  .nullable();

const agentId = z.string({ error: 'Agent ID must be a work number such as 1001.' }).trim().nullable();

const phoneNumber = z
  .string({ error: 'Phone number must be your softphone number (digits only).' })
  .trim()
  .regex(/^[0-9]{1,24}$/, { error: 'Phone number must be your softphone number: digits only, at most 24.' })
  .nullable();

const caFile = z
  .string({ error: 'CA file must be the full path of a PEM file.' })
  .trim()
  .min(1, { error: 'CA file must be the full path of a PEM file.' })
  .max(4096, { error: 'CA file path is too long.' })
  .refine((p) => isAbsolute(p), { error: 'CA file must be a full path (for example C:\\certs\\site-ca.pem or /etc/ssl/site-ca.pem).' })
  .nullable();

const PIN_MESSAGE = 'Certificate pin must be a SHA-256 fingerprint: 32 pairs of hex digits separated by colons (AB:CD:…).';
const certificatePin = z
  .string({ error: PIN_MESSAGE })
  .trim()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/, { error: PIN_MESSAGE })
  .transform((pin) => pin.toUpperCase())
  .nullable();

const requestTimeoutMs = z
  .number({ error: 'Request timeout must be a number of milliseconds.' })
  .int({ error: 'Request timeout must be a whole number of milliseconds.' })
  .min(REQUEST_TIMEOUT_RANGE.min, { error: `Request timeout must be at least ${REQUEST_TIMEOUT_RANGE.min} ms.` })
  .max(REQUEST_TIMEOUT_RANGE.max, { error: `Request timeout must be at most ${REQUEST_TIMEOUT_RANGE.max} ms.` });

const agentIdUpperBound = z.union([z.literal(AGENT_ID_MAX_CLASSIC), z.literal(AGENT_ID_MAX_2025)], {
  error: `Agent-ID upper bound must be ${AGENT_ID_MAX_CLASSIC} (VDN gateways) or ${AGENT_ID_MAX_2025} (VCC gateways, 2025).`,
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

const shortcut = (label: string) =>
  z
    .string({ error: `${label} must be a key combination such as CommandOrControl+Alt+S.` })
    .trim()
    .refine(isAccelerator, { error: `${label} must be one or more modifiers and a key, such as CommandOrControl+Alt+S.` })
    .nullable();

const language = z.enum(['system', 'en', 'zh-CN'], { error: 'Language must be system, en or zh-CN.' });

const minutes = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number of minutes.` })
    .int({ error: `${label} must be a whole number of minutes.` })
    .min(min, { error: `${label} must be at least ${min} minute${min === 1 ? '' : 's'}.` })
    .max(max, { error: `${label} must be at most ${max} minutes.` });

export const settingsFields = {
  gatewayUrl,
  agentId,
  phoneNumber,
  caFile,
  certificatePin,
  requestTimeoutMs,
  agentIdUpperBound,
  stopShortcut: shortcut('Stop shortcut'),
  backToListenShortcut: shortcut('Back-to-listen shortcut'),
  language,
  startAtLogin: z.boolean({ error: 'Start at login must be true or false.' }),
  reminderAfterMinutes: minutes('Reminder time (0 turns it off)', 0, 240),
  reminderRepeatMinutes: minutes('Reminder repeat', 1, 120),
  bargeGuard: z.boolean({ error: 'Barge guard must be true or false.' }),
} satisfies Record<SettingsKey, z.ZodType>;

/** Any subset of settings; unknown keys (including any attempt to store a password) are refused. */
export const partialSettingsSchema = z.strictObject(settingsFields).partial();

/** A complete Settings object, with the agent ID checked against the chosen upper bound. */
export const settingsSchema = z.strictObject(settingsFields).superRefine((s, ctx) => {
  if (s.agentId === null) return;
  const check = checkAgentId('agentId', s.agentId, s.agentIdUpperBound);
  if (!check.ok) ctx.addIssue({ code: 'custom', path: ['agentId'], message: check.message });
});

export interface SettingsError {
  readonly key: string;
  readonly message: string;
}

/** One `{ key, message }` per problem, the shape 'settings:save' answers with. */
export function settingsErrors(error: z.ZodError): SettingsError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ key, message: unknownKeyMessage(key) }));
    }
    const key = issue.path.length > 0 ? String(issue.path[0]) : '(settings)';
    const message = issue.path.length > 0 || issue.code === 'custom' ? issue.message : 'Settings must be a JSON object of setting names and values.';
    return [{ key, message }];
  });
}

function unknownKeyMessage(key: string): string {
  return /pass|secret|guid|token/i.test(key)
    ? `“${key}” cannot be saved: passwords and session keys are never stored.`
    : `“${key}” is not a setting Whisper Control knows.`;
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

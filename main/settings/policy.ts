import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { joinProblems, type Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';
import type { Settings } from '../../app/settings';
import { forwardingPolicySchema, type ForwardingPolicy } from '../audit/forwarding-policy';
import { nativeToPolicyJson, type NativeValues } from './policy-catalogue';
import { chineseOf, partialSettingsSchema, problemAt, settingsErrors } from './schema';
import { updatesPolicySchema, type UpdatesPolicy } from './updates-policy';

/**
 * The machine-wide admin policy IT deploys next to the app:
 *
 *   { "defaults": { …settings… }, "locked": { …settings… }, "auditForwarding": { …collector… } }
 *
 * `defaults` replace the built-in defaults but the person may change them;
 * `locked` values win over everything and cannot be changed in the app;
 * `auditForwarding` sends the audit trail to the site's syslog collector (forwarding-policy.ts),
 * and only the policy can set it; `updates` turns on updates from the site's feed (updates-policy.ts).
 * On Windows and macOS the native policy store (registry, managed preferences; native-policy.ts)
 * adds locked values and sections on top of the file: same keys, same checks (policy-catalogue.ts).
 * Locations (readable by every user, writable by administrators only):
 *   Windows  %ProgramData%\WhisperControl\policy.json
 *   macOS    /Library/Application Support/WhisperControl/policy.json
 *   Linux    /etc/whisper-control/policy.json
 */
export interface AdminPolicy {
  readonly defaults: Partial<Settings>;
  readonly locked: Partial<Settings>;
  readonly auditForwarding?: ForwardingPolicy;
  readonly updates?: UpdatesPolicy;
}

export type PolicyLoad =
  | { readonly status: 'none'; readonly path: string }
  | { readonly status: 'ok'; readonly path: string; readonly policy: AdminPolicy }
  /** `problem`: why, in both languages (app/i18n/validation.ts), for the notice the person and IT see. */
  | { readonly status: 'invalid'; readonly path: string; readonly problem: Notice };

export function policyPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return win32.join(env['ProgramData'] || 'C:\\ProgramData', 'WhisperControl', 'policy.json');
  if (platform === 'darwin') return posix.join('/Library/Application Support/WhisperControl', 'policy.json');
  return posix.join('/etc/whisper-control', 'policy.json');
}

const policySchema = z.strictObject({
  defaults: partialSettingsSchema.optional(),
  locked: partialSettingsSchema.optional(),
  auditForwarding: forwardingPolicySchema.optional(),
  updates: updatesPolicySchema.optional(),
});

/** A missing file means "no policy"; anything else that is not a valid policy is reported, never guessed at. */
export async function loadPolicy(path: string, native: NativeValues = {}): Promise<PolicyLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return combinePolicy(path, null, native);
    return { status: 'invalid', path, problem: validationText('policy.unreadable', { code: code ?? 'unknown error' }) };
  }
  return combinePolicy(path, text, native);
}

export function parsePolicy(path: string, text: string, native: NativeValues = {}): PolicyLoad {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: 'invalid', path, problem: validationText('policy.notJson', { detail: (error as Error).message }) };
  }
  return checkPolicy(path, withNative(json, native));
}

/** The file's policy (or none) with the native store's values on top: they lock, and replace a section they set. */
export function withNative(json: unknown, native: NativeValues): unknown {
  const sections = nativeToPolicyJson(native);
  if (Object.keys(sections).length === 0 || typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const file = json as Record<string, unknown>;
  const fileLocked = typeof file['locked'] === 'object' && file['locked'] !== null ? (file['locked'] as Record<string, unknown>) : {};
  return {
    ...file,
    ...(sections['locked'] && { locked: { ...fileLocked, ...sections['locked'] } }),
    ...(sections['auditForwarding'] && { auditForwarding: sections['auditForwarding'] }),
    ...(sections['updates'] && { updates: sections['updates'] }),
  };
}

/** The policy from the file (text, or null when there is none) and the native store together. */
export function combinePolicy(path: string, text: string | null, native: NativeValues): PolicyLoad {
  if (text !== null) return parsePolicy(path, text, native);
  if (Object.keys(nativeToPolicyJson(native)).length === 0) return { status: 'none', path };
  return checkPolicy(path, withNative({}, native));
}

function checkPolicy(path: string, json: unknown): PolicyLoad {
  const result = policySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue): Notice[] => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => validationText('policy.unknownKey', { path: [...issue.path, k].join('.') }));
      if (issue.path.length === 0) return [validationText('policy.notAnObject')];
      const [section, ...rest] = issue.path;
      if (rest.length === 0) return [validationText('policy.sectionNotAnObject', { section: String(section) })];
      if (section === 'auditForwarding' || section === 'updates') {
        return [problemAt(issue.path.join('.'), issue.message, chineseOf(issue.message))];
      }
      return settingsErrors(new z.ZodError([{ ...issue, path: rest }])).map((e) => problemAt(`${String(section)}.${e.key}`, e.message, e.zh));
    });
    return { status: 'invalid', path, problem: joinProblems(problems) };
  }
  const policy: AdminPolicy = {
    defaults: strip(result.data.defaults ?? {}),
    locked: strip(result.data.locked ?? {}),
    ...(result.data.auditForwarding !== undefined && { auditForwarding: result.data.auditForwarding }),
    ...(result.data.updates !== undefined && { updates: result.data.updates }),
  };
  return { status: 'ok', path, policy };
}

function strip(section: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(Object.entries(section).filter(([, v]) => v !== undefined)) as Partial<Settings>;
}

import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../app/settings';
import { forwardingPolicySchema, type ForwardingPolicy } from '../audit/forwarding-policy';
import { nativeToPolicyJson, type NativeValues } from './policy-catalogue';
import { partialSettingsSchema, settingsErrors } from './schema';
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
  | { readonly status: 'invalid'; readonly path: string; readonly problem: string };

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
    return { status: 'invalid', path, problem: `it cannot be read (${code ?? 'unknown error'})` };
  }
  return combinePolicy(path, text, native);
}

export function parsePolicy(path: string, text: string, native: NativeValues = {}): PolicyLoad {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: 'invalid', path, problem: `it is not valid JSON (${(error as Error).message})` };
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
    const problems = result.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${[...issue.path, k].join('.')}: not a known policy key`);
      if (issue.path.length === 0) return ['it must be a JSON object with "defaults", "locked", "auditForwarding" and/or "updates"'];
      const [section, ...rest] = issue.path;
      if (section === 'auditForwarding' || section === 'updates') return [`${issue.path.join('.')}: ${issue.message}`];
      const fieldErrors = rest.length > 0 ? settingsErrors(new z.ZodError([{ ...issue, path: rest }])) : [{ key: '', message: issue.message }];
      return fieldErrors.map((e) => `${String(section)}${e.key ? `.${e.key}` : ''}: ${e.message}`);
    });
    return { status: 'invalid', path, problem: problems.join('; ') };
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

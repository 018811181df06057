/**
 * Every key the admin policy can set, with the type a native policy store holds it in: the Windows
 * registry (HKLM/HKCU\SOFTWARE\Policies\WhisperControl), macOS managed preferences (a configuration
 * profile for com.whispercontrol.app) and the ADMX/ADML and sample .mobileconfig that
 * scripts/generate-policy-templates.ts writes from this list. The records below are typed by the
 * settings schema's keys, the audit-forwarding section's and the updates section's, so a key added
 * there without an entry here does not compile (and tests/node/settings/policy-templates.test.ts
 * checks the generated files hold every entry).
 */
import type { z } from 'zod';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC } from '../../app/agent-id';
import type { PolicyTextKey } from '../../app/i18n/policy-text';
import type { SettingsKey } from '../../app/settings';
import type { forwardingPolicySchema } from '../audit/forwarding-policy';
import type { updatesPolicySchema } from './updates-policy';

export type PolicyKind =
  | { readonly type: 'string' }
  | { readonly type: 'number'; readonly min: number; readonly max: number }
  | { readonly type: 'boolean' }
  /** Several values in one string, separated by commas (a registry value or a profile string). */
  | { readonly type: 'list' }
  | { readonly type: 'enum'; readonly values: readonly (string | number)[] };

export interface PolicyEntry {
  /** The value's name in the registry and in the managed preferences. */
  readonly name: PolicyTextKey;
  /** Where in the JSON policy the value goes. */
  readonly section: 'locked' | 'auditForwarding' | 'updates';
  readonly key: string;
  readonly kind: PolicyKind;
}

const text: PolicyKind = { type: 'string' };
const yesNo: PolicyKind = { type: 'boolean' };

const SETTINGS: Record<SettingsKey, PolicyKind> = {
  gatewayUrl: text,
  agentId: text,
  phoneNumber: text,
  caFile: text,
  certificatePin: text,
  certificatePins: { type: 'list' },
  requestTimeoutMs: { type: 'number', min: 1000, max: 60_000 },
  agentIdUpperBound: { type: 'enum', values: [AGENT_ID_MAX_CLASSIC, AGENT_ID_MAX_2025] },
  stopShortcut: text,
  backToListenShortcut: text,
  language: { type: 'enum', values: ['system', 'en', 'zh-CN'] },
  startAtLogin: yesNo,
  reminderAfterMinutes: { type: 'number', min: 0, max: 240 },
  reminderRepeatMinutes: { type: 'number', min: 1, max: 120 },
  bargeGuard: yesNo,
};

const FORWARDING: Record<keyof z.input<typeof forwardingPolicySchema>, PolicyKind> = {
  host: text,
  port: { type: 'number', min: 1, max: 65535 },
  transport: { type: 'enum', values: ['tls', 'tcp'] },
  caFile: text,
  clientCertFile: text,
  clientKeyFile: text,
  // A name (local4) or a number: held as a string, digits read as a number.
  facility: text,
  appName: text,
  spoolCeilingMB: { type: 'number', min: 1, max: 4096 },
};

const UPDATES: Record<keyof z.input<typeof updatesPolicySchema>, PolicyKind> = {
  enabled: yesNo,
  url: text,
  channel: text,
};

const capital = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

export const POLICY_CATALOGUE: readonly PolicyEntry[] = [
  ...Object.entries(SETTINGS).map(([key, kind]) => ({ name: key as PolicyTextKey, section: 'locked' as const, key, kind })),
  ...Object.entries(FORWARDING).map(([key, kind]) => ({ name: `auditForwarding${capital(key)}` as PolicyTextKey, section: 'auditForwarding' as const, key, kind })),
  ...Object.entries(UPDATES).map(([key, kind]) => ({ name: `updates${capital(key)}` as PolicyTextKey, section: 'updates' as const, key, kind })),
];

/** The native store's own type for each kind (what @vscode/policy-watcher reads). */
export function nativeType(kind: PolicyKind): 'string' | 'number' | 'boolean' {
  if (kind.type === 'list' || kind.type === 'string') return 'string';
  if (kind.type === 'enum') return typeof kind.values[0] === 'number' ? 'number' : 'string';
  return kind.type;
}

export type NativeValues = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The values a native store holds, as the JSON policy's sections (`locked`, `auditForwarding`,
 * `updates`), still unchecked: the JSON policy's own schema checks them (policy.ts), so both sources
 * are refused with the same messages.
 */
export function nativeToPolicyJson(values: NativeValues): Record<string, Record<string, unknown>> {
  const sections: Record<string, Record<string, unknown>> = {};
  for (const entry of POLICY_CATALOGUE) {
    const raw = values[entry.name];
    if (raw === undefined) continue;
    let value: unknown = raw;
    if (entry.kind.type === 'list' && typeof raw === 'string') {
      value = raw.split(/[\s,;]+/).filter((item) => item !== '');
    } else if (entry.section === 'auditForwarding' && entry.key === 'facility' && typeof raw === 'string' && /^\d+$/.test(raw)) {
      value = Number(raw);
    }
    (sections[entry.section] ??= {})[entry.key] = value;
  }
  return sections;
}

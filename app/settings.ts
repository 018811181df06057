import type { Language } from './i18n/language';
import type { Notice } from './i18n/notice';

/**
 * What a person (or an admin policy) can configure. Never holds a password or Guid.
 * The schema that validates these at the boundary lives in main/settings.
 */
export interface Settings {
  /** https://host:port of the agent gateway; null = not configured (demo mode in development). */
  readonly gatewayUrl: string | null;
  readonly agentId: string | null;
  readonly phoneNumber: string | null;
  /** Path to a PEM file with the site's CA certificate(s). */
  readonly caFile: string | null;
  /** SHA-256 fingerprint of the gateway certificate, hex pairs separated by colons (the older, single-pin key). */
  readonly certificatePin: string | null;
  /**
   * SHA-256 fingerprints the gateway certificate may have: the current one and, during a renewal,
   * the next (docs/deployment.md §4). Read together with `certificatePin`: see `pinSetOf`.
   */
  readonly certificatePins: readonly string[];
  readonly requestTimeoutMs: number;
  readonly agentIdUpperBound: number;
  readonly stopShortcut: string | null;
  readonly backToListenShortcut: string | null;
  readonly language: 'system' | Language;
  readonly startAtLogin: boolean;
  /** Minutes of continuous whispering before a reminder; 0 turns it off. */
  readonly reminderAfterMinutes: number;
  readonly reminderRepeatMinutes: number;
  /** Ask before switching to insert (the customer hears the inspector). */
  readonly bargeGuard: boolean;
}

export type SettingsKey = keyof Settings;

/** At most this many pins: the current certificate, the next, and room for a staged rollover. */
export const MAX_CERTIFICATE_PINS = 8;

/** Every pinned fingerprint, `certificatePins` and the older `certificatePin` together, each once. */
export function pinSetOf(settings: Pick<Settings, 'certificatePin' | 'certificatePins'>): string[] {
  const pins = settings.certificatePin === null ? [...settings.certificatePins] : [settings.certificatePin, ...settings.certificatePins];
  return [...new Set(pins)];
}

/** One refused setting: its key, what is wrong in English, and in Simplified Chinese where main words it. */
export interface SettingsProblem {
  readonly key: string;
  readonly message: string;
  readonly zh?: string;
}

/** The answer to saving settings: the new view, or every refused setting and nothing saved. */
export type SaveSettingsResult = { readonly ok: true; readonly view: SettingsView } | { readonly ok: false; readonly errors: readonly SettingsProblem[] };

export interface SettingsView {
  readonly settings: Settings;
  /** Keys an admin policy has locked; the panel shows them read-only. */
  readonly locked: readonly SettingsKey[];
  /** A sentence for the person when the settings file or policy needed attention. */
  readonly notice: Notice | null;
}

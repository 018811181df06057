/**
 * Owns "Test connection": the gateway that the saved settings plus the person's unsaved changes
 * name, tried with a client of its own that is closed afterwards. The running session is never
 * touched, so testing a different gateway cannot sign anyone out.
 */
import { validationFailure } from '../../app/failures';
import type { ConnectionTestResult } from '../../app/ipc-contract';
import type { Settings } from '../../app/settings';
import { validationText } from '../../app/i18n/validation';
import { parseSettings } from '../settings/schema';

import type { GatewayTargets } from './gateway-target';

const SETTINGS_INVALID = validationText('settings.invalid');

export async function testGatewayConnection(
  saved: Settings,
  changes: Partial<Settings>,
  targets: GatewayTargets,
): Promise<ConnectionTestResult> {
  const merged = parseSettings({ ...saved, ...changes });
  if (!merged.ok) {
    const first = merged.errors[0];
    return {
      ok: false,
      durationMs: 0,
      certificate: null,
      failure: first
        ? validationFailure(first.key, 'invalid', first.message, first.zh)
        : validationFailure('settings', 'invalid', SETTINGS_INVALID.en, SETTINGS_INVALID['zh-CN']),
    };
  }
  const target = await targets.resolve(merged.settings);
  if (!target.ok) return { ok: false, durationMs: 0, certificate: null, failure: { kind: 'not-configured', detail: target.detail } };
  const client = targets.client(target.value, merged.settings);
  if (!client.ok) return { ok: false, durationMs: 0, certificate: null, failure: { kind: 'not-configured', detail: client.detail } };
  try {
    const result = await client.value.testConnection();
    return {
      ok: result.ok,
      durationMs: result.durationMs,
      // Subject, issuer, fingerprint and days to expiry (app/certificate.ts): public facts, shown in Settings.
      certificate: result.certificate,
      failure: result.failure,
    };
  } finally {
    client.value.close();
  }
}

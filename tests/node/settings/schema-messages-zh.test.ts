import { describe, expect, it } from 'vitest';
import { parsePolicy } from '@main/settings/policy';
import { DEFAULT_SETTINGS, parsePartialSettings, parseSettings } from '@main/settings/schema';

/**
 * Every refusal of the settings schema reaches the panel in both languages: a Chinese-speaking
 * inspector must not meet an English sentence when a setting is refused.
 */
const CHINESE = /[\u4e00-\u9fff]/;

const INVALID: ReadonlyArray<[key: string, value: unknown]> = [
  ['gatewayUrl', 'http://gw.example:8043'],
  ['gatewayUrl', 'not a url'],
  ['gatewayUrl', 5],
  ['agentId', 5],
  ['phoneNumber', 'abc'],
  ['phoneNumber', 5],
  ['caFile', ''],
  ['caFile', 'relative/site-ca.pem'],
  ['caFile', `/${'x'.repeat(5000)}`],
  ['caFile', 5],
  ['certificatePin', 'zz'],
  ['requestTimeoutMs', 'a'],
  ['requestTimeoutMs', 1500.5],
  ['requestTimeoutMs', 10],
  ['requestTimeoutMs', 1_000_000],
  ['agentIdUpperBound', 5],
  ['stopShortcut', 'S'],
  ['stopShortcut', 5],
  ['backToListenShortcut', 'Alt'],
  ['language', 'fr'],
  ['startAtLogin', 'yes'],
  ['reminderAfterMinutes', 'x'],
  ['reminderAfterMinutes', 1.5],
  ['reminderAfterMinutes', -1],
  ['reminderAfterMinutes', 999],
  ['reminderRepeatMinutes', 0],
  ['bargeGuard', 'x'],
  ['password', 'secret'],
  ['someSetting', 1],
];

describe('settings refusals in Chinese', () => {
  it.each(INVALID)('%s = %j is refused with a Chinese sentence too', (key, value) => {
    const parsed = parsePartialSettings({ [key]: value });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    for (const error of parsed.errors) {
      expect(error.key).toBe(key);
      expect(error.zh).toMatch(CHINESE);
      expect(error.message).not.toMatch(CHINESE);
    }
  });

  it('a value that is not an object, and an agent ID outside the bound, too', () => {
    const notObject = parsePartialSettings(5);
    expect(notObject.ok || notObject.errors.every((e) => CHINESE.test(e.zh ?? ''))).toBe(true);
    expect(notObject.ok).toBe(false);
    const outside = parseSettings({ ...DEFAULT_SETTINGS, agentId: '70000' });
    expect(outside).toMatchObject({ ok: false, errors: [{ key: 'agentId', zh: '质检员工号 70000 超出允许范围 101–59999。' }] });
  });
});

/** The policy's own sections are refused in Chinese too, inside the invalid-policy notice. */
const INVALID_SECTIONS: ReadonlyArray<[section: 'auditForwarding' | 'updates', value: Record<string, unknown>]> = [
  ['auditForwarding', { host: 5 }],
  ['auditForwarding', { host: 'https://logs.example.com' }],
  ['auditForwarding', { host: 'logs', port: 'x' }],
  ['auditForwarding', { host: 'logs', port: 1.5 }],
  ['auditForwarding', { host: 'logs', port: 0 }],
  ['auditForwarding', { host: 'logs', transport: 'udp' }],
  ['auditForwarding', { host: 'logs', caFile: 5 }],
  ['auditForwarding', { host: 'logs', caFile: 'site-ca.pem' }],
  ['auditForwarding', { host: 'logs', clientCertFile: `/${'x'.repeat(5000)}`, clientKeyFile: '/k.pem' }],
  ['auditForwarding', { host: 'logs', clientCertFile: '/etc/ssl/ws.pem' }],
  ['auditForwarding', { host: 'logs', transport: 'tcp', caFile: '/etc/ssl/ca.pem' }],
  ['auditForwarding', { host: 'logs', facility: 'local9' }],
  ['auditForwarding', { host: 'logs', facility: 99 }],
  ['auditForwarding', { host: 'logs', facility: 2.5 }],
  ['auditForwarding', { host: 'logs', appName: 5 }],
  ['auditForwarding', { host: 'logs', appName: 'whisper control' }],
  ['auditForwarding', { host: 'logs', spoolCeilingMB: 'x' }],
  ['auditForwarding', { host: 'logs', spoolCeilingMB: 1.5 }],
  ['auditForwarding', { host: 'logs', spoolCeilingMB: 0 }],
  ['auditForwarding', { host: 'logs', spoolCeilingMB: 5000 }],
  ['updates', { enabled: 'yes' }],
  ['updates', { enabled: true }],
  ['updates', { enabled: true, url: 5 }],
  ['updates', { enabled: true, url: 'http://updates.example.internal/' }],
  ['updates', { channel: 5 }],
  ['updates', { channel: 'Beta!' }],
];

describe('policy section refusals in Chinese', () => {
  it.each(INVALID_SECTIONS)('%s %j is refused with a Chinese reason', (section, value) => {
    const load = parsePolicy('/etc/whisper-control/policy.json', JSON.stringify({ [section]: value }));
    expect(load.status).toBe('invalid');
    if (load.status !== 'invalid') return;
    expect(load.problem['zh-CN']).toMatch(new RegExp(`^${section}\\.\\w+：.*${CHINESE.source}`));
    expect(load.problem['zh-CN']).not.toMatch(/ must | is required|Invalid input/);
    expect(load.problem.en).not.toMatch(CHINESE);
  });
});

import { describe, expect, it } from 'vitest';
import { pinSetOf } from '@app/settings';
import { DEFAULT_SETTINGS, isAccelerator, parsePartialSettings, parseSettings, SETTINGS_KEYS } from '@main/settings/schema';

const PIN = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').slice(-2)).join(':');

function errorsOf(input: unknown) {
  const result = parsePartialSettings(input);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('settings schema', () => {
  it('has the documented defaults, and they validate', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      gatewayUrl: null,
      agentId: null,
      phoneNumber: null,
      caFile: null,
      certificatePin: null,
      certificatePins: [],
      requestTimeoutMs: 5000,
      agentIdUpperBound: 59999,
      stopShortcut: 'CommandOrControl+Alt+S',
      backToListenShortcut: 'CommandOrControl+Alt+L',
      language: 'system',
      startAtLogin: false,
      reminderAfterMinutes: 5,
      reminderRepeatMinutes: 2,
      bargeGuard: true,
    });
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(SETTINGS_KEYS).toHaveLength(15);
  });

  it('accepts only https gateway URLs with a host, normalised to the origin', () => {
    expect(parsePartialSettings({ gatewayUrl: ' https://Gateway.Example:8043/ ' })).toEqual({ ok: true, settings: { gatewayUrl: 'https://gateway.example:8043' } });
    expect(errorsOf({ gatewayUrl: 'http://gateway.example:8043' })).toEqual([
      { key: 'gatewayUrl', message: 'Gateway URL must use https:// (the gateway is never contacted over http).', zh: '网关地址必须使用 https://（绝不通过 http 连接网关）。' },
    ]);
    for (const bad of ['https://', 'gateway.example:8043', 'https://gw:8043/agentgateway/resource', 'https://user:pw@gw:8043', 'https://gw:8043/?x=1', 42]) {
      const [error] = errorsOf({ gatewayUrl: bad });
      expect(error?.key).toBe('gatewayUrl');
      expect(error?.message).toMatch(/https/);
    }
  });

  it('checks the certificate pin format (32 hex pairs) and upper-cases it', () => {
    expect(parsePartialSettings({ certificatePin: PIN.toLowerCase() })).toEqual({ ok: true, settings: { certificatePin: PIN.toUpperCase() } });
    for (const bad of [PIN.slice(3), `${PIN}:AA`, PIN.replace(/:/g, ''), PIN.replace(/^../, 'ZZ')]) {
      expect(errorsOf({ certificatePin: bad })).toEqual([
        {
          key: 'certificatePin',
          message: 'Certificate pin must be a SHA-256 fingerprint: 32 pairs of hex digits separated by colons (AB:CD:…).',
          zh: '证书指纹必须是 SHA-256 指纹：32 组以冒号分隔的两位十六进制数（AB:CD:…）。',
        },
      ]);
    }
  });

  it('takes a set of pins (current and next), upper-cased and each once; reads the old single pin with them', () => {
    const next = PIN.replace(/^../, 'FF');
    expect(parsePartialSettings({ certificatePins: [PIN.toLowerCase(), next, PIN] })).toEqual({ ok: true, settings: { certificatePins: [PIN.toUpperCase(), next.toUpperCase()] } });
    expect(pinSetOf({ certificatePin: PIN.toUpperCase(), certificatePins: [next.toUpperCase(), PIN.toUpperCase()] })).toEqual([PIN.toUpperCase(), next.toUpperCase()]);
    expect(pinSetOf({ certificatePin: null, certificatePins: [] })).toEqual([]);
    const [bad] = errorsOf({ certificatePins: [PIN, 'AB:CD'] });
    expect(bad).toMatchObject({ key: 'certificatePins', message: expect.stringMatching(/SHA-256 fingerprint/), zh: expect.stringContaining('SHA-256') });
    for (const wrong of [PIN, Array.from({ length: 9 }, (_, n) => PIN.replace(/^../, n.toString(16).padStart(2, '0')))]) {
      expect(errorsOf({ certificatePins: wrong })).toEqual([
        {
          key: 'certificatePins',
          message: 'certificatePins must be a list of up to 8 SHA-256 fingerprints, for example ["AB:CD:…", "12:34:…"] (the current certificate and the next).',
          zh: 'certificatePins 必须是最多 8 个 SHA-256 指纹的列表，例如 ["AB:CD:…", "12:34:…"]（当前证书和下一张证书）。',
        },
      ]);
    }
  });

  it('allows only the two documented agent-ID upper bounds and checks the agent ID against the chosen one', () => {
    expect(errorsOf({ agentIdUpperBound: 99999 })[0]?.message).toBe('Agent-ID upper bound must be 59999 (VDN gateways) or 999999 (VCC gateways, 2025).');
    expect(parseSettings({ ...DEFAULT_SETTINGS, agentId: '70000' })).toEqual({
      ok: false,
      errors: [{ key: 'agentId', message: 'Agent ID 70000 is outside the allowed range 101–59999.', zh: '质检员工号 70000 超出允许范围 101–59999。' }],
    });
    expect(parseSettings({ ...DEFAULT_SETTINGS, agentId: '70000', agentIdUpperBound: 999999 }).ok).toBe(true);
    expect(parseSettings({ ...DEFAULT_SETTINGS, agentId: '0101' }).ok).toBe(false);
  });

  it('validates the other fields with messages naming what is expected', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ phoneNumber: '7010a' }, 'phoneNumber', /digits only/],
      [{ caFile: 'relative/ca.pem' }, 'caFile', /full path/],
      [{ requestTimeoutMs: 50 }, 'requestTimeoutMs', /at least 1000 ms/],
      [{ requestTimeoutMs: 1.5e3 + 0.5 }, 'requestTimeoutMs', /whole number/],
      [{ stopShortcut: 'S' }, 'stopShortcut', /modifiers and a key/],
      [{ backToListenShortcut: 'Ctrl+Alt+Nope' }, 'backToListenShortcut', /modifiers and a key/],
      [{ language: 'fr' }, 'language', /system, en or zh-CN/],
      [{ startAtLogin: 'yes' }, 'startAtLogin', /true or false/],
      [{ reminderAfterMinutes: -1 }, 'reminderAfterMinutes', /at least 0/],
      [{ reminderRepeatMinutes: 0 }, 'reminderRepeatMinutes', /at least 1 minute/],
      [{ bargeGuard: 1 }, 'bargeGuard', /true or false/],
    ];
    for (const [input, key, message] of cases) {
      const errors = errorsOf(input);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.key).toBe(key);
      expect(errors[0]?.message).toMatch(message);
    }
    expect(parsePartialSettings({ stopShortcut: null, reminderAfterMinutes: 0, caFile: '/etc/ssl/site-ca.pem' }).ok).toBe(true);
  });

  it('recognises Electron accelerators', () => {
    for (const ok of ['CommandOrControl+Alt+S', 'Ctrl+Shift+F12', 'Alt+Space', 'Super+num5', 'CmdOrCtrl+Plus']) expect(isAccelerator(ok), ok).toBe(true);
    for (const bad of ['', 'S', 'Ctrl+', 'Ctrl+Alt', 'Hyper+S', 'Ctrl+F25', 'Ctrl+SS']) expect(isAccelerator(bad), bad).toBe(false);
  });

  it('refuses unknown keys, and says passwords are never stored', () => {
    expect(errorsOf({ password: 'Inspect0r!', colour: 'red' })).toEqual([
      { key: 'password', message: '“password” cannot be saved: passwords and session keys are never stored.', zh: '“password”无法保存：密码和会话密钥从不保存。' },
      { key: 'colour', message: '“colour” is not a setting Whisper Control knows.', zh: '“colour”不是 Whisper Control 认识的设置。' },
    ]);
    expect(errorsOf('not an object')).toEqual([
      { key: '(settings)', message: 'Settings must be a JSON object of setting names and values.', zh: '设置必须是由设置名和值组成的 JSON 对象。' },
    ]);
  });
});

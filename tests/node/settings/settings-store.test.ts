import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { DEFAULT_SETTINGS } from '@main/settings/schema';
import { SettingsStore } from '@main/settings/settings-store';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setup(files: { settings?: string; policy?: unknown } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'wc-settings-'));
  dirs.push(dir);
  const userDataDir = join(dir, 'user-data');
  const policyPath = join(dir, 'policy.json');
  if (files.settings !== undefined) {
    await import('node:fs/promises').then((fs) => fs.mkdir(userDataDir, { recursive: true }));
    await writeFile(join(userDataDir, 'settings.json'), files.settings);
  }
  if (files.policy !== undefined) await writeFile(policyPath, typeof files.policy === 'string' ? files.policy : JSON.stringify(files.policy));
  const sink = memoryLogSink();
  const open = () => SettingsStore.open({ userDataDir, policyPath, logger: createLogger(sink), now: () => new Date('2026-11-24T21:30:00.123Z') });
  return { dir, userDataDir, policyPath, sink, open };
}

describe('settings store', () => {
  it('loads defaults when there is no file, with no notice and gateway access allowed', async () => {
    const { open } = await setup();
    const store = await open();
    expect(store.view()).toEqual({ settings: DEFAULT_SETTINGS, locked: [], notice: null });
    expect(store.gatewayBlocked()).toBeNull();
  });

  it('saves only the person\'s choices, atomically (temp file + rename), readable by the next start', async () => {
    const { open, userDataDir } = await setup();
    const store = await open();
    const saved = await store.save({ gatewayUrl: 'https://gw.example:8043', agentId: '101', phoneNumber: '70101' });
    expect(saved.ok).toBe(true);
    const file = join(userDataDir, 'settings.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ gatewayUrl: 'https://gw.example:8043', agentId: '101', phoneNumber: '70101' });
    const before = await stat(file);
    expect(before.mode & 0o077).toBe(0); // only the person can read it

    expect((await store.save({ requestTimeoutMs: 8000 })).ok).toBe(true);
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino); // replaced by rename, never rewritten in place
    expect((await readdir(userDataDir)).sort()).toEqual(['settings.json']); // no temp file left behind

    const reopened = await open();
    expect(reopened.settings()).toEqual({ ...DEFAULT_SETTINGS, gatewayUrl: 'https://gw.example:8043', agentId: '101', phoneNumber: '70101', requestTimeoutMs: 8000 });
  });

  it('refuses invalid values and passwords with { key, message } and writes nothing', async () => {
    const { open, userDataDir } = await setup();
    const store = await open();
    expect(await store.save({ gatewayUrl: 'http://gw.example', password: 'Inspect0r!' })).toEqual({
      ok: false,
      errors: [
        { key: 'gatewayUrl', message: 'Gateway URL must use https:// (the gateway is never contacted over http).', zh: '网关地址必须使用 https://（绝不通过 http 连接网关）。' },
        { key: 'password', message: '“password” cannot be saved: passwords and session keys are never stored.', zh: '“password”无法保存：密码和会话密钥从不保存。' },
      ],
    });
    expect(await store.save({ agentId: '70000' })).toEqual({
      ok: false,
      errors: [{ key: 'agentId', message: 'Agent ID 70000 is outside the allowed range 101–59999.', zh: '质检员工号 70000 超出允许范围 101–59999。' }],
    });
    await expect(readdir(userDataDir)).rejects.toThrow();
    expect(store.settings()).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ['not JSON', '{"gatewayUrl": "https://gw.example:8043",', '（不是有效的 JSON：'],
    ['an invalid value', JSON.stringify({ gatewayUrl: 'http://gw.example:8043' }), '（gatewayUrl：网关地址必须使用 https://（绝不通过 http 连接网关）。）'],
    ['a stored password', JSON.stringify({ agentId: '101', password: 'x' }), '（password：“password”无法保存：密码和会话密钥从不保存。）'],
  ])('moves a corrupt file (%s) aside, loads defaults and tells the person why, in Chinese too', async (_case, content, reasonZh) => {
    const { open, userDataDir, sink } = await setup({ settings: content });
    const store = await open();
    const aside = join(userDataDir, 'settings.corrupt-2026-11-24T21-30-00-123Z.json');
    expect(await readFile(aside, 'utf8')).toBe(content); // kept, not deleted
    expect((await readdir(userDataDir)).sort()).toEqual(['settings.corrupt-2026-11-24T21-30-00-123Z.json']);
    expect(store.settings()).toEqual(DEFAULT_SETTINGS);
    expect(store.view().notice?.en).toContain('Your settings file was damaged');
    expect(store.view().notice?.en).toContain(aside);
    expect(store.view().notice?.['zh-CN']).toContain('您的设置文件已损坏');
    expect(store.view().notice?.['zh-CN']).toContain(reasonZh);
    expect(store.view().notice?.['zh-CN']).not.toMatch(/must|cannot be saved|not valid JSON/);
    expect(store.view().notice?.['zh-CN']).toContain(aside);
    expect(sink.lines.join('\n')).toContain('settings file damaged');
    // saving afterwards works and clears the notice
    expect((await store.save({ agentId: '101' })).ok).toBe(true);
    expect(store.view().notice).toBeNull();
  });
});

describe('admin policy', () => {
  const policy = {
    defaults: { requestTimeoutMs: 7000, stopShortcut: 'Ctrl+Shift+F9', language: 'zh-CN' },
    locked: { gatewayUrl: 'https://gw.site.example:8043', agentIdUpperBound: 999999, startAtLogin: true },
  };

  it('layers built-in defaults < policy defaults < the person\'s choices < locked values, and lists the locked keys', async () => {
    const { open } = await setup({
      policy,
      settings: JSON.stringify({ requestTimeoutMs: 9000, gatewayUrl: 'https://my-own.example:8043', agentId: '123456' }),
    });
    const store = await open();
    expect(store.settings()).toEqual({
      ...DEFAULT_SETTINGS,
      requestTimeoutMs: 9000, // the person's choice beats the policy default
      stopShortcut: 'Ctrl+Shift+F9', // policy default beats the built-in default
      language: 'zh-CN',
      gatewayUrl: 'https://gw.site.example:8043', // locked beats the person's file
      agentIdUpperBound: 999999,
      startAtLogin: true,
      agentId: '123456', // valid only because the policy locked the 2025 upper bound
    });
    expect([...store.view().locked].sort()).toEqual(['agentIdUpperBound', 'gatewayUrl', 'startAtLogin']);
    expect(store.view().notice).toBeNull();
    expect(store.gatewayBlocked()).toBeNull();
  });

  it('refuses to change a locked key, naming it; an unchanged locked value is accepted', async () => {
    const { open, userDataDir } = await setup({ policy });
    const store = await open();
    expect(await store.save({ gatewayUrl: 'https://elsewhere.example:8043', startAtLogin: false, bargeGuard: false })).toEqual({
      ok: false,
      errors: [
        { key: 'gatewayUrl', message: '“gatewayUrl” is locked by your administrator\'s policy and cannot be changed here.', zh: '“gatewayUrl”已被管理员策略锁定，无法在此更改。' },
        { key: 'startAtLogin', message: '“startAtLogin” is locked by your administrator\'s policy and cannot be changed here.', zh: '“startAtLogin”已被管理员策略锁定，无法在此更改。' },
      ],
    });
    expect(store.settings().bargeGuard).toBe(true);
    const same = await store.save({ gatewayUrl: 'https://gw.site.example:8043', bargeGuard: false });
    expect(same.ok).toBe(true);
    expect(JSON.parse(await readFile(join(userDataDir, 'settings.json'), 'utf8'))).toEqual({ bargeGuard: false });
  });

  it.each([
    ['not JSON', '{ "locked": ', /not valid JSON/, /无效：它不是有效的 JSON（.+）。在 IT 修正之前/],
    ['an unknown section', { lock: { gatewayUrl: 'https://gw.example' } }, /lock: not a known policy key/, /无效：lock：不是已知的策略键。/],
    ['an unknown setting', { locked: { gatewayURL: 'https://gw.example' } }, /locked.gatewayURL: not a known policy key/, /locked\.gatewayURL：不是已知的策略键/],
    ['a section that is not an object', { locked: 5 }, /locked must be a JSON object/, /locked 必须是由键和值组成的 JSON 对象/],
    ['an http gateway', { locked: { gatewayUrl: 'http://gw.example' } }, /locked.gatewayUrl: Gateway URL must use https/, /locked\.gatewayUrl：网关地址必须使用 https:\/\//],
    ['a bad pin', { defaults: { certificatePin: 'AB:CD' } }, /defaults.certificatePin: Certificate pin must be/, /defaults\.certificatePin：证书指纹必须是 SHA-256 指纹/],
    ['an out-of-range value', { locked: { requestTimeoutMs: 5 } }, /locked.requestTimeoutMs: Request timeout must be at least 1000 ms\. Whisper/, /locked\.requestTimeoutMs：请求超时至少为 1000 毫秒。在 IT 修正之前/],
    [
      'two problems',
      { defaults: { reminderAfterMinutes: 999 }, lock: {} },
      /defaults.reminderAfterMinutes: Reminder time \(0 turns it off\) must be at most 240 minutes\.; lock: not a known policy key\. Whisper/,
      /defaults\.reminderAfterMinutes：提醒时间（0 为关闭）最多为 240 分钟。；lock：不是已知的策略键。在 IT 修正之前/,
    ],
    ['values that do not fit together', { locked: { agentId: '70000', agentIdUpperBound: 59999 } }, /do not fit together.*Agent ID 70000/, /其中的值相互冲突（质检员工号 70000 超出允许范围 101–59999。）/],
    ['an updates section without its feed', { updates: { enabled: true } }, /updates.url: url is required when updates are enabled/, /updates\.url：开启更新时必须填写 url/],
    ['an audit forwarding port out of range', { auditForwarding: { host: 'logs', port: 70000 } }, /auditForwarding.port: port must be between 1 and 65535/, /auditForwarding\.port：port 必须在 1 到 65535 之间/],
  ])('an invalid policy (%s) is reported in both languages and the app refuses to contact a gateway', async (_case, content, problem, problemZh) => {
    const { open, policyPath, sink } = await setup({ policy: content, settings: JSON.stringify({ gatewayUrl: 'https://my-own.example:8043' }) });
    const store = await open();
    const blocked = store.gatewayBlocked();
    expect(blocked?.en).toMatch(problem);
    expect(blocked?.en).toContain(policyPath);
    expect(blocked?.en).toContain('will not contact a gateway until IT corrects it');
    expect(blocked?.['zh-CN']).toMatch(problemZh);
    expect(blocked?.['zh-CN']).toContain(policyPath);
    expect(blocked?.['zh-CN']).toContain('在 IT 修正之前');
    // The Chinese notice carries no English reason.
    expect(blocked?.['zh-CN']).not.toMatch(/ must | not a known|do not fit|not valid JSON|is required/);
    expect(store.view().notice).toEqual(blocked);
    expect(store.view().locked).toEqual([]); // nothing from a policy we could not read is applied
    expect(sink.lines.some((l) => l.startsWith('error') && l.includes('admin policy invalid'))).toBe(true);
  });

  it('a policy file that cannot be read is reported in both languages', async () => {
    const { open, policyPath } = await setup();
    await mkdir(policyPath); // reading a folder fails with EISDIR, as an unreadable file fails with EACCES
    const store = await open();
    expect(store.gatewayBlocked()?.en).toContain('is invalid: it cannot be read (EISDIR).');
    expect(store.gatewayBlocked()?.['zh-CN']).toContain('无效：无法读取该文件（EISDIR）。');
  });
});

describe('settings store concurrency', () => {
  it('two saves in quick succession both land', async () => {
    const { open, userDataDir } = await setup();
    const store = await open();
    const [a, b] = await Promise.all([store.save({ agentId: '101' }), store.save({ phoneNumber: '70101' })]);
    expect(a.ok && b.ok).toBe(true);
    expect(JSON.parse(await readFile(join(userDataDir, 'settings.json'), 'utf8'))).toEqual({ agentId: '101', phoneNumber: '70101' });
  });
});

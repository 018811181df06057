import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
    ['not JSON', '{"gatewayUrl": "https://gw.example:8043",'],
    ['an invalid value', JSON.stringify({ gatewayUrl: 'http://gw.example:8043' })],
    ['a stored password', JSON.stringify({ agentId: '101', password: 'x' })],
  ])('moves a corrupt file (%s) aside, loads defaults and tells the person', async (_case, content) => {
    const { open, userDataDir, sink } = await setup({ settings: content });
    const store = await open();
    const aside = join(userDataDir, 'settings.corrupt-2026-11-24T21-30-00-123Z.json');
    expect(await readFile(aside, 'utf8')).toBe(content); // kept, not deleted
    expect((await readdir(userDataDir)).sort()).toEqual(['settings.corrupt-2026-11-24T21-30-00-123Z.json']);
    expect(store.settings()).toEqual(DEFAULT_SETTINGS);
    expect(store.view().notice?.en).toContain('Your settings file was damaged');
    expect(store.view().notice?.en).toContain(aside);
    expect(store.view().notice?.['zh-CN']).toContain('您的设置文件已损坏');
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
    ['not JSON', '{ "locked": ', /not valid JSON/],
    ['an unknown section', { lock: { gatewayUrl: 'https://gw.example' } }, /lock: not a known policy key/],
    ['an unknown setting', { locked: { gatewayURL: 'https://gw.example' } }, /locked.gatewayURL: not a known policy key/],
    ['an http gateway', { locked: { gatewayUrl: 'http://gw.example' } }, /locked.gatewayUrl: Gateway URL must use https/],
    ['a bad pin', { defaults: { certificatePin: 'AB:CD' } }, /defaults.certificatePin: Certificate pin must be/],
    ['values that do not fit together', { locked: { agentId: '70000', agentIdUpperBound: 59999 } }, /do not fit together.*Agent ID 70000/],
  ])('an invalid policy (%s) is reported and the app refuses to contact a gateway', async (_case, content, problem) => {
    const { open, policyPath, sink } = await setup({ policy: content, settings: JSON.stringify({ gatewayUrl: 'https://my-own.example:8043' }) });
    const store = await open();
    const blocked = store.gatewayBlocked();
    expect(blocked?.en).toMatch(problem);
    expect(blocked?.en).toContain(policyPath);
    expect(blocked?.en).toContain('will not contact a gateway until IT corrects it');
    expect(blocked?.['zh-CN']).toContain(policyPath);
    expect(blocked?.['zh-CN']).toContain('在 IT 修正之前');
    expect(store.view().notice).toEqual(blocked);
    expect(store.view().locked).toEqual([]); // nothing from a policy we could not read is applied
    expect(sink.lines.some((l) => l.startsWith('error') && l.includes('admin policy invalid'))).toBe(true);
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

import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '@app/settings';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { watchNativePolicy } from '@main/settings/native-policy';
import { combinePolicy } from '@main/settings/policy';
import { nativeToPolicyJson, type NativeValues } from '@main/settings/policy-catalogue';
import { SettingsStore } from '@main/settings/settings-store';
import { until } from '@support/until';

/**
 * Policy applied live: the Linux/portable JSON file is watched, the native store (Windows registry,
 * macOS managed preferences) is fed in through the same path, and Settings hears of each change.
 * The native module itself runs on Windows and macOS only; here a stand-in delivers its values.
 */
const PIN_A = Array.from({ length: 32 }, () => 'AB').join(':');
const PIN_B = Array.from({ length: 32 }, () => 'CD').join(':');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(native?: { push: (values: NativeValues) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'wc-policy-live-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const policyPath = join(dir, 'policy.json');
  const sink = memoryLogSink();
  const store = await SettingsStore.open({
    userDataDir: join(dir, 'user-data'),
    policyPath,
    logger: createLogger(sink),
    watchPolicy: {
      intervalMs: 20,
      native: (onChange) => {
        if (native) native.push = onChange;
        return null;
      },
    },
  });
  cleanups.push(() => store.close());
  const views: SettingsView[] = [];
  store.onChange((view) => views.push(view));
  return { store, policyPath, views, sink };
}

describe('the JSON policy file, watched', () => {
  it('applies a new, changed, broken, fixed and deleted policy file without a restart, telling Settings each time', async () => {
    const { store, policyPath, views, sink } = await setup();
    expect(store.view().locked).toEqual([]);

    await writeFile(policyPath, JSON.stringify({ locked: { gatewayUrl: 'https://gw.example.internal:8043', certificatePins: [PIN_A, PIN_B] } }));
    await until('the new policy', () => store.view().locked.includes('gatewayUrl'));
    expect(store.settings()).toMatchObject({ gatewayUrl: 'https://gw.example.internal:8043', certificatePins: [PIN_A, PIN_B] });
    expect(views.at(-1)?.locked).toEqual(['gatewayUrl', 'certificatePins']);

    await writeFile(policyPath, JSON.stringify({ locked: { gatewayUrl: 'https://gw2.example.internal:8043' } }));
    await until('the changed policy', () => store.settings().gatewayUrl === 'https://gw2.example.internal:8043');
    expect(store.settings().certificatePins).toEqual([]);

    await writeFile(policyPath, '{ "locked": { "requestTimeoutMs": 5 } }');
    await until('the broken policy', () => store.gatewayBlocked() !== null);
    expect(store.view().notice?.en).toMatch(/locked\.requestTimeoutMs/);
    expect(store.view().notice?.['zh-CN']).toContain('策略文件');
    expect(store.view().notice?.['zh-CN']).toContain('无效：locked.requestTimeoutMs：请求超时至少为 1000 毫秒。在 IT 修正之前');
    expect(views.at(-1)?.notice?.['zh-CN']).toContain('locked.requestTimeoutMs：请求超时至少为 1000 毫秒');

    await writeFile(policyPath, JSON.stringify({ locked: { requestTimeoutMs: 8000 } }));
    await until('the fixed policy', () => store.gatewayBlocked() === null);
    expect(store.settings().requestTimeoutMs).toBe(8000);

    await unlink(policyPath);
    await until('no policy', () => store.view().locked.length === 0);
    expect(store.settings().requestTimeoutMs).toBe(5000);
    expect(sink.lines.some((line) => line.includes('admin policy applied'))).toBe(true);
  });
});

describe('the native policy store (registry, managed preferences)', () => {
  it('turns native values into the JSON policy sections: lists split, facility digits as a number', () => {
    expect(
      nativeToPolicyJson({
        gatewayUrl: 'https://gw.example.internal:8043',
        certificatePins: `${PIN_A}, ${PIN_B}`,
        startAtLogin: true,
        agentIdUpperBound: 999999,
        auditForwardingHost: 'logs.example.internal',
        auditForwardingFacility: '20',
        updatesEnabled: false,
        requestTimeoutMs: undefined,
      }),
    ).toEqual({
      locked: { gatewayUrl: 'https://gw.example.internal:8043', certificatePins: [PIN_A, PIN_B], startAtLogin: true, agentIdUpperBound: 999999 },
      auditForwarding: { host: 'logs.example.internal', facility: 20 },
      updates: { enabled: false },
    });
  });

  it('locks over the file, sets whole sections, and is checked with the file’s own messages', () => {
    const file = JSON.stringify({ defaults: { language: 'zh-CN' }, locked: { gatewayUrl: 'https://from-file.example:8043', requestTimeoutMs: 7000 } });
    const load = combinePolicy('/etc/whisper-control/policy.json', file, { gatewayUrl: 'https://from-registry.example:8043', updatesEnabled: true, updatesUrl: 'https://updates.example.internal/wc/' });
    expect(load).toMatchObject({
      status: 'ok',
      policy: {
        defaults: { language: 'zh-CN' },
        locked: { gatewayUrl: 'https://from-registry.example:8043', requestTimeoutMs: 7000 },
        updates: { enabled: true, url: 'https://updates.example.internal/wc/', channel: 'latest' },
      },
    });
    expect(combinePolicy('/p', null, {})).toEqual({ status: 'none', path: '/p' });
    const bad = combinePolicy('/p', null, { requestTimeoutMs: 5, updatesEnabled: true });
    expect(bad.status).toBe('invalid');
    expect(bad.status === 'invalid' && bad.problem.en).toMatch(/locked\.requestTimeoutMs: .*1000/);
    expect(bad.status === 'invalid' && bad.problem.en).toMatch(/updates\.url: url is required when updates are enabled/);
    expect(bad.status === 'invalid' && bad.problem['zh-CN']).toMatch(/locked\.requestTimeoutMs：请求超时至少为 1000 毫秒。/);
    expect(bad.status === 'invalid' && bad.problem['zh-CN']).toMatch(/updates\.url：开启更新时必须填写 url。/);
  });

  it('applies a change in the native store at once', async () => {
    const native = { push: (_values: NativeValues) => undefined as void };
    const { store, views } = await setup(native);
    native.push({ gatewayUrl: 'https://gw.example.internal:8043', auditForwardingHost: 'logs.example.internal' });
    await until('the native policy', () => store.view().locked.includes('gatewayUrl'));
    expect(store.forwardingPolicy()).toMatchObject({ host: 'logs.example.internal', port: 6514, transport: 'tls' });
    native.push({ gatewayUrl: undefined, auditForwardingHost: 'logs.example.internal' });
    await until('the value removed', () => !store.view().locked.includes('gatewayUrl'));
    expect(views.length).toBeGreaterThanOrEqual(2);
  });

  it('is not loaded on Linux, where the module has only a stub (the JSON file applies)', () => {
    expect(watchNativePolicy(() => undefined, createLogger(memoryLogSink()), 'linux')).toBeNull();
  });
});

describe('the native store’s first values, which arrive after the watcher is created', () => {
  async function openWith(native: (onChange: (values: NativeValues) => void) => { dispose(): void } | null, nativeFirstValuesTimeoutMs?: number) {
    const dir = await mkdtemp(join(tmpdir(), 'wc-policy-native-first-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const sink = memoryLogSink();
    const store = await SettingsStore.open({
      userDataDir: join(dir, 'user-data'),
      policyPath: join(dir, 'policy.json'),
      logger: createLogger(sink),
      watchPolicy: { intervalMs: 20, native, ...(nativeFirstValuesTimeoutMs !== undefined && { nativeFirstValuesTimeoutMs }) },
    });
    cleanups.push(() => store.close());
    return { store, sink };
  }

  it('are applied before open returns, so the locked gateway, forwarding and updates are read with them', async () => {
    const { store } = await openWith((onChange) => {
      const late = setTimeout(
        () => onChange({ gatewayUrl: 'https://gw.example.internal:8043', auditForwardingHost: 'logs.example.internal', updatesEnabled: true, updatesUrl: 'https://updates.example.internal/whisper' }),
        50,
      );
      return { dispose: () => clearTimeout(late) };
    });
    expect(store.settings().gatewayUrl).toBe('https://gw.example.internal:8043');
    expect(store.view().locked).toContain('gatewayUrl');
    expect(store.forwardingPolicy()).toMatchObject({ host: 'logs.example.internal' });
    expect(store.updatesPolicy()).toMatchObject({ enabled: true, url: 'https://updates.example.internal/whisper' });
  });

  it('are not waited for forever: open returns after a short wait, logs it, and applies them when they come', async () => {
    let deliver: (values: NativeValues) => void = () => undefined;
    const { store, sink } = await openWith((onChange) => {
      deliver = onChange;
      return { dispose: () => undefined };
    }, 50);
    expect(sink.lines.some((line) => line.includes('native policy store gave no values at start'))).toBe(true);
    expect(store.view().locked).toEqual([]);
    deliver({ gatewayUrl: 'https://gw.example.internal:8043' });
    await until('the late native policy', () => store.view().locked.includes('gatewayUrl'));
  });
});

describe('a policy file caught half-written', () => {
  it('is not applied on one invalid read: the policy stays until the file reads invalid twice', async () => {
    // A checking interval long enough that the test writes the completed file before the next check,
    // even on a machine busy enough to stall this process for a second.
    const dir = await mkdtemp(join(tmpdir(), 'wc-policy-half-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const policyPath = join(dir, 'policy.json');
    const complete = JSON.stringify({ locked: { gatewayUrl: 'https://gw.example.internal:8043' } });
    await writeFile(policyPath, complete);
    const sink = memoryLogSink();
    const store = await SettingsStore.open({ userDataDir: join(dir, 'user-data'), policyPath, logger: createLogger(sink), watchPolicy: { intervalMs: 2500 } });
    cleanups.push(() => store.close());
    const views: SettingsView[] = [];
    store.onChange((view) => views.push(view));
    const heldReads = () => sink.lines.filter((line) => line.includes('admin policy reads invalid')).length;

    await writeFile(policyPath, complete.slice(0, 20));
    await until('the half-written read held', () => heldReads() === 1);
    expect(store.gatewayBlocked()).toBeNull();
    await writeFile(policyPath, JSON.stringify({ locked: { gatewayUrl: 'https://gw.example.internal:8043', requestTimeoutMs: 7000 } }));
    await until('the completed file applied', () => store.settings().requestTimeoutMs === 7000);
    expect(views.every((view) => view.notice === null)).toBe(true);
    expect(store.gatewayBlocked()).toBeNull();

    // Still broken at the next check: applied then, and the gateway is blocked.
    await writeFile(policyPath, '{ "locked": ');
    await until('the broken file applied', () => store.gatewayBlocked() !== null);
    expect(heldReads()).toBe(2);
    expect(store.gatewayBlocked()?.en).toMatch(/is invalid: it is not valid JSON \(.+\)\. Whisper Control will not contact/);
    expect(store.gatewayBlocked()?.['zh-CN']).toMatch(/无效：它不是有效的 JSON（.+）。在 IT 修正之前/);
  }, 30_000);
});

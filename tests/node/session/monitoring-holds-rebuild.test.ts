import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { eventually, withHarness, type Harness } from '../ipc/harness';

/**
 * The policy applies live, so a policy can change under a whisper: it may name another gateway, or
 * read invalid for a moment while IT writes it. Whatever the change, the real session host holds
 * the rebuild while the inspector monitors anyone, never signs out under the whisper, lets Stop end
 * it on the session that started it, and rebuilds once the monitoring has ended.
 */
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ pollHoldMs: 300 });
});
afterAll(async () => {
  await emulator.close();
});

async function withPolicyHarness(use: (h: Harness, policyPath: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wc-hold-rebuild-'));
  const policyPath = path.join(dir, 'policy.json');
  try {
    await withHarness({ sharedEmulator: emulator, services: { policyPath, watchPolicy: { intervalMs: 20 } } }, (h) => use(h, policyPath));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function whisper(h: Harness): Promise<void> {
  await h.signIn();
  emulator.control.startCall('1003');
  expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1003' })).toMatchObject({ ok: true });
  expect(h.services.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
}

const rebuilds = (h: Harness) => h.logLines.filter((line) => line.includes('gateway wiring rebuilt')).length;
const held = (h: Harness) => h.logLines.some((line) => line.includes('applies when the monitoring ends'));
const logouts = () => emulator.journal.filter((entry) => entry.path.endsWith('/logout'));

describe('a policy change under a whisper', () => {
  it('locking another gateway waits for the whisper to end: Stop still ends it, then the host moves', async () => {
    await withPolicyHarness(async (h, policyPath) => {
      await whisper(h);
      const before = rebuilds(h);
      emulator.clearJournal();
      await writeFile(policyPath, JSON.stringify({ locked: { gatewayUrl: 'https://127.0.0.1:9' } }));
      await eventually(() => expect(h.services.settings().gatewayUrl).toBe('https://127.0.0.1:9'));
      await h.services.settled();
      expect(logouts()).toEqual([]);
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-in', whisper: { target: '1003' } });
      expect(rebuilds(h)).toBe(before);
      expect(held(h)).toBe(true);

      expect(await h.services.actions.stop({ trigger: 'tray' })).toMatchObject({ ok: true });
      expect(emulator.journal.some((entry) => entry.method !== 'GET' && !entry.path.endsWith('/logout'))).toBe(true);
      await eventually(() => expect(rebuilds(h)).toBe(before + 1));
      await h.services.settled();
      expect(h.services.snapshot()).toMatchObject({ gatewayUrl: 'https://127.0.0.1:9', demo: false, whisper: null });
      // Leaving the emulator's gateway once the whisper was over: signed out there, as for any change of gateway.
      expect(logouts().length).toBe(1);
    });
  });

  it('an invalid policy mid-whisper neither signs out nor takes Stop away; the gateway is blocked once the whisper ends', async () => {
    await withPolicyHarness(async (h, policyPath) => {
      await whisper(h);
      const before = rebuilds(h);
      emulator.clearJournal();
      await writeFile(policyPath, '{ "locked": { "gatewayUrl": ');
      await eventually(() => expect(h.services.settingsView().notice).not.toBeNull());
      await h.services.settled();
      expect(logouts()).toEqual([]);
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-in', whisper: { target: '1003' } });
      expect(rebuilds(h)).toBe(before);
      expect(held(h)).toBe(true);

      expect(await h.services.actions.stop({ trigger: 'shortcut' })).toMatchObject({ ok: true });
      await eventually(() => expect(rebuilds(h)).toBe(before + 1));
      await h.services.settled();
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-out', whisper: null });
      expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1003' })).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
    });
  });
});

import { performExternalTrigger } from '@main/surfaces/external-triggers';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, explainFailure } from '@app/i18n/failure-explanations';
import { startEmulator, type Emulator } from '@emulator/index';
import { eventually, PANEL_SENDER, startHarness, withHarness } from '../ipc/harness';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ pollHoldMs: 300 });
});
afterAll(async () => {
  await emulator.close();
});

const otherPin = Array.from({ length: 32 }, () => 'AB').join(':');

describe('composition root', () => {
  it('leaves demo mode for a configured gateway, signing the old agent out, and trusts the CA file', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      await h.signIn();
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-in', demo: true, agentId: '101' });
      const caFile = path.join(h.userDataDir, 'site-ca.pem');
      await writeFile(caFile, emulator.caPem);
      emulator.clearJournal();
      const saved = await h.handlers['settings:save']({ changes: { gatewayUrl: emulator.url, caFile, agentId: '102', phoneNumber: '70102' } }, PANEL_SENDER);
      expect(saved).toMatchObject({ ok: true });
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-out', demo: false, agentId: '102', gatewayUrl: emulator.url });
      expect(emulator.journal.map((e) => `${e.method} ${e.path}`)).toContain('DELETE /agentgateway/resource/onlineagent/101/logout');
      await h.signIn();
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-in', agentId: '102' });
      expect(await h.services.testConnection()).toMatchObject({ ok: true });
    });
  });

  it('rebuilds the client for a new timeout and resumes the session without a password', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      await h.signIn();
      emulator.clearJournal();
      expect(await h.services.saveSettings({ requestTimeoutMs: 8000 })).toMatchObject({ ok: true });
      await eventually(() => expect(h.services.snapshot().phase).toBe('signed-in'));
      expect(emulator.journal.filter((e) => e.method === 'PUT' || e.path.endsWith('/logout'))).toEqual([]);
      expect(await h.services.actions.signOut({ trigger: 'tray' })).toMatchObject({ ok: true });
    });
  });

  it('applies a gateway setting changed mid-whisper only when the whisper ends, so the whisper stays visible', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      await h.signIn();
      emulator.control.startCall('1003');
      expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1003' })).toMatchObject({ ok: true });
      const rebuilds = () => h.logLines.filter((line) => line.includes('gateway wiring rebuilt')).length;
      const before = rebuilds();
      expect(await h.services.saveSettings({ requestTimeoutMs: 7000 })).toMatchObject({ ok: true });
      expect(rebuilds()).toBe(before);
      expect(h.services.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
      expect(await h.services.actions.stop({ trigger: 'tray' })).toMatchObject({ ok: true });
      await eventually(() => expect(rebuilds()).toBe(before + 1));
      await eventually(() => expect(h.services.snapshot()).toMatchObject({ phase: 'signed-in', whisper: null }));
      expect(await h.services.actions.signOut({ trigger: 'panel' })).toMatchObject({ ok: true });
    });
  });

  it('trusts a pinned certificate, and tests unsaved changes without applying them', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      const pinned = await h.handlers['settings:test-connection']({ changes: { gatewayUrl: emulator.url, certificatePin: emulator.serverFingerprint256 } }, PANEL_SENDER);
      expect(pinned).toMatchObject({ ok: true, certificate: { fingerprint256: emulator.serverFingerprint256 } });
      const mismatch = await h.handlers['settings:test-connection']({ changes: { gatewayUrl: emulator.url, certificatePin: otherPin } }, PANEL_SENDER);
      expect(mismatch).toMatchObject({ ok: false, failure: { kind: 'tls-pin-mismatch' } });
      expect(h.services.settings()).toMatchObject({ gatewayUrl: null, certificatePin: null });
      expect(h.services.snapshot().demo).toBe(true);
      const invalid = await h.handlers['settings:test-connection']({ changes: { gatewayUrl: 'http://gw.example' } }, PANEL_SENDER);
      expect(invalid).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'changes.gatewayUrl' } });
    });
  });

  it('starts a demo gateway given as a starter only while no gateway URL is configured, and only once', async () => {
    let starts = 0;
    const starter = async () => {
      starts += 1;
      return { url: emulator.url, caPem: emulator.caPem };
    };
    const dir = await mkdtemp(path.join(tmpdir(), 'wc-demo-'));
    const caFile = path.join(dir, 'site-ca.pem');
    await writeFile(caFile, emulator.caPem);
    const configured = await startHarness({
      sharedEmulator: emulator,
      services: { demoGateway: starter },
      settingsFile: { gatewayUrl: emulator.url, caFile, agentId: '101', phoneNumber: '70101' },
    });
    try {
      expect(configured.services.snapshot()).toMatchObject({ demo: false, gatewayUrl: emulator.url });
      expect(starts).toBe(0);
    } finally {
      await configured.close();
      await rm(dir, { recursive: true, force: true });
    }

    const unconfigured = await startHarness({ sharedEmulator: emulator, services: { demoGateway: starter } });
    try {
      expect(unconfigured.services.snapshot()).toMatchObject({ demo: true, gatewayUrl: emulator.url });
      await unconfigured.services.saveSettings({ requestTimeoutMs: 7000 });
      expect(starts).toBe(1);
    } finally {
      await unconfigured.close();
    }
  });

  it('says so when the demo gateway cannot start, in both languages', async () => {
    const failing = async () => {
      throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    };
    await withHarness({ sharedEmulator: emulator, services: { demoGateway: failing } }, async (h) => {
      expect(h.services.snapshot().notice).toEqual({
        en: 'No gateway is configured: the demo gateway could not start (EADDRINUSE).',
        'zh-CN': '尚未配置网关：演示网关无法启动（EADDRINUSE）。',
      });
    });
  });

  it("shows the shell's notice with the session's, publishes it, and clears it", async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      const published: unknown[] = [];
      h.services.onSnapshot((s) => published.push(s.notice));
      const shortcut = { en: 'The shortcut could not be registered.', 'zh-CN': '快捷键注册失败。' };
      h.services.setShellNotice(shortcut);
      expect(h.services.snapshot().notice).toEqual(shortcut);
      h.services.setShellNotice({ ...shortcut });
      expect(published).toEqual([shortcut]); // the same words again publish nothing
      await h.signIn();
      expect(h.services.snapshot().notice).toEqual(shortcut); // it outlives session changes
      h.services.setShellNotice(null);
      expect(h.services.snapshot().notice).toBeNull();
      expect(published.at(-1)).toBeNull();
    });
  });

  it('refuses settings that do not fit together in both languages, through save and through the connection test', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      const expected = { key: 'agentId', message: 'Agent ID 70000 is outside the allowed range 101–59999.', zh: '质检员工号 70000 超出允许范围 101–59999。' };
      expect(await h.services.saveSettings({ agentId: '70000' })).toEqual({ ok: false, errors: [expected] });
      const tested = await h.services.testConnection({ agentId: '70000' });
      expect(tested.failure && explainFailure(tested.failure)).toEqual({ en: expected.message, 'zh-CN': expected.zh });
    });
  });

  it('refuses with not-configured when the CA file cannot be read', async () => {
    await withHarness({ sharedEmulator: emulator }, async (h) => {
      const missing = path.join(h.userDataDir, 'missing-ca.pem');
      expect(await h.services.saveSettings({ gatewayUrl: emulator.url, caFile: missing, agentId: '101' })).toMatchObject({ ok: true });
      emulator.clearJournal();
      const result = await h.handlers['session:sign-in']({ password: 'Inspect0r!' }, PANEL_SENDER);
      expect(result).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
      if (!('failure' in result)) throw new Error('expected a failure');
      expect(describeFailure(result.failure)).toContain(missing);
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-out', demo: false });
      expect(h.services.snapshot().notice?.en).toContain('missing-ca.pem');
      expect(h.services.snapshot().notice?.['zh-CN']).toMatch(/^尚未配置网关：无法读取 CA 文件 .*missing-ca\.pem/);
      expect(emulator.journal).toEqual([]);
    });
  });

  it('refuses to contact any gateway, even the demo, when the admin policy is invalid', async () => {
    const dir = path.join(process.env['TMPDIR'] ?? '/tmp', `wc-policy-${process.pid}-${Date.now()}.json`);
    await writeFile(dir, '{"locked": {"bargeGuard": "sometimes"}}');
    const h = await startHarness({ sharedEmulator: emulator, services: { policyPath: dir } });
    try {
      emulator.clearJournal();
      expect(h.services.snapshot()).toMatchObject({ phase: 'signed-out', demo: false });
      expect(h.services.snapshot().notice?.en).toMatch(/policy/);
      for (const result of [
        await h.handlers['session:sign-in']({ password: 'Inspect0r!' }, PANEL_SENDER),
        await h.services.actions.stop({ trigger: 'shortcut' }),
        await performExternalTrigger(['--stop'], { actions: h.services.actions, logger: h.services.logger }),
      ]) {
        expect(result).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
      }
      expect(await h.services.testConnection()).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
      expect(emulator.journal).toEqual([]);
    } finally {
      await h.close();
      await rm(dir, { force: true });
    }
  });
});

describe('an installer’s quit-for-upgrade request at the composition root', () => {
  async function withRequestDir<T>(use: (dir: string, request: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(tmpdir(), 'wc-upgrade-compose-'));
    try {
      return await use(dir, path.join(dir, 'quit-for-upgrade'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('starts with the request already present, and quits at once because nobody is monitored', async () => {
    await withRequestDir(async (dir, request) => {
      await writeFile(request, '');
      let quits = 0;
      await withHarness({ sharedEmulator: emulator, services: { policyPath: path.join(dir, 'policy.json'), quitForUpgrade: () => (quits += 1), upgradeRequestIntervalMs: 20 } }, async (h) => {
        expect(h.services.snapshot()).toMatchObject({ phase: 'signed-out', demo: true });
        await eventually(() => expect(quits).toBe(1));
        expect(h.logLines.some((line) => line.includes('quitting for an upgrade'))).toBe(true);
      });
    });
  });

  it('asks to quit only once the whisper has ended', async () => {
    await withRequestDir(async (dir, request) => {
      let quits = 0;
      // An emulator of its own: no agent left signed in by another test.
      await withHarness({ services: { policyPath: path.join(dir, 'policy.json'), quitForUpgrade: () => (quits += 1), upgradeRequestIntervalMs: 20 } }, async (h) => {
        await h.signIn();
        h.emulator.control.startCall('1003');
        expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1003' })).toMatchObject({ ok: true });
        await writeFile(request, '');
        await eventually(() => expect(h.logLines.some((line) => line.includes('upgrade requested'))).toBe(true));
        expect(quits).toBe(0);
        expect(await h.services.actions.stop({ trigger: 'tray' })).toMatchObject({ ok: true });
        await eventually(() => expect(quits).toBe(1));
        expect(await h.services.actions.signOut({ trigger: 'panel' })).toMatchObject({ ok: true });
      });
    });
  });

  it('ignores a leftover request written long before the start, and honours one written afresh', async () => {
    await withRequestDir(async (dir, request) => {
      await writeFile(request, '');
      const anHourAgo = new Date(Date.now() - 60 * 60_000);
      await utimes(request, anHourAgo, anHourAgo);
      let quits = 0;
      await withHarness({ sharedEmulator: emulator, services: { policyPath: path.join(dir, 'policy.json'), quitForUpgrade: () => (quits += 1), upgradeRequestIntervalMs: 20 } }, async (h) => {
        await eventually(() => expect(h.logLines.some((line) => line.includes('ignoring a leftover upgrade request'))).toBe(true));
        expect(quits).toBe(0);
        await writeFile(request, 'again');
        await eventually(() => expect(quits).toBe(1));
      });
    });
  });
});

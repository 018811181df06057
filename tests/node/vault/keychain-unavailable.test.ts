import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { SettingsStore } from '@main/settings/settings-store';
import { KEYCHAIN_NOTICE_PREFIX } from '@main/vault/guid-vault';
import { PASSWORD, sleep, startRig, type Rig } from '../session/harness';
import { UnreachableSecretStore } from './memory-secret-store';
import { runSessionProcess } from './run-fixture';

let rig: Rig | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await rig?.close();
  rig = null;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function userDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wc-user-data-'));
  dirs.push(dir);
  return dir;
}

/** Every file under dir, recursively, with its content. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push({ path, text: await readFile(path, 'latin1') });
  }
  return out;
}

describe('no Secret Service: the session works in memory and nothing is written in plain text', () => {
  it('with a store that fails like keytar without D-Bus: clear notice, whisper and stop still work, no Guid in any file or log', async () => {
    const userData = await userDataDir();
    const store = new UnreachableSecretStore();
    rig = await startRig({ store, emulator: { guidIntervalMs: 300, guidTimeoutMs: 1000 } });
    const { session, emulator } = rig;
    const settings = await SettingsStore.open({ userDataDir: userData, policyPath: join(userData, 'none.json'), logger: createLogger(memoryLogSink()) });
    await settings.save({ gatewayUrl: emulator.url, agentId: '101', phoneNumber: '70101' });

    expect(await session.resume()).toBe('none');
    expect(session.snapshot().notice?.en).toMatch(new RegExp(`^${KEYCHAIN_NOTICE_PREFIX}Could not connect`));
    expect(session.snapshot().notice?.['zh-CN']).toMatch(/^未保存登录凭据：系统钥匙串不可用：Could not connect/);
    expect((await session.signIn(PASSWORD)).ok).toBe(true);
    await sleep(1000); // a few rotations
    expect((await session.startWhisper('1002')).ok).toBe(true);
    expect((await session.stopWhisper('1002')).ok).toBe(true);
    expect(session.snapshot()).toMatchObject({ phase: 'signed-in', authMode: 'dynamic' });
    expect(session.snapshot().notice?.en).toContain('Guid not kept: the system keychain is unavailable: Could not connect: No such file or directory');
    expect(store.calls).toBe(1); // tried once, then memory only for this run

    const issued = emulator.control.issuedGuids('101');
    expect(issued.length).toBeGreaterThan(2);
    await writeFile(join(userData, 'marker.txt'), 'the scan reads this folder');
    const files = await filesUnder(userData);
    expect(files.map((f) => f.path)).toContain(join(userData, 'settings.json'));
    for (const file of files) for (const guid of issued) expect(file.text, file.path).not.toContain(guid);
    for (const guid of issued) expect(rig.logLines.join('\n')).not.toContain(guid);
    expect((await session.signOut()).ok).toBe(true);
  });

  it('with real keytar in a process whose D-Bus points nowhere: same notice, signs in, stops, signs out, no Guid on disk', { timeout: 60_000 }, async () => {
    const userData = await userDataDir();
    rig = await startRig({ emulator: { guidIntervalMs: 200, guidTimeoutMs: 1000 } });
    const { emulator } = rig;
    const caPath = join(userData, '..', `wc-ca-${process.pid}.pem`);
    await writeFile(caPath, emulator.caPem);
    try {
      const report = await runSessionProcess({
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/whisper-control-test-bus',
        WC_GATEWAY_URL: emulator.url,
        WC_CA_PATH: caPath,
        WC_AGENT_ID: '102',
        WC_MODE: 'sign-in',
        WC_USER_DATA: userData,
      });
      expect(report).toMatchObject({ signIn: true, start: true, stop: true, signOut: true });
      const snapshot = report.snapshot as { phase: string; notice: { en: string } | null; authMode: string };
      expect(snapshot.phase).toBe('signed-in');
      expect(snapshot.authMode).toBe('dynamic');
      expect(snapshot.notice?.en).toMatch(new RegExp(`^${KEYCHAIN_NOTICE_PREFIX}`));
      const issued = emulator.control.issuedGuids('102');
      expect(issued.length).toBeGreaterThan(1);
      const files = await filesUnder(userData);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) for (const guid of issued) expect(file.text, file.path).not.toContain(guid);
    } finally {
      await rm(caPath, { force: true });
    }
  });
});

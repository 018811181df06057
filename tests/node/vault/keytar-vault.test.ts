import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAULT_SERVICE, vaultAccount } from '@main/vault/guid-vault';
import { keytarStore } from '@main/vault/keytar-store';
import { PASSWORD, sleep, startRig, waitFor, type Rig } from '../session/harness';
import { runSessionProcess } from './run-fixture';

/**
 * Real keytar against a real Secret Service (gnome-keyring on a private D-Bus session,
 * as `npm test` and CI run it: scripts/test.sh). Without a reachable Secret Service
 * these tests skip and say so.
 */
async function secretServiceProblem(): Promise<string | null> {
  try {
    await keytarStore({ timeoutMs: 3000 }).get(`${VAULT_SERVICE}-probe`, 'probe');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unavailable = await secretServiceProblem();
if (unavailable) {
  console.warn(
    `SKIPPED real-keychain vault tests: no Secret Service reachable (${unavailable}). ` +
      `Run under: dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null; npx vitest run --project node tests/node/vault'`,
  );
}

describe.skipIf(unavailable !== null)('Guid vault on the real keychain (keytar + gnome-keyring)', () => {
  const keytar = keytarStore();
  let rig: Rig;
  let dir: string;
  let caPath: string;
  let account: string;

  beforeAll(async () => {
    rig = await startRig({ store: keytar, emulator: { authMode: 'dynamic', guidIntervalMs: 300, guidTimeoutMs: 20_000 } });
    account = vaultAccount(rig.emulator.url, '101');
    dir = await mkdtemp(join(tmpdir(), 'wc-keytar-'));
    caPath = join(dir, 'ca.pem');
    await writeFile(caPath, rig.emulator.caPem);
  });

  afterAll(async () => {
    await rig?.close();
    await keytar.delete(VAULT_SERVICE, account).catch(() => false);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const fixtureEnv = () => ({ WC_GATEWAY_URL: rig.emulator.url, WC_CA_PATH: caPath, WC_AGENT_ID: '101', WC_MODE: 'resume' });

  it('stores the Guid at sign-in and follows every rotation', async () => {
    const { session, emulator } = rig;
    expect((await session.signIn(PASSWORD)).ok).toBe(true);
    await rig.vault.flush();
    expect(await keytar.get(VAULT_SERVICE, account)).toBe(emulator.control.currentGuid('101'));
    const first = emulator.control.issuedGuids('101').length;
    await waitFor(() => emulator.control.issuedGuids('101').length >= first + 3, 10_000, 'three rotations');
    await sleep(100);
    await rig.vault.flush();
    const issued = emulator.control.issuedGuids('101');
    expect(issued.slice(-2)).toContain(await keytar.get(VAULT_SERVICE, account));
    expect(await keytar.get(VAULT_SERVICE, account)).not.toBe(issued[0]);
    expect(rig.snapshots.every((s) => s.notice === null)).toBe(true);
  });

  it('a new process resumes from the keychain without a password', { timeout: 60_000 }, async () => {
    await rig.session.dispose(); // quit without signing out: the Guid stays in the keychain
    const kept = await keytar.get(VAULT_SERVICE, account);
    expect(rig.emulator.control.issuedGuids('101')).toContain(kept);
    const loginsBefore = rig.emulator.journal.filter((e) => e.path.endsWith('/onlineagent/101')).length;

    const report = await runSessionProcess(fixtureEnv());
    expect(report).toMatchObject({ resume: 'resumed', start: true, stop: true });
    expect(report.snapshot).toMatchObject({ phase: 'signed-in', notice: null });
    expect(rig.emulator.journal.filter((e) => e.path.endsWith('/onlineagent/101'))).toHaveLength(loginsBefore);
    // the resumed process kept rotating Guids in the keychain and left the newest there on exit
    expect(rig.emulator.control.issuedGuids('101').slice(-2)).toContain(await keytar.get(VAULT_SERVICE, account));
  });

  it('a new process with an expired session signs out cleanly and deletes the kept Guid', { timeout: 60_000 }, async () => {
    rig.emulator.control.signOutAgent('101');
    expect(await keytar.get(VAULT_SERVICE, account)).not.toBeNull();
    const report = await runSessionProcess(fixtureEnv());
    expect(report).toMatchObject({ resume: 'expired', snapshot: { phase: 'expired', notice: { en: 'Session expired, sign in again.', 'zh-CN': '会话已过期，请重新签入。' } } });
    expect(await keytar.get(VAULT_SERVICE, account)).toBeNull();
  });

  it('expiry while running deletes the Guid; sign-out deletes it too', async () => {
    const live = rig.another({ store: keytar });
    expect((await live.session.signIn(PASSWORD)).ok).toBe(true);
    await live.vault.flush();
    expect(await keytar.get(VAULT_SERVICE, account)).not.toBeNull();
    rig.emulator.control.signOutAgent('101');
    await waitFor(() => live.session.snapshot().phase === 'expired', 15_000, 'expiry');
    await live.vault.flush();
    expect(await keytar.get(VAULT_SERVICE, account)).toBeNull();

    const again = rig.another({ store: keytar });
    expect((await again.session.signIn(PASSWORD)).ok).toBe(true);
    await again.vault.flush();
    expect(await keytar.get(VAULT_SERVICE, account)).not.toBeNull();
    expect((await again.session.signOut()).ok).toBe(true);
    expect(await keytar.get(VAULT_SERVICE, account)).toBeNull();
  });
});

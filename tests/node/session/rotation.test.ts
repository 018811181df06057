import { afterEach, describe, expect, it } from 'vitest';
import { vaultAccount, VAULT_SERVICE } from '@main/vault/guid-vault';
import type { SessionPhase } from '@app/whisper';
import { MemorySecretStore } from '../vault/memory-secret-store';
import { PASSWORD, requestsOf, routeOf, sleep, startRig, type Rig } from './harness';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('dynamic authentication with fast rotation (GUIDINTERVAL 200 ms, GUIDTIMEOUT 400 ms)', () => {
  it('survives 100+ rotations while whispering and stopping: current Guid on every request, no auth failure, keychain within one rotation', { timeout: 90_000 }, async () => {
    const store = new MemorySecretStore();
    rig = await startRig({
      store,
      emulator: { authMode: 'dynamic', guidIntervalMs: 200, guidTimeoutMs: 400 },
      session: { pollIntervalMs: 200 },
    });
    const { session, emulator } = rig;
    const phases = new Set<SessionPhase>();
    session.onChange((s) => phases.add(s.phase));
    const account = vaultAccount(emulator.url, '101');

    expect((await session.signIn(PASSWORD)).ok).toBe(true);
    const failures: string[] = [];
    const vaultLag: number[] = [];
    let cycles = 0;
    while (emulator.control.issuedGuids('101').length < 101 && failures.length === 0) {
      for (const [action, result] of [
        ['start', await session.startWhisper('1002')],
        ['stop', await session.stopWhisper('1002')],
      ] as const) {
        if (!result.ok) failures.push(`${action}: ${JSON.stringify(result.failure)}`);
      }
      cycles++;
      // the keychain may trail the gateway by at most one rotation (writes are coalesced, never awaited by a stop)
      const issued = emulator.control.issuedGuids('101');
      const kept = store.value(VAULT_SERVICE, account);
      vaultLag.push(issued.length - 1 - issued.indexOf(kept ?? ''));
      await sleep(cycles % 3 === 0 ? 0 : 37); // spread the stops across the rotation phase
    }
    const issued = emulator.control.issuedGuids('101');
    expect(issued.length).toBeGreaterThanOrEqual(101);
    expect(failures).toEqual([]);
    expect(cycles).toBeGreaterThan(50);
    expect([...phases]).toEqual(['signing-in', 'signed-in']);
    expect(session.snapshot().authMode).toBe('dynamic');
    expect(Math.max(...vaultLag)).toBeLessThanOrEqual(1);
    expect(Math.min(...vaultLag)).toBeGreaterThanOrEqual(0);

    // Every authenticated request carried an issued Guid, and never one older than the newest the
    // client had already used minus one rotation (a request racing the poll that brings the next one).
    const authenticated = requestsOf(emulator.journal, '101').filter((e) => routeOf(e) !== 'login');
    const stops = authenticated.filter((e) => routeOf(e) === 'requeststopwhisperagent');
    expect(stops.length).toBe(cycles);
    let newest = 0;
    for (const entry of authenticated) {
      const index = issued.indexOf(entry.headers['guid'] ?? '');
      expect(index, `${routeOf(entry)} carried a Guid never issued`).toBeGreaterThanOrEqual(0);
      expect(index, `${routeOf(entry)} carried a Guid two rotations old`).toBeGreaterThanOrEqual(newest - 1);
      newest = Math.max(newest, index);
    }
    // the stops used Guids from all along the rotation, not one lucky value
    expect(new Set(stops.map((e) => e.headers['guid'])).size).toBeGreaterThan(50);

    await rig.vault.flush();
    const finalIssued = emulator.control.issuedGuids('101');
    expect(finalIssued.slice(-2)).toContain(store.value(VAULT_SERVICE, account));
    // coalescing: fewer keychain writes than rotations would need if every Set-GUID were written at once
    expect(store.calls.filter((c) => c.op === 'set').length).toBeLessThanOrEqual(finalIssued.length);
    for (const s of [session.snapshot()]) for (const g of finalIssued) expect(JSON.stringify(s)).not.toContain(g);
    const log = rig.logLines.join('\n');
    for (const g of finalIssued) expect(log).not.toContain(g);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, startRig, type Rig } from './harness';

/** The session's console calls: listen/insert/intercept drive the whisper state; the roster keeps the Guid current. */
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('inspector session: console', () => {
  it('refuses everything before sign-in without a request', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 50 } });
    expect(await rig.session.roster()).toEqual({ ok: false, failure: { kind: 'not-signed-in' } });
    expect(await rig.session.startMonitoring('listen', '1002')).toMatchObject({ ok: false, failure: { kind: 'not-signed-in' } });
    expect(await rig.session.intercept('1002')).toMatchObject({ ok: false, failure: { kind: 'not-signed-in' } });
    expect(rig.emulator.journal).toEqual([]);
  });

  it('listen and insert set the mode and target; intercept leaves no mode', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 50 } });
    expect((await rig.session.signIn(PASSWORD)).ok).toBe(true);
    expect(await rig.session.startMonitoring('insert', '1003')).toMatchObject({ ok: true });
    expect(rig.session.snapshot().whisper).toMatchObject({ mode: 'insert', target: '1003' });
    expect(await rig.session.intercept('1003')).toMatchObject({ ok: true });
    expect(rig.session.snapshot().whisper).toBeNull();
    rig.emulator.control.endCall('101');
    expect(await rig.session.startMonitoring('listen', '1002')).toMatchObject({ ok: true });
    expect(rig.session.snapshot().whisper).toMatchObject({ mode: 'listen', target: '1002' });
  });

  it('roster calls carry the current Guid across a rotation (dynamic authentication)', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 2000, guidIntervalMs: 300, guidTimeoutMs: 60_000 } });
    expect((await rig.session.signIn(PASSWORD)).ok).toBe(true);
    const before = rig.emulator.control.currentGuid('101');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const roster = await rig.session.roster();
    expect(roster.ok).toBe(true);
    const after = rig.emulator.control.currentGuid('101');
    expect(after).not.toBe(before);
    // The next call carries the Guid the roster answer brought.
    rig.emulator.clearJournal();
    expect((await rig.session.roster()).ok).toBe(true);
    const sent = rig.emulator.journal.find((e) => e.path.endsWith('/allagent'))!.headers['guid'];
    expect(sent).toBe(rig.emulator.control.currentGuid('101'));
  });
});

import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure, explainFailure } from '@app/i18n/failure-explanations';
import { vaultAccount, VAULT_SERVICE } from '@main/vault/guid-vault';
import { SESSION_EXPIRED_NOTICE, type SessionResult } from '@main/session/session';
import { MemorySecretStore } from '../vault/memory-secret-store';
import { PASSWORD, requestsOf, routeOf, sleep, startRig, waitFor, type Rig } from './harness';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

function failureOf(result: SessionResult) {
  if (result.ok) throw new Error(`expected a failure, got ok: ${result.message}`);
  return result;
}

describe('inspector session against the emulator', () => {
  it('static mode: signs in, polls, whispers and stops with the same Guid; snapshots never hold it', async () => {
    rig = await startRig({ emulator: { authMode: 'static', pollHoldMs: 200 }, session: { staticAfterMs: 600 } });
    const { session, emulator } = rig;
    expect(session.snapshot().phase).toBe('signed-out');

    const signIn = await session.signIn(PASSWORD);
    expect(signIn).toMatchObject({ ok: true, retcode: '0' });
    const guid = emulator.control.currentGuid('101') as string;
    // Not known yet: only a Guid that outlives GUIDTIMEOUT unrotated proves static authentication.
    expect(session.snapshot()).toMatchObject({ phase: 'signed-in', authMode: null, agentId: '101', gatewayUrl: emulator.url, pollFailures: 0 });
    await waitFor(() => session.snapshot().authMode === 'static', 3000, 'static authentication to be recognised');
    expect(rig.phases()).toEqual(['signing-in', 'signed-in', 'signed-in']); // the last: static authentication recognised

    // the sign-in carries the password given and the configured phone (the client adds the
    // documented defaults: tests/node/gateway/whisper-calls.test.ts)
    const login = requestsOf(emulator.journal, '101').find((e) => routeOf(e) === 'login');
    expect(JSON.parse(login?.body ?? '{}')).toMatchObject({ password: PASSWORD, phonenum: '70101' });

    await waitFor(() => requestsOf(emulator.journal, '101').filter((e) => routeOf(e) === 'getAgentEvent').length >= 3, 5000, 'polls');

    expect(await session.startWhisper('1002')).toMatchObject({ ok: true });
    const whisper = session.snapshot().whisper;
    expect(whisper).toMatchObject({ target: '1002', mode: 'whisper' });
    expect(emulator.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    expect(await session.switchMode('listen')).toMatchObject({ ok: true });
    expect(session.snapshot().whisper).toMatchObject({ target: '1002', mode: 'listen' });
    expect(await session.switchMode('whisper', '1002')).toMatchObject({ ok: true });
    expect(await session.stopWhisper('1002')).toMatchObject({ ok: true });
    expect(session.snapshot().whisper).toBeNull();
    await sleep(800); // let the stop's PhoneRelease/Ready events arrive: they must not confuse anything
    expect(session.snapshot().phase).toBe('signed-in');

    const authenticated = requestsOf(emulator.journal, '101').filter((e) => routeOf(e) !== 'login');
    expect(authenticated.length).toBeGreaterThan(5);
    for (const entry of authenticated) expect(entry.headers['guid']).toBe(guid);
    expect(emulator.control.issuedGuids('101')).toEqual([guid]);
    for (const s of rig.snapshots) expect(JSON.stringify(s)).not.toContain(guid);
    expect(rig.logLines.join('\n')).not.toContain(guid);
  });

  it('sign-out stops the poller first: no request follows the logout, and the kept Guid is deleted', async () => {
    const store = new MemorySecretStore();
    rig = await startRig({ store, emulator: { pollHoldMs: 300 } });
    const { session, emulator, vault } = rig;
    await session.signIn(PASSWORD);
    await vault.flush();
    expect(store.value(VAULT_SERVICE, vaultAccount(emulator.url, '101'))).toBe(emulator.control.currentGuid('101'));
    await waitFor(() => requestsOf(emulator.journal, '101').filter((e) => routeOf(e) === 'getAgentEvent').length >= 2, 5000, 'polls');

    expect(await session.signOut()).toMatchObject({ ok: true });
    expect(session.snapshot()).toMatchObject({ phase: 'signed-out', authMode: null, whisper: null });
    await sleep(1500);
    const after = requestsOf(emulator.journal, '101');
    expect(routeOf(after[after.length - 1]!)).toBe('logout');
    expect(store.value(VAULT_SERVICE, vaultAccount(emulator.url, '101'))).toBeNull();
    expect(failureOf(await session.stopWhisper()).failure).toEqual({ kind: 'not-signed-in' });
    expect(requestsOf(emulator.journal, '101')).toHaveLength(after.length);
  });

  it('each sign-in failure has its own actionable message', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 300 } });
    const { emulator } = rig;
    const messages = new Map<string, string>();

    // wrong password
    const wrong = failureOf(await rig.session.signIn('not-the-password'));
    expect(wrong.failure).toMatchObject({ kind: 'retcode', retcode: '100-004' });
    messages.set('100-004', describeFailure(wrong.failure));

    // phone number not digits / outside the range
    const badPhone = rig.another({ agentId: '102', phoneNumber: '70x01' }).session;
    const notDigits = failureOf(await badPhone.signIn(PASSWORD));
    expect(notDigits.failure).toMatchObject({ kind: 'retcode', retcode: '100-013' });
    messages.set('100-013', describeFailure(notDigits.failure));
    const farPhone = rig.another({ agentId: '102', phoneNumber: '80000' }).session;
    const outOfRange = failureOf(await farPhone.signIn(PASSWORD));
    expect(outOfRange.failure).toMatchObject({ kind: 'retcode', retcode: '100-014' });
    messages.set('100-014', describeFailure(outOfRange.failure));

    // already signed in elsewhere: forced sign-in offered, not performed
    expect((await rig.session.signIn(PASSWORD)).ok).toBe(true);
    const elsewhere = rig.another().session;
    const already = failureOf(await elsewhere.signIn(PASSWORD));
    expect(already.failure).toMatchObject({ kind: 'retcode', retcode: '100-002' });
    expect(elsewhere.snapshot().phase).toBe('signed-out');
    messages.set('100-002', describeFailure(already.failure));
    expect(emulator.journal.filter((e) => routeOf(e) === 'forceLogin')).toEqual([]);

    // no phone number configured, or no password: refused before anything is sent, in both languages
    const noPhone = failureOf(await rig.another({ agentId: '102', phoneNumber: null }).session.signIn(PASSWORD));
    expect(explainFailure(noPhone.failure)).toEqual({ en: 'Set your softphone number in settings before signing in.', 'zh-CN': '签入前请在设置中填写软电话号码。' });
    const noPassword = failureOf(await rig.another({ agentId: '102' }).session.signIn(''));
    expect(explainFailure(noPassword.failure)).toEqual({ en: 'Enter your password to sign in.', 'zh-CN': '请输入密码以签入。' });

    // timeout: the gateway accepts the connection and never answers
    emulator.injectFault('login', { kind: 'hang' }, 1);
    const slow = rig.another({ agentId: '201', timeoutMs: 1000 }).session;
    const timedOut = failureOf(await slow.signIn(PASSWORD));
    expect(timedOut.failure).toEqual({ kind: 'timeout', timeoutMs: 1000 });
    messages.set('timeout', describeFailure(timedOut.failure));

    // gateway down: nothing listens on the port
    const port = await freePort();
    const downRig = await startRig({ emulatorInstance: { ...emulator, url: `https://127.0.0.1:${port}` } });
    const down = failureOf(await downRig.session.signIn(PASSWORD));
    await downRig.close();
    expect(down.failure).toEqual({ kind: 'connection-refused' });
    messages.set('down', describeFailure(down.failure));

    expect(new Set(messages.values()).size).toBe(6);
    for (const message of messages.values()) expect(message.length).toBeGreaterThan(20);
  });

  it('forced sign-in only when asked: it displaces the other session, which confirms once and expires', async () => {
    const storeA = new MemorySecretStore();
    rig = await startRig({ store: storeA, emulator: { pollHoldMs: 300 } });
    const { emulator } = rig;
    await rig.session.signIn(PASSWORD);
    await rig.vault.flush();
    const other = rig.another({ store: new MemorySecretStore() }); // another workstation: its own keychain
    // The forced sign-in is offered by the actions layer on this answer (tests/node/actions/action-results.test.ts).
    expect(failureOf(await other.session.signIn(PASSWORD)).failure).toMatchObject({ kind: 'retcode', retcode: '100-002' });
    const forced = await other.session.signIn(PASSWORD, { force: true });
    expect(forced).toMatchObject({ ok: true });
    expect(emulator.journal.filter((e) => routeOf(e) === 'forceLogin')).toHaveLength(1);

    await waitFor(() => rig!.session.snapshot().phase === 'expired', 10_000, 'displaced session to expire');
    expect(rig.session.snapshot()).toMatchObject({ phase: 'expired', notice: SESSION_EXPIRED_NOTICE, whisper: null });
    expect(storeA.value(VAULT_SERVICE, vaultAccount(emulator.url, '101'))).toBeNull();
    expect(other.session.snapshot().phase).toBe('signed-in');
  });

  it('a session the gateway ended is confirmed with exactly one more poll, then expired, and polling stops', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 300 } });
    const { emulator, session } = rig;
    await session.signIn(PASSWORD);
    await waitFor(() => requestsOf(emulator.journal, '101').filter((e) => routeOf(e) === 'getAgentEvent').length >= 2, 5000, 'polls');
    const guid = emulator.control.currentGuid('101');
    emulator.control.signOutAgent('101');
    const cut = emulator.journal.length;
    await waitFor(() => session.snapshot().phase === 'expired', 5000, 'expiry');
    const atExpiry = emulator.journal.length;
    await sleep(1000);
    expect(emulator.journal.length).toBe(atExpiry); // polling stopped
    const polls = emulator.journal.slice(cut).filter((e) => routeOf(e) === 'getAgentEvent' && e.path.endsWith('/101'));
    // Either the poll held at the moment of sign-out or the next one answers 100-006; then exactly one confirmation.
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(2);
    for (const poll of polls) expect(poll.headers['guid']).toBe(guid);
    expect(rig.logLines.filter((l) => l.includes('session loss suspected'))).toHaveLength(1);
    expect(rig.phases().slice(-1)).toEqual(['expired']);
    expect(session.snapshot().notice).toBe(SESSION_EXPIRED_NOTICE);
    // an action after expiry fails locally, without a request
    expect(failureOf(await session.stopWhisper()).failure).toEqual({ kind: 'not-signed-in' });
    expect(emulator.journal.length).toBe(atExpiry);
  });

  it('reports connection lost after 3 failed polls and recovers when the gateway answers again', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 200 }, session: { pollBackoffInitialMs: 100, pollBackoffMaxMs: 400 } });
    const { emulator, session } = rig;
    await session.signIn(PASSWORD);
    await waitFor(() => requestsOf(emulator.journal, '101').filter((e) => routeOf(e) === 'getAgentEvent').length >= 1, 5000, 'a poll');
    emulator.injectFault('getAgentEvent', { kind: 'reset' }, 4);
    await waitFor(() => session.snapshot().phase === 'connection-lost', 8000, 'connection lost');
    expect(session.snapshot().pollFailures).toBeGreaterThanOrEqual(3);
    await waitFor(() => session.snapshot().phase === 'signed-in', 8000, 'recovery');
    expect(session.snapshot().pollFailures).toBe(0);
    const phases = rig.phases();
    expect(phases.indexOf('connection-lost')).toBeGreaterThan(phases.indexOf('signed-in'));
    expect(rig.snapshots.filter((s) => s.phase === 'signed-in' || s.phase === 'connection-lost').map((s) => s.pollFailures)).toContain(3);
    // the stop path still works once the gateway is back
    expect((await session.startWhisper('1001')).ok).toBe(true);
    expect((await session.stopWhisper()).ok).toBe(true);
  });

  it('a whisper ended outside the app (call ended) clears the state within one poll', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 5000 } });
    const { emulator, session } = rig;
    await session.signIn(PASSWORD);
    await session.startWhisper('1003');
    expect(session.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
    const events: string[] = [];
    session.onEvent((e) => events.push(e.eventType));
    // the sign-in's AgentState_Ready and the start's own events (off-hook, busy) are polled and ignored
    await waitFor(() => events.includes('AgentState_Busy'), 5000, 'the start events');
    await sleep(400);
    expect(session.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
    events.length = 0;
    emulator.control.endCall('1003');
    await waitFor(() => session.snapshot().whisper === null, 2000, 'whisper to clear');
    expect(events[0]).toBe('AgentOther_PhoneRelease');
  });

  it('a stop naming no agent that the gateway answers 900-004 clears the whisper shown, so the next start is sent', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 5000 } });
    const { emulator, session } = rig;
    await session.signIn(PASSWORD);
    await session.startWhisper('1003');
    expect(session.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
    // The gateway says it has no whisper for this inspector.
    emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-004', message: 'the inspector is not whispering' }, 1);
    expect(await session.stopWhisper()).toMatchObject({ ok: false });
    expect(session.snapshot().whisper).toBeNull();
    // A refusal naming an agent says nothing of other whispers: the state stays.
    expect(await session.stopWhisper()).toMatchObject({ ok: true });
    await session.startWhisper('1003');
    emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-004', message: 'not whispering to that agent' }, 1);
    expect(await session.stopWhisper('1002')).toMatchObject({ ok: false });
    expect(session.snapshot().whisper).toMatchObject({ target: '1003', mode: 'whisper' });
  });

  it('a call end queued behind other events still clears the whisper, one event per poll', async () => {
    rig = await startRig({ emulator: { pollHoldMs: 5000 } });
    const { emulator, session } = rig;
    await session.signIn(PASSWORD);
    await session.startWhisper('1003');
    const events: string[] = [];
    session.onEvent((e) => events.push(e.eventType));
    await waitFor(() => events.includes('AgentState_Busy'), 5000, 'the start events');
    await sleep(400);
    for (let i = 0; i < 5; i++) emulator.control.pushEvent('101', { eventType: 'AgentOther_Unrelated', content: { i } });
    emulator.control.endCall('1003');
    // One event per poll: the sixth poll brings the call end (the 200 ms pace is pinned in poller.test.ts).
    await waitFor(() => session.snapshot().whisper === null, 3000, 'whisper to clear behind the burst');
    const release = events.indexOf('AgentOther_PhoneRelease');
    expect(events.slice(release - 5, release)).toEqual(Array(5).fill('AgentOther_Unrelated'));
  });

  it('resume: a kept Guid signs in with one poll and no password; a stale one expires and is deleted', async () => {
    const store = new MemorySecretStore();
    rig = await startRig({ store, emulator: { pollHoldMs: 300 } });
    const { emulator } = rig;
    expect(await rig.session.resume()).toBe('none');
    await rig.session.signIn(PASSWORD);
    await rig.session.dispose(); // app quit without signing out: the Guid stays in the keychain
    const account = vaultAccount(emulator.url, '101');
    expect(store.value(VAULT_SERVICE, account)).toBe(emulator.control.currentGuid('101'));

    const cut = emulator.journal.length;
    const next = rig.another({ store }).session;
    expect(await next.resume()).toBe('resumed');
    expect(next.snapshot()).toMatchObject({ phase: 'signed-in', notice: null });
    expect(emulator.journal.slice(cut).filter((e) => routeOf(e) === 'login' || routeOf(e) === 'forceLogin')).toEqual([]);
    expect(emulator.journal[cut] && routeOf(emulator.journal[cut])).toBe('getAgentEvent');
    expect((await next.startWhisper('1002')).ok).toBe(true);
    expect((await next.stopWhisper('1002')).ok).toBe(true);
    await next.dispose();

    emulator.control.signOutAgent('101');
    const stale = rig.another({ store }).session;
    expect(await stale.resume()).toBe('expired');
    expect(stale.snapshot()).toMatchObject({ phase: 'expired', notice: SESSION_EXPIRED_NOTICE });
    expect(store.value(VAULT_SERVICE, account)).toBeNull();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Emulator, JournalEntry } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import { settlesBefore } from '@support/settle';
import { MemorySecretStore } from '../vault/memory-secret-store';
import { PASSWORD, requestsOf, routeOf, sleep, startRig, waitFor, type Rig } from './harness';

/**
 * The first stop after sign-in (and after resume) must not pay a TLS handshake while
 * the poller's long-poll holds the connection the sign-in used. The session opens the command
 * connection right after signing in, and keeps it warm while the inspector monitors a call;
 * these tests run the real session, client and emulator.
 */
/** A hold no test waits out, so the poll held when the action goes out is still held when it is answered. */
const HOLD_MS = 30_000;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Starts a whisper of 101 on `target` with a separate client, as another console would. */
async function whisperFromOutside(emulator: Emulator, target: string): Promise<void> {
  const guid = emulator.control.currentGuid('101');
  const other = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem });
  try {
    const started = await other.startWhisper('101', guid ?? '', target);
    if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started)}`);
  } finally {
    other.close();
  }
}

const polls = (journal: readonly JournalEntry[]) => requestsOf(journal, '101').filter((e) => routeOf(e) === 'getAgentEvent');

/** Waits until the poller has taken every queued event and its latest poll is being held. */
async function pollHeld(emulator: Emulator): Promise<void> {
  await waitFor(() => {
    const last = polls(emulator.journal).at(-1);
    return last !== undefined && Date.now() - last.at >= 600;
  }, 10_000, 'a held poll');
}

/** Records every poll the client sends; `latest()` is the newest one's answer, when it comes. */
function watchPolls(client: GatewayClient) {
  const polls: Array<ReturnType<GatewayClient['pollEvent']>> = [];
  const original = client.pollEvent.bind(client);
  vi.spyOn(client, 'pollEvent').mockImplementation((...args) => {
    const poll = original(...args);
    polls.push(poll);
    return poll;
  });
  return { latest: () => polls.at(-1)! };
}

/** The session's first request after `cut`, and the other requests it sent (polls aside). */
function requestsAfter(emulator: Emulator, cut: number) {
  const after = requestsOf(emulator.journal.slice(cut), '101');
  return { first: after[0]!, others: after.filter((e) => routeOf(e) !== 'getAgentEvent') };
}

describe('the session keeps a command connection for the first action', () => {
  it('after sign-in: the first stop, during a held poll, opens no connection and sends only itself', async () => {
    rig = await startRig({ emulator: { pollHoldMs: HOLD_MS }, session: { pollHoldMs: HOLD_MS } });
    const { session, handshakes, emulator } = rig;
    const polls = watchPolls(rig.client);
    expect(await session.signIn(PASSWORD)).toMatchObject({ ok: true });
    await waitFor(() => handshakes() === 2, 5000, 'the command connection');
    await whisperFromOutside(emulator, '1001');
    await pollHeld(emulator);

    const cut = emulator.journal.length;
    const before = handshakes();
    const heldPoll = polls.latest();
    // Answered long before the held poll could have freed the connection the sign-in used.
    expect(await settlesBefore(session.stopWhisper('1001'), HOLD_MS / 2)).toMatchObject({ settled: true, value: { ok: true } });
    // The poll was held across the stop: the stop's own event answered it, not its hold running out.
    expect(await heldPoll).toMatchObject({ ok: true, result: { eventType: 'AgentOther_PhoneRelease' } });
    expect(handshakes()).toBe(before);
    expect(emulator.control.qcState('101').mode).toBe('idle');
    const { first, others } = requestsAfter(emulator, cut);
    expect(routeOf(first)).toBe('requeststopwhisperagent');
    expect(others.map(routeOf)).toEqual(['requeststopwhisperagent']);
  });

  it('after resume: the first action rides the command connection too', async () => {
    const store = new MemorySecretStore();
    rig = await startRig({ store, emulator: { pollHoldMs: HOLD_MS }, session: { pollHoldMs: HOLD_MS } });
    await rig.session.signIn(PASSWORD);
    await rig.session.dispose(); // quit without signing out: the Guid stays for resume

    const next = rig.another({ store });
    const polls = watchPolls(next.client);
    expect(await next.session.resume()).toBe('resumed');
    await waitFor(() => next.handshakes() === 2, 5000, 'the command connection');
    await pollHeld(rig.emulator);

    const cut = rig.emulator.journal.length;
    const heldPoll = polls.latest();
    expect(await settlesBefore(next.session.startWhisper('1002'), HOLD_MS / 2)).toMatchObject({ settled: true, value: { ok: true } });
    // The poll was held across the start: the start's own event answered it.
    expect(await heldPoll).toMatchObject({ ok: true, result: { eventType: 'AgentOther_PhoneOffhook' } });
    expect(next.handshakes()).toBe(2);
    const { first } = requestsAfter(rig.emulator, cut);
    expect(routeOf(first)).toBe('requestwhisperagent');
    await next.session.dispose();
  });

  it('a failed sign-in opens no command connection', async () => {
    rig = await startRig({ emulator: { pollHoldMs: HOLD_MS } });
    expect(await rig.session.signIn('wrong password')).toMatchObject({ ok: false });
    await sleep(200);
    expect(rig.handshakes()).toBe(1);
  });

  it('keeps it warm exactly while a call is monitored: on at the start, off at the stop and at sign-out', async () => {
    rig = await startRig({ emulator: { pollHoldMs: HOLD_MS } });
    const { session, client } = rig;
    const warm = vi.spyOn(client, 'keepCommandConnectionWarm');
    await session.signIn(PASSWORD);
    expect(warm).not.toHaveBeenCalled();
    await session.startWhisper('1001');
    expect(warm.mock.calls).toEqual([[true]]);
    await session.stopWhisper('1001');
    expect(warm.mock.calls).toEqual([[true], [false]]);
    await session.startWhisper('1001');
    await session.signOut();
    expect(warm.mock.calls).toEqual([[true], [false], [true], [false]]);
  });
});

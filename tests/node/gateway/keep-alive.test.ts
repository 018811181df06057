import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handshakeCounter } from '@support/handshake-count';
import { settlesBefore, tracked } from '@support/settle';
import { startGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** One keep-alive agent per gateway: a stop on a live session reuses a warm, verified connection. */
let fx: GatewayFixture;
let guid: string;
/** A hold no test waits out: a stop answered before half of it did not wait for the held poll. */
const HOLD_MS = 30_000;
/** Long enough that the client never gives up on a held poll before the gateway answers it. */
const POLL = { timeoutMs: 2 * HOLD_MS };

beforeAll(async () => {
  fx = await startGatewayFixture({ pollHoldMs: HOLD_MS });
});
afterAll(() => fx.close());
beforeEach(async () => {
  guid = await fx.signIn('101');
});

/** Sign-in queues events; take them (on the fixture's own client) so the next poll is really held. */
async function drainEvents() {
  for (let i = 0; i < 10; i++) {
    const outcome = await fx.client.pollEvent('101', guid, { timeoutMs: 200 });
    if (!outcome.ok) return;
  }
}

describe('keep-alive', () => {
  it('20 sequential stops cost exactly one TLS handshake (plus one per hedge, should a busy machine stall one past the hedge delay)', async () => {
    const handshakes = handshakeCounter();
    const client = fx.newClient({ onHandshake: handshakes.onHandshake });
    expect(handshakes.count()).toBe(0);
    for (let i = 0; i < 20; i++) {
      const outcome = await client.stopWhisper('101', guid);
      // "Not whispering"; reconciled as already ended if a hedge was sent beside the stop.
      expect(outcome.ok ? outcome.reconciled?.retcode : outcome.failure.kind === 'retcode' && outcome.failure.retcode).toBe('900-004');
    }
    // Not kept warm: a hedge dials a connection of its own.
    expect(handshakes.count()).toBe(1 + client.hedges.sent);
  });

  it('a stop during a held long-poll answers at once on the warm command connection, with no new handshake', async () => {
    const handshakes = handshakeCounter();
    const client = fx.newClient({ onHandshake: handshakes.onHandshake });
    await drainEvents();
    // Warm the command connection; the poll opens its own.
    await client.stopWhisper('101', guid);
    await client.startWhisper('101', guid, '1001');
    await drainEvents(); // the start's own events, so the poll below is held
    const poll = client.pollEvent('101', guid, POLL);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const warm = handshakes.count();
    expect(warm).toBe(2);
    const stop = await settlesBefore(client.stopWhisper('101', guid, '1001'), HOLD_MS / 2);

    // Answered long before the held poll could have freed its socket.
    expect(stop).toMatchObject({ settled: true, value: { ok: true, retcode: '0' } });
    expect(handshakes.count()).toBe(warm);
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
    // The poll was held across the stop: what answered it was the stop's own event, not its hold running out.
    expect(await poll).toMatchObject({ ok: true, result: { eventType: 'AgentOther_PhoneRelease' } });
  });

  it('a stop never queues behind a held poll even with no spare socket yet (it opens one)', async () => {
    const handshakes = handshakeCounter();
    const client = fx.newClient({ onHandshake: handshakes.onHandshake });
    await drainEvents();
    const poll = tracked(client.pollEvent('101', guid, POLL));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stop = await client.stopWhisper('101', guid);
    // The stop (refused, so it queues no event) was answered while the poll was still held: it did not wait behind it.
    expect(poll.settled()).toBe(false);
    expect(stop.ok).toBe(false);
    expect(handshakes.count()).toBe(2); // the poll's socket and the stop's own
    fx.emulator.control.pushEvent('101', { eventType: 'AfterTheStop' });
    expect(await poll.promise).toMatchObject({ ok: true, result: { eventType: 'AfterTheStop' } });
  });

  it('a signal shared by many calls (a session\'s) keeps no listener once they are over', async () => {
    const client = fx.newClient();
    const session = new AbortController();
    for (let i = 0; i < 12; i++) await client.pollEvent('101', guid, { timeoutMs: 100, signal: session.signal });
    for (let i = 0; i < 12; i++) await client.stopWhisper('101', guid, undefined, { signal: session.signal });
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
  });

  it('after close() nothing more is sent', async () => {
    const client = fx.newClient();
    await client.stopWhisper('101', guid);
    client.close();
    fx.emulator.clearJournal();
    expect(await client.stopWhisper('101', guid)).toMatchObject({ ok: false, failure: { kind: 'network', code: 'CLIENT_CLOSED' } });
    expect(fx.emulator.journal).toHaveLength(0);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNetworkPath, type NetworkPath } from '@bench/network-path';
import type { GatewayClient } from '@main/gateway';
import { startGatewayFixture, type GatewayFixture } from './gateway-fixture';

/**
 * The stop over a network path that is not loopback: a TCP proxy adds a round trip, and
 * black-holes, closes or mutes connections the client keeps (bench/network-path.ts). TLS is
 * verified end to end through it; the emulator behind it is the real gateway stand-in.
 */
const RTT_MS = 20;
const TIMEOUT_MS = 3000;

let fx: GatewayFixture;
let path: NetworkPath;
let client: GatewayClient;
let guid: string;
/** Completed TLS handshakes of the client under test, counted through its diagnostic hook. */
let handshakes = 0;

beforeAll(async () => {
  fx = await startGatewayFixture({ pollHoldMs: 300 });
  path = await startNetworkPath({ targetPort: Number(new URL(fx.emulator.url).port), rttMs: RTT_MS });
});
afterAll(async () => {
  await path.close();
  await fx.close();
});
beforeEach(async () => {
  path.setRtt(RTT_MS);
  fx.emulator.clearFaults();
  client = fx.newClient({ baseUrl: path.url, timeoutMs: TIMEOUT_MS, onHandshake: () => (handshakes += 1) });
  guid = await fx.signIn('101');
  // A first call warms the command connection and measures the round trip.
  expect(await client.stopWhisper('101', guid)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
});
afterEach(() => client.close());

const stops = () => fx.emulator.journal.filter((e) => e.path.endsWith('/requeststopwhisperagent'));

async function whispering(): Promise<void> {
  expect(await client.startWhisper('101', guid, '1001')).toMatchObject({ ok: true });
  expect(fx.emulator.control.qcState('101').mode).toBe('whisper');
}

describe('a stop through a 20 ms network path', () => {
  it('rides the warm connection: one round trip, no handshake', async () => {
    await whispering();
    const before = handshakes;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(stop.ok && stop.reconciled).toBeUndefined();
    expect(handshakes).toBe(before);
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  // How soon the hedge answers is the bench's to measure (docs/performance.md); here, what it does.
  it('on a black-holed connection: hedged on a fresh connection, and the hedge decides', async () => {
    await whispering();
    expect(path.blackHoleAll()).toBeGreaterThan(0);
    const cut = stops().length;
    fx.logLines.length = 0;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(fx.logLines.join('\n')).toMatch(/requestStopWhisperAgent .*decided=hedge .*hedged=true/);
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
    // The black-holed stop never reached the gateway: the hedge is the only one it saw.
    expect(stops().length - cut).toBe(1);
    expect(client.hedges).toEqual({ sent: 1, won: 1 });
  });

  it('while kept warm, the hedge rides the verified standby: no handshake on the way, and a new standby follows', async () => {
    const cold = handshakes;
    client.keepCommandConnectionWarm(true);
    // The standby is the one handshake keeping warm adds (the command connection is already open).
    while (handshakes === cold) await new Promise((resolve) => setTimeout(resolve, 10));
    await whispering();
    // Only the connection in use (the start's) is black-holed; the standby is not.
    expect(path.blackHoleLastUsed()).toBe(1);
    const before = handshakes;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(handshakes).toBe(before);
    expect(client.hedges).toEqual({ sent: 1, won: 1 });
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
    // The standby used is replaced while warm.
    while (handshakes === before) await new Promise((resolve) => setTimeout(resolve, 10));
    client.keepCommandConnectionWarm(false);
  });

  it('the hedge delay follows the answers measured (their p99), never below twice the quickest', async () => {
    for (let i = 0; i < 10; i += 1) await client.stopWhisper('101', guid);
    const delay = client.hedgeDelayMs;
    expect(delay).toBeGreaterThanOrEqual(2 * RTT_MS);
    expect(delay).toBeLessThanOrEqual(TIMEOUT_MS / 2); // the cap: on a busy machine the p99 may reach it
  });

  it('a hedge that loses is logged with the request that won', async () => {
    await whispering();
    // The first request's answer comes late, past the hedge delay; the hedge (second on the route) is delayed further.
    fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'answer-late', ms: client.hedgeDelayMs + 100 }, 1);
    fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'delay', ms: 2000 }, 1);
    fx.logLines.length = 0;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(fx.logLines.join('\n')).toMatch(/requestStopWhisperAgent .*requests="?first:answered,hedge:abandoned"? decided=first/);
    expect(client.hedges).toEqual({ sent: 1, won: 0 });
  });

  it('when the first stop arrives but its answer is lost: the hedge finds no whisper, and the stop is reconciled as done', async () => {
    await whispering();
    expect(path.muteAnswersAll()).toBeGreaterThan(0);
    const cut = stops().length;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0', reconciled: { retcode: '900-004' } });
    expect(stops().length - cut).toBe(2);
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  it('a start is never hedged: on a black-holed connection it waits for its deadline and is sent once', async () => {
    expect(path.blackHoleAll()).toBeGreaterThan(0);
    const cut = fx.emulator.journal.length;
    const start = await client.startWhisper('101', guid, '1001');
    expect(start).toMatchObject({ ok: false, failure: { kind: 'timeout', timeoutMs: TIMEOUT_MS } });
    expect(fx.emulator.journal.slice(cut)).toHaveLength(0);
  });

  it('when the gateway closed the kept connection as the stop went out (FIN in flight): retried once on a new connection', async () => {
    await whispering();
    expect(path.finAll()).toBeGreaterThan(0);
    const cut = stops().length;
    fx.logLines.length = 0;
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(fx.logLines.join('\n')).toMatch(/requestStopWhisperAgent .*retried=new-connection/);
    expect(stops().length - cut).toBe(1);
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  it('the same with a reset (RST in flight): retried once, for a start too', async () => {
    expect(path.resetAll()).toBeGreaterThan(0);
    expect(await client.startWhisper('101', guid, '1001')).toMatchObject({ ok: true, retcode: '0' });
    expect(path.resetAll()).toBeGreaterThan(0);
    expect(await client.stopWhisper('101', guid, '1001')).toMatchObject({ ok: true, retcode: '0' });
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  it('an event poll silent past its hold (10 s) plus the hedge delay is replaced on a fresh connection', async () => {
    const poll = client.pollEvent('101', guid);
    // Once the poll is on its connection, the network forgets that connection.
    while (!fx.emulator.journal.some((e) => e.path.includes('/agentevent/'))) await new Promise((resolve) => setTimeout(resolve, 5));
    fx.emulator.clearJournal();
    expect(path.blackHoleAll()).toBeGreaterThan(0);
    fx.logLines.length = 0;
    const outcome = await poll;
    expect(outcome.ok).toBe(true);
    expect(fx.logLines.join('\n')).toMatch(/getAgentEvent .*decided=hedge/);
    // The replacement is the only poll the gateway saw after the black hole.
    expect(fx.emulator.journal.filter((e) => e.path.includes('/agentevent/'))).toHaveLength(1);
  }, 20_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, startEmulator, type Emulator, type TestPki } from '@emulator/index';
import { Dialer } from '@main/gateway/dialer';
import { GatewayClient, type GatewayClientOptions } from '@main/gateway';
import { TlsTrust } from '@main/platform/trust';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { PASSWORD, PHONE } from './gateway-fixture';

/**
 * Prewarm: a command connection, fully verified, opened ahead of need (dialer.ts), so the first
 * stop while the event poll holds its own connection pays no TLS handshake. After a sign-in the
 * sign-in's own connection is that connection. Real client ↔ real emulator over HTTPS;
 * handshakes are counted from outside, through the client's diagnostic hook.
 */
const HOLD_MS = 3000;
let pki: TestPki;
let gw: Emulator;
const opened: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  pki = generateTestPki();
  gw = await startEmulator({ tls: pki.leaf, pollHoldMs: HOLD_MS });
});
afterAll(async () => {
  for (const c of opened) c.close();
  await gw.close();
});

function clientFor(options: Partial<GatewayClientOptions> = {}) {
  const sink = memoryLogSink();
  let completedHandshakes = 0;
  const onHandshake = () => (completedHandshakes += 1);
  const client = new GatewayClient({ baseUrl: gw.url, caPem: pki.caPem, timeoutMs: 3000, logger: createLogger(sink), onHandshake, ...options });
  opened.push(client);
  /** Resolves with the client's next prewarm log line (prewarm is fire-and-forget). */
  const prewarmed = async (nth = 1): Promise<string> => {
    for (let waited = 0; waited < 5000; waited += 10) {
      const lines = sink.lines.filter((l) => l.includes(' prewarm '));
      if (lines.length >= nth) return lines[nth - 1]!;
      await sleep(10);
    }
    throw new Error('no prewarm outcome logged');
  };
  /** Completed TLS handshakes of this client, counted through its diagnostic hook. */
  const handshakes = () => completedHandshakes;
  return { client, prewarmed, handshakes, lines: sink.lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(client: GatewayClient, agentId = '101'): Promise<string> {
  const outcome = await client.signIn(agentId, { password: PASSWORD, phonenum: PHONE }, { force: true });
  if (!outcome.ok || !outcome.setGuid) throw new Error(`sign-in failed: ${JSON.stringify(outcome)}`);
  return outcome.setGuid;
}

/** Takes the queued events on a separate client, so the next poll of the client under test is really held. */
async function drainEvents(agentId: string, guid: string): Promise<void> {
  const other = new GatewayClient({ baseUrl: gw.url, caPem: pki.caPem });
  try {
    for (let i = 0; i < 10; i++) {
      const outcome = await other.pollEvent(agentId, guid, { timeoutMs: 200 });
      if (!outcome.ok) return;
    }
  } finally {
    other.close();
  }
}

async function whisperFromOutside(agentId: string, guid: string, target: string): Promise<void> {
  const other = new GatewayClient({ baseUrl: gw.url, caPem: pki.caPem });
  try {
    const started = await other.startWhisper(agentId, guid, target);
    if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started)}`);
  } finally {
    other.close();
  }
  await drainEvents(agentId, guid);
}

/** Starts a poll and waits until the emulator holds it (its request is in the journal). */
async function heldPoll(client: GatewayClient, agentId: string, guid: string) {
  const before = gw.journal.length;
  let settled = false;
  const cancel = new AbortController();
  const poll = client.pollEvent(agentId, guid, { signal: cancel.signal }).finally(() => (settled = true));
  while (!gw.journal.slice(before).some((e) => e.path.includes('/agentevent/'))) await sleep(5);
  return { poll, isSettled: () => settled, cancel: () => cancel.abort() };
}

describe('prewarm after sign-in', () => {
  it('the first stop while the poll holds its connection rides the sign-in\'s connection: no new handshake, no extra request', async () => {
    const { client, prewarmed, handshakes } = clientFor();
    const guid = await signIn(client, '101');
    expect(handshakes()).toBe(1);
    await whisperFromOutside('101', guid, '1001');

    gw.clearJournal();
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=skipped reason=connection-exists');
    expect(handshakes()).toBe(1);

    const held = await heldPoll(client, '101', guid);
    const before = handshakes();
    expect(before).toBe(2); // the poll's own
    const stop = await client.stopWhisper('101', guid, '1001');
    expect(held.isSettled()).toBe(false); // the poll was still held during the stop
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(handshakes()).toBe(before);
    expect(gw.control.qcState('101').mode).toBe('idle');
    // Besides polls (a drain poll the other client gave up on may land late on a loaded machine), only the stop.
    expect(gw.journal.filter((e) => !e.path.includes('/agentevent/')).map((e) => e.path.split('?')[0]!.split('/').pop())).toEqual(['requeststopwhisperagent']);
    expect((await held.poll).ok).toBe(true);
  });

  it('after a resume (no sign-in), the prewarmed connection serves the first stop; it sent no HTTP request', async () => {
    const { client: signer } = clientFor();
    const guid = await signIn(signer, '102');
    const { client, prewarmed, handshakes } = clientFor();
    gw.clearJournal();
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=parked');
    expect(handshakes()).toBe(1);
    expect(gw.journal).toHaveLength(0);
    await drainEvents('102', guid);
    const held = await heldPoll(client, '102', guid);
    expect(handshakes()).toBe(2);
    expect(await client.stopWhisper('102', guid)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(handshakes()).toBe(2);
    held.cancel();
  });

  it('without a prewarm the same stop opens a connection (the control case)', async () => {
    const { client, handshakes } = clientFor();
    const guid = await signIn(client, '102');
    await drainEvents('102', guid);
    const held = await heldPoll(client, '102', guid);
    await client.stopWhisper('102', guid);
    expect(held.isSettled()).toBe(false);
    expect(handshakes()).toBe(2);
    held.cancel();
  });

  it('a stop while the prewarmed connection is still handshaking waits for it instead of dialing', async () => {
    const { client: signer } = clientFor();
    const guid = await signIn(signer, '101');
    const { client, prewarmed, handshakes } = clientFor();
    client.prewarm();
    await new Promise(setImmediate); // let the prewarm start dialing, then ask at once
    const stop = await client.stopWhisper('101', guid);
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(await prewarmed()).toBe('debug prewarm outcome=parked');
    expect(handshakes()).toBe(1); // the stop dialed nothing of its own
  });

  it('is idempotent: one prewarmed connection at most', async () => {
    const { client, prewarmed, handshakes } = clientFor();
    client.prewarm();
    client.prewarm();
    client.prewarm();
    const outcomes = (await Promise.all([1, 2, 3].map((n) => prewarmed(n)))).sort();
    expect(outcomes).toEqual(['debug prewarm outcome=parked', 'debug prewarm outcome=skipped reason=connection-exists', 'debug prewarm outcome=skipped reason=connection-exists']);
    expect(handshakes()).toBe(1);

    // Two stops at once: one on the prewarmed connection, the other on one of its own (it never queues).
    await Promise.all([client.stopWhisper('102', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'), client.stopWhisper('102', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')]);
    expect(handshakes()).toBe(2);
    client.prewarm();
    expect(await prewarmed(4)).toBe('debug prewarm outcome=skipped reason=connection-exists');
    expect(handshakes()).toBe(2);
  });

  it('checks the pin like every connection: a matching pin parks, and the command connection then serves a stop', async () => {
    const { client, prewarmed, handshakes } = clientFor({ pinSha256: gw.serverFingerprint256 });
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=parked');
    expect(handshakes()).toBe(1);
    expect(await client.stopWhisper('102', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')).toMatchObject({ ok: false, failure: { kind: 'retcode' } });
    expect(handshakes()).toBe(1);
  });

  it('names the host like a request does (servername): a command connection to a host name verifies and serves', async () => {
    const { client, prewarmed, handshakes } = clientFor({ baseUrl: gw.url.replace('127.0.0.1', 'localhost') });
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=parked');
    expect(await client.stopWhisper('102', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')).toMatchObject({ ok: false, failure: { kind: 'retcode' } });
    expect(handshakes()).toBe(1);
  });
});

describe('prewarm refused by TLS', () => {
  it('an untrusted certificate parks nothing, sends nothing, and the stop still fails as tls-untrusted', async () => {
    const { client, prewarmed, handshakes } = clientFor({ caPem: undefined });
    gw.clearJournal();
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=failed code=UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(handshakes()).toBe(0);
    const stop = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'tls-untrusted', fingerprint256: gw.serverFingerprint256 } });
    expect(handshakes()).toBe(0);
    expect(gw.journal).toHaveLength(0);
  });

  it('a pin mismatch parks nothing, and the stop still fails as tls-pin-mismatch', async () => {
    const wrongPin = gw.serverFingerprint256.replace(/^../, gw.serverFingerprint256.startsWith('00') ? '11' : '00');
    const { client, prewarmed, handshakes } = clientFor({ pinSha256: wrongPin });
    gw.clearJournal();
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=failed code=ERR_GATEWAY_CERT_PIN_MISMATCH');
    expect(handshakes()).toBe(0);
    const stop = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'tls-pin-mismatch', fingerprint256: gw.serverFingerprint256 } });
    expect(gw.journal).toHaveLength(0);
  });
});

describe('the prewarmed connection', () => {
  /** Connections the emulator's side holds open: unref'd client sockets are not counted, server sockets are. */
  const serverSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
  /** The count once it has not moved for 150 ms (connections of earlier tests finish closing first). */
  async function settledCount(count: () => number): Promise<number> {
    let last = count();
    for (let stable = 0; stable < 150; stable += 10) {
      await sleep(10);
      if (count() !== last) {
        last = count();
        stable = 0;
      }
    }
    return last;
  }

  it('is closed by client.close(), and never keeps the process alive while parked', async () => {
    const { client, prewarmed, handshakes } = clientFor();
    const baseline = await settledCount(serverSockets);
    client.prewarm();
    expect(await prewarmed()).toBe('debug prewarm outcome=parked');
    // Only the emulator's end counts as active: the parked client end is unref'd.
    expect(await settledCount(serverSockets)).toBe(baseline + 1);
    client.close();
    expect(await settledCount(serverSockets)).toBe(baseline);
    client.prewarm();
    await sleep(50);
    expect(handshakes()).toBe(1); // nothing re-opened after close
  });

  it('closed by the server while parked is dropped, not re-opened', async () => {
    const short = await startEmulator({ tls: pki.leaf });
    let handshakes = 0;
    const dialer = new Dialer(new URL(short.url), new TlsTrust([pki.caPem], null), 3000, 1024 * 1024, () => (handshakes += 1));
    opened.push({ close: () => dialer.close() });
    expect(await dialer.prewarm()).toEqual({ kind: 'parked' });
    await short.close(); // closes every connection the emulator holds
    await sleep(100);
    expect(handshakes).toBe(1);
    // The slot is free again: a later prewarm opens a new connection (here refused: nobody listens).
    expect(await dialer.prewarm()).toMatchObject({ kind: 'failed', error: { code: 'ECONNREFUSED' } });
  });
});

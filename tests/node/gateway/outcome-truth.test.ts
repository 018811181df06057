import { describe, expect, it } from 'vitest';
import type { Fault } from '@emulator/index';
import { TIMEOUT_MS, useFaultRig } from './stop-faults';

/**
 * What the person is told matches what the gateway did (docs/reliability.md, "Every request of
 * an action"), against the emulator acting and then misbehaving: a stop that worked is never
 * reported as failed, a command that changes state reaches the gateway at most once, and an
 * answer HTTP/1.1 does not allow is refused at its head and worded as what it is.
 */
const rig = useFaultRig();

const journalOf = (suffix: string) => rig.fx.emulator.journal.filter((e) => e.path.split('?')[0]!.endsWith(suffix));
const stops = () => journalOf('/requeststopwhisperagent');
const starts = () => journalOf('/requestwhisperagent');
const log = () => rig.fx.logLines.join('\n');

async function whisperingTo(target: string): Promise<void> {
  const started = await rig.fx.client.startWhisper('101', rig.guid, target);
  expect(started).toMatchObject({ ok: true });
  expect(rig.fx.emulator.control.qcState('101').mode).toBe('whisper');
  rig.fx.emulator.clearJournal();
  rig.fx.logLines.length = 0;
}

describe('a stop that worked is reported as stopped', () => {
  it('the gateway ends the whisper, then resets the kept connection without answering: the resend is reconciled', async () => {
    await whisperingTo('1001');
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'reset-after-acting', afterMs: 0 }, 1);
    const stop = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0', reconciled: { retcode: '900-004' } });
    expect(rig.fx.emulator.control.qcState('101').mode).toBe('idle');
    expect(stops()).toHaveLength(2);
    expect(log()).toMatch(/requestStopWhisperAgent .*requests="?first:failed,(retry|confirm):answered"? decided=(retry|confirm)/);
  });

  it('the hedge gets there first and the first request\'s "not whispering" comes back first: the hedge\'s answer decides', async () => {
    await whisperingTo('1001');
    const hedgeDelay = rig.fx.client.hedgeDelayMs;
    // The first request reaches the state machine after the hedge did; the hedge's answer is slow.
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'delay', ms: hedgeDelay + 150 }, 1);
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'answer-late', ms: 400 }, 1);
    const stop = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0' });
    expect(stop.ok && stop.reconciled).toBeUndefined();
    expect(rig.fx.emulator.control.qcState('101').mode).toBe('idle');
    expect(stops()).toHaveLength(2);
    expect(log()).toMatch(/requests="?first:answered,hedge:answered"? decided=hedge/);
    expect(rig.fx.client.hedges.won).toBeGreaterThan(0);
  });

  it('an answer cut mid-way on a stop that was carried out: confirmed once, and reported stopped', async () => {
    await whisperingTo('1001');
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'reset-mid-body' }, 1);
    const stop = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    expect(stop).toMatchObject({ ok: true, retcode: '0', reconciled: { retcode: '900-004' } });
    expect(stops()).toHaveLength(2);
    expect(log()).toMatch(/requests="?first:failed,confirm:answered"? decided=confirm .*confirmed=true/);
  });

  it('a stop answered with something that is not HTTP is confirmed once before anything is said', async () => {
    await whisperingTo('1001');
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'raw-answer', bytes: 'HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n', then: 'hang' }, 1);
    const stop = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    expect(stop).toMatchObject({ ok: true, reconciled: { retcode: '900-004' } });
    expect(stops()).toHaveLength(2);
  });

  it('a cancel of a listen whose answer is cut is confirmed the same way', async () => {
    expect(await rig.fx.client.listen('101', rig.guid, '1001')).toMatchObject({ ok: true });
    rig.fx.emulator.injectFault('stopSuperviseOrInsert', { kind: 'reset-mid-body' }, 1);
    const cancel = await rig.fx.client.cancelListenOrInsert('101', rig.guid, '1001');
    expect(cancel).toMatchObject({ ok: true, reconciled: { retcode: expect.stringMatching(/^900-00[45]$/) } });
    expect(rig.fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  it('a stop whose kept connection is reset late, after acting, while its hedge hangs: the hedge ends at the action\'s deadline, nothing is sent a third time, and the reset is what is told', async () => {
    await whisperingTo('1001');
    // Reset at 80 % of the deadline; the hedge sent in the silence before it gets no answer at all.
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'reset-after-acting', afterMs: Math.round(TIMEOUT_MS * 0.8) }, 1);
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'hang' }, 1);
    const stop = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    // Not "no answer within 1.5 s" (the gateway did answer, by a reset), and not stopped for sure.
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'connection-reset' } });
    expect(log()).toMatch(/requests="?first:failed,hedge:timeout"? decided=first/);
    // The gateway did end the whisper; the client could not know, and sent nothing after the deadline.
    expect(rig.fx.emulator.control.qcState('101').mode).toBe('idle');
    expect(stops()).toHaveLength(2);
  });

  it('a stop with no whisper and one request is still told "not whispering": no other request could have done it', async () => {
    rig.fx.emulator.clearJournal();
    const stop = await rig.fx.client.stopWhisper('101', rig.guid);
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(stops()).toHaveLength(1);
  });
});

describe('a command that changes state reaches the gateway at most once', () => {
  const ONCE: ReadonlyArray<[label: string, fault: Fault, kind: string]> = [
    ['the gateway began answering, then reset (a head cut short)', { kind: 'raw-answer', bytes: 'HTTP/1.1 200 OK\r\nContent-Ty', then: 'reset' }, 'connection-reset'],
    ['the gateway acted, stayed silent, then reset', { kind: 'reset-after-acting', afterMs: 100 }, 'connection-reset'],
    ['an interim 100 Continue before the answer', { kind: 'raw-answer', bytes: 'HTTP/1.1 100 Continue\r\n\r\n', then: 'answer' }, 'not-http'],
    ['an unrequested 101 Switching Protocols', { kind: 'raw-answer', bytes: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', then: 'hang' }, 'not-http'],
  ];
  it.each(ONCE)('a start: %s → sent once, %s', async (_label, fault, kind) => {
    // On a kept connection, where the keep-alive race could be invoked.
    await rig.fx.client.stopWhisper('101', rig.guid);
    rig.fx.emulator.injectFault('requestWhisperAgent', fault, 1);
    rig.fx.emulator.clearJournal();
    const start = await rig.fx.client.startWhisper('101', rig.guid, '1001');
    expect(start).toMatchObject({ ok: false, failure: { kind } });
    expect(starts()).toHaveLength(1);
    expect(log()).not.toMatch(/requestWhisperAgent .*retried=/);
    // The gateway did act: the whisper runs (the person is told the answer was lost, not that it failed for sure).
    expect(rig.fx.emulator.control.qcState('101').mode).toBe('whisper');
    expect(await rig.fx.client.stopWhisper('101', rig.guid)).toMatchObject({ ok: true });
  });
});

describe('answers refused at the head and worded as what they are', () => {
  const WORDED: ReadonlyArray<[label: string, bytes: string, kind: string, reason?: RegExp]> = [
    ['a declared Content-Length of 20 MB', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20971520\r\n\r\n{', 'too-large'],
    ['a chunk size of 7fffffff', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n{', 'too-large'],
    ['small chunks, then one past the cap', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n100000\r\n"', 'too-large'],
    ['a negative chunk size', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n-6\r\nx', 'not-http', /chunk size/i],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -40\r\n\r\nx', 'not-http', /content-length/i],
    ['status 099', 'HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n', 'not-http', /status code outside 100–599/],
    ['204 with a body', 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello', 'not-http', /204 answer declaring a body/],
    ['304 with a body', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello', 'not-http', /304 answer declaring a body/],
    ['an unrequested 101', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', 'not-http', /101 Switching Protocols/],
    ['an interim 100 Continue', 'HTTP/1.1 100 Continue\r\n\r\n', 'not-http', /100 Continue/],
  ];
  it.each(WORDED)('%s → %s', async (_label, bytes, kind, reason) => {
    rig.fx.emulator.injectFault('requestWhisperAgent', { kind: 'raw-answer', bytes, then: 'hang' }, 1);
    const start = await rig.fx.client.startWhisper('101', rig.guid, '1001');
    expect(start).toMatchObject({ ok: false, failure: { kind } });
    if (!start.ok && start.failure.kind === 'not-http') expect(start.failure.reason).toMatch(reason!);
    expect(log()).not.toMatch(/failure=(network|connection-reset|timeout)/);
    await rig.fx.client.stopWhisper('101', rig.guid);
  });

  it('an interim 103 Early Hints before the answer is skipped (RFC 9110 §15.2)', async () => {
    rig.fx.emulator.injectFault('requestWhisperAgent', { kind: 'raw-answer', bytes: 'HTTP/1.1 103 Early Hints\r\n\r\n', then: 'answer' }, 1);
    expect(await rig.fx.client.startWhisper('101', rig.guid, '1001')).toMatchObject({ ok: true, retcode: '0' });
    expect(await rig.fx.client.stopWhisper('101', rig.guid)).toMatchObject({ ok: true });
  });
});

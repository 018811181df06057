import { describe, expect, it } from 'vitest';
import { STOP_FAULTS, TIMEOUT_MS, useFaultRig } from './stop-faults';

/**
 * Every way the gateway can misbehave ends in its typed failure within timeout + 1 s, and the
 * same client keeps answering other calls afterwards. Each fault stays armed for the whole call,
 * so the hedge after silence and the retry after a closed connection meet it too.
 */
const rig = useFaultRig();

const GUID_SHAPED = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function expectStillAnswers() {
  rig.fx.emulator.clearFaults();
  // A healthy answer from the gateway (not whispering → 900-004) proves the client is usable.
  const after = await rig.fx.client.stopWhisper('101', rig.guid);
  expect(after).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
  const poll = await rig.fx.client.pollEvent('101', rig.guid, { timeoutMs: 5000 });
  expect(poll.ok).toBe(true);
}

describe('fault matrix on the stop', () => {
  it.each(STOP_FAULTS)('%s → %s, and the client still answers (how long it took is the bench\'s: docs/performance.md)', async (_label, kind, fault, detail) => {
    rig.fx.emulator.injectFault('requestStopWhisperAgent', fault);
    const outcome = await rig.fx.client.stopWhisper('101', rig.guid, '1001');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ kind, ...detail });
    await expectStillAnswers();
    expect(rig.fx.logLines.join('\n')).not.toMatch(GUID_SHAPED);
    expect(rig.fx.logLines.join('\n')).not.toContain(rig.guid);
  });

  it('a delay under the hedge delay is only slower, not a failure, and sends nothing twice', async () => {
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'delay', ms: Math.floor(rig.fx.client.hedgeDelayMs / 4) }, 1);
    rig.fx.emulator.clearJournal();
    const outcome = await rig.fx.client.stopWhisper('101', rig.guid);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(rig.fx.emulator.journal.filter((e) => e.path.endsWith('/requeststopwhisperagent'))).toHaveLength(1);
  });

  it('a stop silent past the hedge delay is sent again on a fresh connection, and the first answer wins', async () => {
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'hang' }, 1);
    rig.fx.emulator.clearJournal();
    const outcome = await rig.fx.client.stopWhisper('101', rig.guid);
    // The hung request never reached the state machine; the hedge found no whisper, reported as stopped.
    expect(outcome).toMatchObject({ ok: true, reconciled: { retcode: '900-004' } });
    expect(rig.fx.emulator.journal.filter((e) => e.path.endsWith('/requeststopwhisperagent'))).toHaveLength(2);
    expect(rig.fx.logLines.join('\n')).toMatch(/requestStopWhisperAgent .*hedged=true .*reconciled=900-004/);
  });

  it('a missing content type with a valid JSON body is accepted', async () => {
    rig.fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'content-type', value: '' }, 1);
    expect(await rig.fx.client.stopWhisper('101', rig.guid)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
  });
});

describe('faults on other routes', () => {
  it('a hung start does not hold up a stop sent meanwhile', async () => {
    rig.fx.emulator.injectFault('requestWhisperAgent', { kind: 'hang' }, 1);
    rig.fx.emulator.clearJournal();
    const hung = rig.fx.client.startWhisper('101', rig.guid, '1001');
    let startSettled = false;
    void hung.then(() => (startSettled = true));
    const stop = await rig.fx.client.stopWhisper('101', rig.guid);
    // The stop's answer came while the start was still waiting for its own.
    expect(startSettled).toBe(false);
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(await hung).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    // Never hedged: the gateway saw one start.
    expect(rig.fx.emulator.journal.filter((e) => e.path.endsWith('/requestwhisperagent'))).toHaveLength(1);
  });

  it('poll: hang after headers times out on the poll timeout, and polling recovers', async () => {
    rig.fx.emulator.injectFault('getAgentEvent', { kind: 'hang-after-headers' }, 1);
    const outcome = await rig.fx.client.pollEvent('101', rig.guid, { timeoutMs: TIMEOUT_MS });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout', timeoutMs: TIMEOUT_MS } });
    expect((await rig.fx.client.pollEvent('101', rig.guid)).ok).toBe(true);
  });

  it('poll: an event without eventType is a bad shape', async () => {
    rig.fx.emulator.injectFault('getAgentEvent', { kind: 'raw-body', body: '{"message":"","retcode":"0","event":{"workNo":"101"}}' }, 1);
    expect(await rig.fx.client.pollEvent('101', rig.guid)).toMatchObject({ ok: false, failure: { kind: 'bad-shape', detail: 'event.eventType is missing' } });
  });

  it('a poll cancelled by its caller ends at once as ABORT_ERR, not as a timeout', async () => {
    rig.fx.emulator.injectFault('getAgentEvent', { kind: 'hang' }, 1);
    const controller = new AbortController();
    const pending = rig.fx.client.pollEvent('101', rig.guid, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'network', code: 'ABORT_ERR' } });
  });
});

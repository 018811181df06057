import { performExternalTrigger } from '@main/surfaces/external-triggers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import type { ActionResult } from '@app/ipc-contract';
import type { Trigger } from '@app/whisper';
import { eventually, INSPECTOR, PANEL_SENDER, startHarness, type Harness, useSignedInHarness } from '../ipc/harness';

let h: Harness;

useSignedInHarness((harness) => (h = harness));
beforeEach(async () => {
  h.emulator.clearFaults();
  // Back to whisper first, so the reset stop does not depend on the app's view of the mode.
  const mode = h.emulator.control.qcState(INSPECTOR).mode;
  if (mode === 'listen' || mode === 'insert') await h.services.actions.switchMode({ trigger: 'panel', mode: 'whisper' });
  if (mode !== 'idle') expect(await h.services.actions.stop({ trigger: 'panel' })).toMatchObject({ ok: true });
  h.emulator.control.startCall('1002');
  h.emulator.control.startCall('1003');
  h.emulator.clearJournal();
});
afterEach(() => {
  h.emulator.clearFaults();
});

async function whisperTo(target: string): Promise<void> {
  const started = await h.services.actions.start({ trigger: 'panel', whisperAgentId: target });
  expect(started).toMatchObject({ ok: true });
  expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target });
  h.emulator.clearJournal();
}

const stops = () => h.requests('requeststopwhisperagent');

describe('single-flight stop', () => {
  it('50 simultaneous stop triggers from every surface send exactly one request and all get its result', async () => {
    await whisperTo('1002');
    const historyBefore = h.services.history().length;
    const surfaces: Trigger[] = ['panel', 'tray', 'shortcut', 'external', 'reminder'];
    const presses: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i += 1) {
      const trigger = surfaces[i % surfaces.length]!;
      if (trigger === 'panel') presses.push(h.handlers['whisper:stop']({}, PANEL_SENDER));
      else if (trigger === 'external') presses.push(performExternalTrigger(i % 2 ? ['--stop'] : 'whisper-control://stop', { actions: h.services.actions, logger: h.services.logger }));
      else presses.push(h.services.actions.stop({ trigger }));
    }
    const results = await Promise.all(presses);
    expect(stops()).toHaveLength(1);
    expect(results).toHaveLength(50);
    const first = results[0] as ActionResult;
    expect(first).toMatchObject({ ok: true, action: 'stop', retcode: '0' });
    for (const result of results) expect(result).toBe(first);
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'idle', target: null });
    expect(h.services.history().length - historyBefore).toBe(1);

    // The flight is over: the next press is a new request.
    await h.services.actions.stop({ trigger: 'tray' });
    expect(stops()).toHaveLength(2);
  });
});

describe('back to listen', () => {
  it('sends switchtype=0, leaves the inspector listening, and is not a stop', async () => {
    await whisperTo('1002');
    const result = await h.services.actions.backToListen({ trigger: 'shortcut' });
    expect(result).toMatchObject({ ok: true, action: 'back-to-listen', target: '1002' });
    const switches = h.requests('requestswitchinsertwhisperagent');
    expect(switches).toHaveLength(1);
    expect(switches[0]!.method).toBe('POST');
    expect(switches[0]!.query).toMatchObject({ switchtype: '0', whisperagentid: '1002' });
    expect(stops()).toHaveLength(0);
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: '1002' });
    expect(h.services.snapshot().whisper).toMatchObject({ mode: 'listen', target: '1002' });
  });
});

describe('stop while listening or inserting', () => {
  const cancels = () => h.emulator.journal.filter((entry) => entry.method === 'DELETE');

  function expectMonitoringEndedByOneCancel(result: ActionResult): void {
    expect(result).toMatchObject({ ok: true, action: 'stop', retcode: '0' });
    expect(cancels().map((entry) => entry.path)).toEqual(['/agentgateway/resource/qualitycontrol/101/1002']);
    expect(stops()).toHaveLength(0);
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'idle', target: null });
    expect(h.services.snapshot().whisper).toBeNull();
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', ok: true, retcode: '0' });
  }

  it('after back to listen: one DELETE qualitycontrol/101/1002 ends the listen', async () => {
    await whisperTo('1002');
    expect(await h.services.actions.backToListen({ trigger: 'panel' })).toMatchObject({ ok: true });
    h.emulator.clearJournal();
    expectMonitoringEndedByOneCancel(await h.services.actions.stop({ trigger: 'tray' }));
  });

  it('after a confirmed switch to insert: one DELETE ends the insert', async () => {
    await whisperTo('1002');
    expect(await h.services.actions.switchMode({ trigger: 'panel', mode: 'insert', confirmed: true })).toMatchObject({ ok: true });
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('insert');
    h.emulator.clearJournal();
    expectMonitoringEndedByOneCancel(await h.services.actions.stop({ trigger: 'shortcut' }));
  });

  it('while whispering: still requeststopwhisperagent, no DELETE', async () => {
    await whisperTo('1002');
    expect(await h.services.actions.stop({ trigger: 'panel' })).toMatchObject({ ok: true, action: 'stop' });
    expect(stops()).toHaveLength(1);
    expect(cancels()).toHaveLength(0);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
  });

  it('on 100-006 says the session is gone and the monitoring may continue, without a retry', async () => {
    await whisperTo('1002');
    expect(await h.services.actions.backToListen({ trigger: 'panel' })).toMatchObject({ ok: true });
    h.emulator.clearJournal();
    h.emulator.injectFault('stopSuperviseOrInsert', { kind: 'retcode', retcode: '100-006' }, 1);
    const result = await h.services.actions.stop({ trigger: 'tray', whisperAgentId: '1002' });
    expect(result).toMatchObject({ ok: false, action: 'stop', failure: { kind: 'whisper-may-continue', retcode: '100-006' } });
    expect(cancels()).toHaveLength(1);
    expect(stops()).toHaveLength(0);
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: '1002' });
    expect(h.services.snapshot().whisper).toMatchObject({ mode: 'listen', target: '1002' });
  });
});

describe('verified stop', () => {
  it('retries a targeted stop refused with 900-004 once without the target, and says so', async () => {
    await whisperTo('1002');
    const result = await h.services.actions.stop({ trigger: 'panel', whisperAgentId: '1003' });
    expect(result).toMatchObject({ ok: true, action: 'stop', target: '1003', retriedWithoutTarget: true });
    expect(stops().map((entry) => entry.query)).toEqual([{ whisperagentid: '1003' }, {}]);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', ok: true, retcode: '0', target: '1003' });
  });

  it('retries after 000-002 too, but only once', async () => {
    await whisperTo('1002');
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '000-002' }, 1);
    expect(await h.services.actions.stop({ trigger: 'tray', whisperAgentId: '1002' })).toMatchObject({ ok: true, retriedWithoutTarget: true });
    expect(stops()).toHaveLength(2);

    await whisperTo('1002');
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '000-002' }, 2);
    const result = await h.services.actions.stop({ trigger: 'tray', whisperAgentId: '1002' });
    expect(result).toMatchObject({ ok: false, retriedWithoutTarget: true, failure: { kind: 'retcode', retcode: '000-002' } });
    expect(stops()).toHaveLength(2);
  });

  it.each(['900-001', '900-002', '900-003'])('does not retry after %s: dropping the target cannot help, so one request and its refusal', async (retcode) => {
    await whisperTo('1002');
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode }, 1);
    const result = await h.services.actions.stop({ trigger: 'tray', whisperAgentId: '1002' });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode } });
    expect(result.retriedWithoutTarget).toBeUndefined();
    expect(stops()).toHaveLength(1);
  });

  it('does not retry a stop without a target', async () => {
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-004' }, 1);
    const result = await h.services.actions.stop({ trigger: 'shortcut' });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(result.retriedWithoutTarget).toBeUndefined();
    expect(stops()).toHaveLength(1);
  });

  it('on 100-006 says plainly the whisper may still be running and sign-in is needed, without a retry', async () => {
    await whisperTo('1002');
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '100-006' }, 1);
    const result = await h.services.actions.stop({ trigger: 'tray', whisperAgentId: '1002' });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'whisper-may-continue', retcode: '100-006' } });
    expect(stops()).toHaveLength(1);
    if (result.ok) throw new Error('expected a failure');
    expect(describeFailure(result.failure)).toMatch(/may still be running.*Sign in again/);
    expect(describeFailure(result.failure, 'zh-CN')).toMatch(/可能仍在/);
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', ok: false, retcode: '100-006' });
    await h.services.actions.stop({ trigger: 'panel' });
  });
});

describe('whisper ended outside the app', () => {
  it('clears the state within one poll when the emulator ends the call', async () => {
    // A fresh gateway whose polls are held 2 s: a poll held open means nothing else is queued.
    const fresh = await startHarness({ emulator: { pollHoldMs: 2000 } });
    try {
      await fresh.signIn();
      expect(await fresh.services.actions.start({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
      const polls = () => fresh.requests('agentevent');
      await eventually(() => expect(Date.now() - (polls().at(-1)?.at ?? Date.now())).toBeGreaterThan(400), 8000);
      expect(fresh.services.snapshot().whisper).toMatchObject({ mode: 'whisper', target: '1002' });
      const pollsBefore = polls().length;
      let pollsWhenCleared = -1;
      const unsubscribe = fresh.services.onSnapshot((s) => {
        if (s.whisper === null && pollsWhenCleared < 0) pollsWhenCleared = polls().length;
      });
      fresh.emulator.control.endCall('1002');
      await eventually(() => expect(fresh.services.snapshot().whisper).toBeNull());
      unsubscribe();
      // The poll already held open answered with the call-end event: no further poll was needed.
      // (The poller then drains the rest of the queue at once, which does not count here.)
      expect(pollsWhenCleared - pollsBefore).toBe(0);
      expect(fresh.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    } finally {
      await fresh.close();
    }
  });
});

describe('barge guard', () => {
  it('holds an unconfirmed switch to insert (nothing sent) and lets a confirmed one through', async () => {
    await whisperTo('1002');
    const held = await h.handlers['whisper:switch']({ mode: 'insert', whisperAgentId: '1002' }, PANEL_SENDER);
    expect(held).toMatchObject({ ok: false, action: 'switch', needsConfirmation: 'barge', failure: { kind: 'validation', field: 'confirmed' } });
    expect(h.requests('requestswitchinsertwhisperagent')).toHaveLength(0);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('whisper');

    const confirmed = await h.handlers['whisper:switch']({ mode: 'insert', whisperAgentId: '1002', confirmed: true }, PANEL_SENDER);
    expect(confirmed).toMatchObject({ ok: true, action: 'switch' });
    expect(h.requests('requestswitchinsertwhisperagent').map((e) => e.query['switchtype'])).toEqual(['1']);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('insert');
  });

  it('does not ask when the barge guard is turned off in settings', async () => {
    await whisperTo('1002');
    expect(await h.services.saveSettings({ bargeGuard: false })).toMatchObject({ ok: true });
    try {
      expect(await h.services.actions.switchMode({ trigger: 'panel', mode: 'insert' })).toMatchObject({ ok: true });
      expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('insert');
    } finally {
      await h.services.saveSettings({ bargeGuard: true });
    }
  });

  it('never holds listen or whisper', async () => {
    await whisperTo('1002');
    expect(await h.services.actions.switchMode({ trigger: 'panel', mode: 'listen' })).toMatchObject({ ok: true });
    expect(await h.services.actions.switchMode({ trigger: 'panel', mode: 'whisper' })).toMatchObject({ ok: true });
  });
});

describe('external triggers through the services', () => {
  it('--stop forwarded from a second instance performs exactly one stop', async () => {
    await whisperTo('1003');
    const result = await performExternalTrigger(['--stop'], { actions: h.services.actions, logger: h.services.logger });
    expect(result).toMatchObject({ ok: true, action: 'stop' });
    expect(stops()).toHaveLength(1);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', trigger: 'external' });
  });

  it('whisper-control://back-to-listen goes back to listening', async () => {
    await whisperTo('1003');
    expect(await performExternalTrigger('whisper-control://back-to-listen', { actions: h.services.actions, logger: h.services.logger })).toMatchObject({ ok: true, action: 'back-to-listen' });
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('listen');
  });

  it('an unknown argument or link does nothing but log', async () => {
    await whisperTo('1003');
    const logBefore = h.logLines.length;
    const historyBefore = h.services.history().length;
    for (const input of [['--start=1002'], ['--STOP'], 'whisper-control://stop?whisperagentid=1002', 'whisper-control://start/1002', 'https://evil.example/stop', ['rm -rf /']]) {
      expect(await performExternalTrigger(input, { actions: h.services.actions, logger: h.services.logger })).toBeNull();
    }
    expect(h.emulator.journal.filter((e) => !e.path.includes('agentevent'))).toEqual([]);
    expect(h.services.history().length).toBe(historyBefore);
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target: '1003' });
    const logged = h.logLines.slice(logBefore).filter((line) => line.includes('external trigger refused'));
    expect(logged).toHaveLength(6);
    expect(logged[0]).toMatch(/^warn /);
  });
});

describe('not configured', () => {
  it('refuses every action with not-configured when no gateway is configured and there is no demo', async () => {
    const bare = await startHarness({ sharedEmulator: h.emulator, services: { demoGateway: null } });
    try {
      h.emulator.clearJournal();
      const result = await bare.services.actions.stop({ trigger: 'tray' });
      expect(result).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
      if (!result.ok) expect(describeFailure(result.failure)).toMatch(/gateway URL/);
      expect(bare.services.snapshot()).toMatchObject({ phase: 'signed-out', demo: false, gatewayUrl: null });
      expect(await bare.services.resume()).toBe('not-configured');
      expect(h.emulator.journal).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

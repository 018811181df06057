import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import type { ActionResult } from '@app/ipc-contract';
import type { RosterResult } from '@app/roster';
import { INSPECTOR, PANEL_SENDER, type Harness, useSignedInHarness } from '../ipc/harness';

/** Listen, insert, intercept and the roster through the actions, the IPC handlers and the real emulator. */
let h: Harness;

useSignedInHarness((harness) => (h = harness));
beforeEach(async () => {
  h.emulator.clearFaults();
  const { mode } = h.emulator.control.qcState(INSPECTOR);
  if (mode !== 'idle') expect(await h.services.actions.stop({ trigger: 'panel' })).toMatchObject({ ok: true });
  for (const agent of ['1001', '1002', '1003']) h.emulator.control.startCall(agent);
  h.emulator.clearJournal();
});

const qcRequests = () => h.emulator.journal.filter((e) => e.path.includes('qualitycontrol'));

describe('listen from the roster or the target field', () => {
  it('listen → whisper → stop: addsupervise, switch to whisper, the whisper stop; the snapshot follows', async () => {
    const listened = (await h.handlers['whisper:listen']({ whisperAgentId: '1002' }, PANEL_SENDER)) as ActionResult;
    expect(listened).toMatchObject({ ok: true, action: 'listen', target: '1002' });
    expect(h.services.snapshot().whisper).toMatchObject({ mode: 'listen', target: '1002' });
    expect(await h.services.actions.switchMode({ trigger: 'panel', mode: 'whisper', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    expect(h.services.snapshot().whisper).toMatchObject({ mode: 'whisper', target: '1002' });
    expect(await h.services.actions.stop({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true, action: 'stop' });
    expect(h.services.snapshot().whisper).toBeNull();
    expect(qcRequests().map((e) => `${e.method} ${e.path.replace('/agentgateway/resource/qualitycontrol/101/', '')}`)).toEqual([
      'PUT addsupervise/1002',
      'POST requestswitchinsertwhisperagent',
      'POST requeststopwhisperagent',
    ]);
  });

  it('a stop while listening ends it with cancel listen (DELETE), not the whisper stop', async () => {
    expect(await h.services.actions.listen({ trigger: 'tray', whisperAgentId: '1003' })).toMatchObject({ ok: true });
    h.emulator.clearJournal();
    expect(await h.services.actions.stop({ trigger: 'tray' })).toMatchObject({ ok: true });
    expect(qcRequests().map((e) => e.method)).toEqual(['DELETE']);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
  });

  it('is single-flight per target: 20 presses send one addsupervise and share its result', async () => {
    const presses = Array.from({ length: 20 }, (_, i) => h.services.actions.listen({ trigger: i % 2 ? 'panel' : 'tray', whisperAgentId: '1002' }));
    const results = await Promise.all(presses);
    expect(h.emulator.journal.filter((e) => e.path.includes('addsupervise'))).toHaveLength(1);
    for (const result of results) expect(result).toBe(results[0]);
  });

  it.each([
    ['1004', '900-004', 'not on a call'],
    ['101', '000-005', 'cannot inspect yourself'],
  ])('refusal %s → %s is worded with what to do, in English and Chinese', async (target, retcode, words) => {
    const result = await h.services.actions.listen({ trigger: 'panel', whisperAgentId: target });
    expect(result).toMatchObject({ ok: false, action: 'listen', failure: { kind: 'retcode', retcode } });
    if (result.ok) return;
    expect(describeFailure(result.failure, 'en')).toContain(words);
    expect(describeFailure(result.failure, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a second start while monitoring is refused with 900-005, worded as a state to change', async () => {
    expect(await h.services.actions.listen({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    const second = await h.services.actions.listen({ trigger: 'panel', whisperAgentId: '1003' });
    expect(second).toMatchObject({ ok: false, failure: { retcode: '900-005' } });
    if (!second.ok) expect(describeFailure(second.failure, 'en')).toContain('Stop');
  });
});

describe('insert and intercept need a confirmation', () => {
  it('insert is held by the barge guard, sends nothing, and goes once confirmed', async () => {
    const held = await h.services.actions.insert({ trigger: 'panel', whisperAgentId: '1002' });
    expect(held).toMatchObject({ ok: false, action: 'insert', needsConfirmation: 'barge' });
    expect(qcRequests()).toEqual([]);
    expect(await h.services.actions.insert({ trigger: 'panel', whisperAgentId: '1002', confirmed: true })).toMatchObject({ ok: true, action: 'insert' });
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'insert', target: '1002' });
    expect(h.services.snapshot().whisper).toMatchObject({ mode: 'insert', target: '1002' });
  });

  it('intercept is always confirmed (barge guard or not), says what happens, then the customer moves and nothing is left to stop', async () => {
    await h.services.saveSettings({ bargeGuard: false });
    try {
      expect(await h.services.actions.listen({ trigger: 'panel', whisperAgentId: '1003' })).toMatchObject({ ok: true });
      h.emulator.clearJournal();
      const held = (await h.handlers['whisper:intercept']({ whisperAgentId: '1003' }, PANEL_SENDER)) as ActionResult;
      expect(held).toMatchObject({ ok: false, action: 'intercept', needsConfirmation: 'intercept' });
      if (!held.ok) {
        expect(held.explanation?.en).toContain('customer moves to you');
        expect(held.explanation?.en).toContain('the agent is released');
        expect(held.explanation?.['zh-CN']).toContain('坐席将被释放');
      }
      expect(qcRequests()).toEqual([]);
      const done = await h.services.actions.intercept({ trigger: 'panel', whisperAgentId: '1003', confirmed: true });
      expect(done).toMatchObject({ ok: true, action: 'intercept', target: '1003' });
      expect(qcRequests().map((e) => `${e.method} ${e.path.split('/').slice(-2).join('/')}`)).toEqual(['PUT intercept/1003']);
      expect(h.services.snapshot().whisper).toBeNull();
      h.emulator.control.endCall(INSPECTOR);
    } finally {
      await h.services.saveSettings({ bargeGuard: true });
    }
  });
});

describe('audit and history', () => {
  it('record every console action with its trigger, in the history and the audit file', async () => {
    await h.services.actions.listen({ trigger: 'tray', whisperAgentId: '1002' });
    await h.services.actions.stop({ trigger: 'shortcut' });
    await h.services.actions.insert({ trigger: 'panel', whisperAgentId: '1003', confirmed: true });
    await h.services.actions.intercept({ trigger: 'panel', whisperAgentId: '1003', confirmed: true });
    h.emulator.control.endCall(INSPECTOR);
    const recent = h.services.history().slice(-4).map((e) => [e.action, e.trigger, e.target, e.ok]);
    expect(recent).toEqual([
      ['listen', 'tray', '1002', true],
      // The stop names the monitored agent whichever surface asked (app/monitoring.ts planStop).
      ['stop', 'shortcut', '1002', true],
      ['insert', 'panel', '1003', true],
      ['intercept', 'panel', '1003', true],
    ]);
    await expect
      .poll(async () => (await readFile(h.services.auditFilePath, 'utf8')).trim().split('\n').slice(-4).map((l) => JSON.parse(l).action))
      .toEqual(['listen', 'stop', 'insert', 'intercept']);
  });
});

describe('roster', () => {
  it('roster:get answers the list without the inspector; concurrent fetches share one request; the last is kept', async () => {
    const [a, b] = (await Promise.all([h.handlers['roster:get']({}, PANEL_SENDER), h.services.roster()])) as RosterResult[];
    expect(h.emulator.journal.filter((e) => e.path.endsWith('/allagent'))).toHaveLength(1);
    expect(a).toEqual(b);
    if (!a!.ok) throw new Error('roster failed');
    expect(a!.roster.agents.some((x) => x.workNo === INSPECTOR)).toBe(false);
    expect(a!.roster.agents.find((x) => x.workNo === '1002')).toMatchObject({ status: 'talking' });
    expect(h.services.lastRoster()).toEqual(a!.roster);
  });

  it('is not audited, and a gateway refusal comes back explained', async () => {
    const before = h.services.history().length;
    h.emulator.injectFault('allAgent', { kind: 'retcode', retcode: '900-002' }, 1);
    const result = (await h.handlers['roster:get']({}, PANEL_SENDER)) as RosterResult;
    expect(result).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-002' } });
    if (!result.ok) expect(result.explanation?.en).toContain('permission');
    expect(h.services.history().length).toBe(before);
  });
});

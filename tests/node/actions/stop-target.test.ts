/**
 * One rule picks the agent a stop names, for every surface (app/monitoring.ts planStop), and a
 * hedged stop the gateway had already carried out reaches the person as such: in the
 * ActionResult, the panel's result line and the tray notification, in English and Chinese.
 */
import { performExternalTrigger } from '@main/surfaces/external-triggers';
import { readFile } from 'node:fs/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { SIGNED_OUT, type SessionSnapshot, type Trigger } from '@app/whisper';
import { planAgent, planStop } from '@app/monitoring';
import { actionResultText } from '@main/surfaces/notifications';
import { trayMenuTemplate } from '@main/surfaces/tray';
import { shellStrings } from '@app/i18n/shell';
import { describeOutcome } from '@renderer/src/describe';
import { loadCatalogue, translator } from '@renderer/src/i18n';
import { INSPECTOR, PANEL_SENDER, type Harness, useSignedInHarness } from '../ipc/harness';

const signedIn: SessionSnapshot = { ...SIGNED_OUT, phase: 'signed-in', agentId: INSPECTOR };
const monitoring = (mode: 'whisper' | 'listen' | 'insert', target: string | null): SessionSnapshot => ({
  ...signedIn,
  whisper: { mode, target, since: 0 },
});

// The panel fetches the Chinese catalogue on demand; load it as the panel would before showing it.
beforeAll(() => loadCatalogue('zh-CN'));

describe('the stop plan', () => {
  it('names the agent the person named, else the one monitored, else none', () => {
    expect(planAgent(planStop('1003', monitoring('whisper', '1002')))).toBe('1003');
    expect(planAgent(planStop(undefined, monitoring('whisper', '1002')))).toBe('1002');
    expect(planAgent(planStop(undefined, monitoring('whisper', null)))).toBeNull();
    expect(planAgent(planStop(undefined, signedIn))).toBeNull();
    expect(planAgent(planStop(undefined, null))).toBeNull();
  });

  it('ends a listen or insert on the monitored agent with the cancel call, and a whisper with the stop', () => {
    expect(planStop(undefined, monitoring('listen', '1002'))).toEqual({ kind: 'cancel-monitoring', mode: 'listen', ends: 'listen', workNo: '1002', overridden: null });
    expect(planStop('1003', monitoring('insert', '1002'))).toEqual({ kind: 'cancel-monitoring', mode: 'insert', ends: 'insert', workNo: '1002', overridden: '1003' });
    expect(planStop(undefined, monitoring('whisper', '1002'))).toEqual({ kind: 'stop-whisper', ends: 'whisper', target: '1002', overridden: null });
    expect(planStop(undefined, monitoring('listen', null))).toEqual({ kind: 'stop-whisper', ends: 'whisper', target: null, overridden: null });
  });
});

let h: Harness;
useSignedInHarness((harness) => (h = harness));
beforeEach(async () => {
  h.emulator.clearFaults();
  if (h.emulator.control.qcState(INSPECTOR).mode !== 'idle') await h.services.actions.stop({ trigger: 'panel' });
  h.emulator.control.startCall('1002');
  h.emulator.clearJournal();
});

const stops = () => h.requests('requeststopwhisperagent');

describe('every surface, one rule', () => {
  /** The tray's Stop item, clicked: it asks the actions directly and tells the result. */
  async function trayStop(): Promise<ActionResult> {
    const told = new Promise<ActionResult>((resolve) => {
      const shell = { notify: resolve, openPanel: () => {}, signIn: () => {}, openLogsFolder: () => {}, quit: () => {} };
      const item = trayMenuTemplate(h.services.snapshot(), shellStrings('en'), { ...shell, actions: h.services.actions }).find((i) => i.id === 'stop')!;
      (item.click as () => void)();
    });
    return told;
  }
  const presses: ReadonlyArray<[Trigger, () => Promise<ActionResult | null | undefined>]> = [
    ['panel', () => h.handlers['whisper:stop']({}, PANEL_SENDER) as Promise<ActionResult>],
    ['tray', trayStop],
    // The shortcut and the reminder's Stop ask exactly this (main/surfaces/shortcuts.ts, notifications.ts).
    ['shortcut', () => h.services.actions.stop({ trigger: 'shortcut' })],
    ['reminder', () => h.services.actions.stop({ trigger: 'reminder' })],
    ['external', () => performExternalTrigger(['--stop'], { actions: h.services.actions, logger: h.services.logger })],
  ];

  it.each(presses)('a stop from the %s names the whispered agent', async (trigger, press) => {
    expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    h.emulator.clearJournal();
    const result = await press();
    expect(result).toMatchObject({ ok: true, action: 'stop', target: '1002' });
    expect(stops().map((entry) => entry.query)).toEqual([{ whisperagentid: '1002' }]);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', trigger, target: '1002', ok: true });
  });

  it('names no agent when no whisper is known, whichever surface asked', async () => {
    const results = [await presses[0]![1](), await presses[1]![1](), await presses[4]![1]()];
    for (const result of results) expect(result).toMatchObject({ action: 'stop', target: null });
    expect(stops().map((entry) => entry.query)).toEqual([{}, {}, {}]);
  });
});

describe('a stop naming another agent than the one listened to', () => {
  it('ends the listen on 1002, and the result, the history and the audit record all name 1002 and say 1003 was not stopped', async () => {
    expect(await h.services.actions.listen({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    h.emulator.clearJournal();
    const result = (await h.handlers['whisper:stop']({ whisperAgentId: '1003' }, PANEL_SENDER)) as ActionResult;

    expect(h.emulator.journal.filter((entry) => entry.method === 'DELETE').map((entry) => entry.path)).toEqual([
      '/agentgateway/resource/qualitycontrol/101/1002',
    ]);
    expect(result).toMatchObject({ ok: true, action: 'stop', target: '1002', overridden: '1003' });
    expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', target: '1002', ok: true });
    const lastAudited = async () => JSON.parse((await readFile(h.services.auditFilePath, 'utf8')).trim().split('\n').at(-1)!) as Record<string, unknown>;
    await expect.poll(lastAudited).toMatchObject({ action: 'stop', ok: true, target: '1002' });
    const record = JSON.stringify(await lastAudited());
    expect(record).toContain('1002');
    expect(record).not.toContain('1003');
    expect(result).toMatchObject({ ended: 'listen' });
    expect(actionResultText(result, shellStrings('en'), 'en').body).toMatch(/^Listening stopped \(agent 1002\)\. Agent 1003 was not stopped/);
    expect(actionResultText(result, shellStrings('zh-CN'), 'zh-CN').body).toMatch(/^已停止监听（坐席 1002）。/);
    expect(actionResultText(result, shellStrings('en'), 'en').body).toContain('Agent 1003 was not stopped');
    expect(actionResultText(result, shellStrings('zh-CN'), 'zh-CN').body).toContain('未停止坐席 1003');
  });
});

describe('a stop the gateway had already carried out (hedged stop, reconciled)', () => {
  it('reaches the ActionResult, the panel and the tray notification as stopped, saying so', async () => {
    // The first stop hangs; the hedge finds no whisper (900-004): the first one ended it.
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'hang' }, 1);
    const result = (await h.handlers['whisper:stop']({}, PANEL_SENDER)) as ActionResult;
    expect(result).toMatchObject({ ok: true, action: 'stop', retcode: '0', reconciled: true });
    expect(stops()).toHaveLength(2);
    expect(h.logLines.join('\n')).toMatch(/inspector action .*reconciled=true/);

    const panel = (language: 'en' | 'zh-CN') => describeOutcome({ type: 'action', result }, language, translator(language)).text;
    expect(panel('en')).toBe('Stopped whispering. The gateway had already ended it: the first request got through.');
    expect(panel('zh-CN')).toBe('已停止耳语。 网关此前已将其结束：第一次请求已送达。');
    expect(actionResultText(result, shellStrings('en'), 'en').body).toContain('The gateway had already ended it');
    expect(actionResultText(result, shellStrings('zh-CN'), 'zh-CN').body).toContain('网关此前已将其结束');
  });

  it('when the named agent was wrong and the first answer was lost, the confirming stop ends the whisper still running', async () => {
    // Whispering to 1002; a roster row's Stop names 1003. The first stop is refused (900-004) but its
    // answer is lost; the hedge is refused the same way and is read as "already ended".
    expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    h.emulator.injectFault('requestStopWhisperAgent', { kind: 'hang' }, 1);
    const result = (await h.handlers['whisper:stop']({ whisperAgentId: '1003' }, PANEL_SENDER)) as ActionResult;
    expect(result).toMatchObject({ ok: true, action: 'stop', retcode: '0', retriedWithoutTarget: true });
    expect(stops()).toHaveLength(3);
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
  });

  it('an ordinary stop says nothing of it', async () => {
    expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    const result = await h.services.actions.stop({ trigger: 'tray' });
    expect(result.ok && result.reconciled).toBeUndefined();
    expect(actionResultText(result, shellStrings('en'), 'en').body).not.toContain('already ended');
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { actionResultText, createNotifier } from '@main/surfaces/notifications';
import { shellStrings } from '@app/i18n/shell';
import { FakeNotification, resetFakeInstances } from '../electron/fake-electron';
import { testLogger } from '../electron/test-logger';

const en = shellStrings('en');

describe('notification text', () => {
  it('says what a successful stop did', () => {
    const ok: ActionResult = { ok: true, action: 'stop', target: '1002', retcode: '0', gatewayMessage: 'success', durationMs: 12 };
    expect(actionResultText(ok, en, 'en')).toEqual({ title: 'Whisper Control', body: 'Whisper stopped (agent 1002).' });
    expect(actionResultText({ ...ok, retriedWithoutTarget: true }, en, 'en').body).toContain('refused, so the app stopped whatever whisper you had instead');
  });

  it('gives the human message and the retcode for a failed stop, in either language', () => {
    const failed: ActionResult = { ok: false, action: 'stop', target: '1002', failure: { kind: 'retcode', retcode: '900-004', gatewayMessage: 'no info' }, durationMs: 9 };
    expect(actionResultText(failed, en, 'en')).toEqual({
      title: 'Stop whispering failed',
      body: 'The gateway has no information for that agent: not on a call, not being monitored by you, or in another VDN. Refresh the agent list and pick an agent on a call. [900-004]',
    });
    expect(actionResultText(failed, shellStrings('zh-CN'), 'zh-CN').title).toBe('停止耳语失败');
    const timeout: ActionResult = { ok: false, action: 'stop', target: null, failure: { kind: 'timeout', timeoutMs: 5000 }, durationMs: 5000 };
    expect(actionResultText(timeout, en, 'en').body).toBe('The gateway did not answer within 5.0 s. Try again; if it repeats, check the network or call IT.');
  });
});

describe('notifier', () => {
  function notifier() {
    resetFakeInstances();
    const openPanel = vi.fn();
    const n = createNotifier({
      createNotification: (options) => new FakeNotification(options) as never,
      isSupported: () => FakeNotification.isSupported(),
      strings: () => en,
      language: () => 'en',
      logger: testLogger(),
      openPanel,
    });
    return { n, openPanel };
  }

  it('shows the result of a stop; clicking it opens the panel', () => {
    const { n, openPanel } = notifier();
    n.actionResult({ ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'success', durationMs: 3 });
    const shown = FakeNotification.instances[0] as FakeNotification;
    expect(shown.shown).toBe(true);
    expect(shown.options.body).toBe('Whisper stopped.');
    shown.emit('click');
    expect(openPanel).toHaveBeenCalledTimes(1);
  });

  it('shows the reminder with a Stop action that stops, with the reminder trigger', async () => {
    const { n } = notifier();
    const onStop = vi.fn(async (_request: { trigger: string }) => ({ ok: true, action: 'stop', target: '1002', retcode: '0', gatewayMessage: 'success', durationMs: 3 }) as const);
    n.reminder({ target: '1002', elapsedMs: 300_000, actions: { stop: onStop } });
    const shown = FakeNotification.instances[0] as FakeNotification;
    expect(shown.options.body).toBe('Still whispering to 1002 — 5:00');
    expect(shown.options.actions).toEqual([{ type: 'button', text: 'Stop' }]);
    shown.emit('action', { actionIndex: 0 });
    expect(onStop).toHaveBeenCalledExactlyOnceWith({ trigger: 'reminder' });
    // The stop's result is told as every surface's is.
    await vi.waitFor(() => expect(FakeNotification.instances.at(-1)?.options.body).toBe('Whisper stopped (agent 1002).'));
  });

  it('logs instead of failing where the desktop has no notifications', () => {
    const { n } = notifier();
    FakeNotification.supported = false;
    n.actionResult({ ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'success', durationMs: 3 });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});

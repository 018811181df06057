/**
 * The external-trigger queue on its own: triggers that arrive before the saved session was tried
 * wait, then run in arrival order, the launch's own arguments first; later ones run at once. Each
 * asks the inspector actions directly with the external trigger.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { createTriggerQueue, listenForTriggers } from '@main/surfaces/external-triggers';
import { createLogger, memoryLogSink } from '@main/log/logger';

const stopped: ActionResult = { ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'success', durationMs: 3 };

function queueOver(launchArguments: string[] = []) {
  const notified: ActionResult[] = [];
  const queue = createTriggerQueue({ notify: (r) => notified.push(r), logger: createLogger(memoryLogSink()), launchArguments });
  return { queue, notified };
}

/** Actions that record the trigger each press came with. */
function recordingActions() {
  const seen: string[] = [];
  return {
    seen,
    stop: vi.fn(async (request: { trigger: string }) => (seen.push(`stop ${request.trigger}`), stopped)),
    backToListen: vi.fn(async (request: { trigger: string }) => (seen.push(`back-to-listen ${request.trigger}`), { ...stopped, action: 'back-to-listen' as const })),
  };
}

describe('external-trigger queue', () => {
  it('holds triggers until opened, then runs them in order, the launch arguments first', async () => {
    const actions = recordingActions();
    const { queue, notified } = queueOver(['--stop']);
    await queue.run('whisper-control://back-to-listen');
    expect(actions.seen).toEqual([]);
    await queue.open(actions);
    expect(actions.seen).toEqual(['stop external', 'back-to-listen external']);
    expect(notified.map((r) => r.action)).toEqual(['stop', 'back-to-listen']);
    await queue.run(['--stop']);
    expect(actions.seen.at(-1)).toBe('stop external');
  });

  it('performs nothing, and tells no one, for a refused trigger', async () => {
    const actions = recordingActions();
    const { queue, notified } = queueOver();
    await queue.open(actions);
    await queue.run(['--format-disk']);
    expect(actions.seen).toEqual([]);
    expect(notified).toEqual([]);
  });

  it('opens the panel for a bare second launch and queues one with arguments or a link', () => {
    const listeners = new Map<string, (...args: any[]) => void>();
    const app = { on: (event: string, listener: (...args: any[]) => void) => listeners.set(event, listener) };
    const run = vi.fn(async () => undefined);
    const openPanel = vi.fn();
    listenForTriggers(app as never, {
      argumentContext: (workingDirectory) => ({ packaged: true, appPath: '/app', workingDirectory }),
      queue: { run },
      openPanel,
    });
    listeners.get('second-instance')?.({}, ['/opt/wc/whisper-control'], '/home/qa');
    expect(openPanel).toHaveBeenCalledTimes(1);
    listeners.get('second-instance')?.({}, ['/opt/wc/whisper-control', '--stop'], '/home/qa');
    const preventDefault = vi.fn();
    listeners.get('open-url')?.({ preventDefault }, 'whisper-control://stop');
    expect(run.mock.calls).toEqual([[['--stop']], ['whisper-control://stop']]);
    expect(preventDefault).toHaveBeenCalled();
  });
});

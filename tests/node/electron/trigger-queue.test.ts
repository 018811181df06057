/**
 * The external-trigger queue on its own: triggers that arrive before the saved session was tried
 * wait, then run in arrival order, the launch's own arguments first; later ones run at once.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { createTriggerQueue, listenForTriggers } from '@main/electron/trigger-queue';

const stopped: ActionResult = { ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'success', durationMs: 3 };

function queueOver(services: { handleExternalTrigger: (input: readonly string[] | string) => Promise<ActionResult | null> } | null, launchArguments: string[] = []) {
  const notified: ActionResult[] = [];
  const current = { services };
  const queue = createTriggerQueue({ services: () => current.services, notify: (r) => notified.push(r), launchArguments });
  return { queue, notified, current };
}

describe('external-trigger queue', () => {
  it('holds triggers until opened, then runs them in order, the launch arguments first', async () => {
    const seen: (readonly string[] | string)[] = [];
    const handleExternalTrigger = vi.fn(async (input: readonly string[] | string) => (seen.push(input), stopped));
    const { queue, notified } = queueOver({ handleExternalTrigger }, ['--stop']);
    await queue.run('whisper-control://stop');
    expect(handleExternalTrigger).not.toHaveBeenCalled();
    await queue.open();
    expect(seen).toEqual([['--stop'], 'whisper-control://stop']);
    expect(notified).toEqual([stopped, stopped]);
    await queue.run(['--back-to-listen']);
    expect(seen.at(-1)).toEqual(['--back-to-listen']);
  });

  it('keeps a trigger that arrives before the services are up, and tells no one about an ignored one', async () => {
    const handleExternalTrigger = vi.fn(async () => null);
    const { queue, notified, current } = queueOver(null);
    await queue.open();
    await queue.run(['--stop']);
    current.services = { handleExternalTrigger };
    expect(handleExternalTrigger).not.toHaveBeenCalled();
    await queue.open();
    expect(handleExternalTrigger).toHaveBeenCalledExactlyOnceWith(['--stop']);
    expect(notified).toEqual([]);
  });

  it('opens the panel for a bare second launch and queues one with arguments or a link', () => {
    const listeners = new Map<string, (...args: any[]) => void>();
    const app = { on: (event: string, listener: (...args: any[]) => void) => listeners.set(event, listener) };
    const run = vi.fn(async () => undefined);
    const openPanel = vi.fn();
    listenForTriggers(app as never, {
      argumentContext: (workingDirectory) => ({ packaged: true, appPath: '/app', workingDirectory }),
      queue: { run, open: async () => undefined },
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

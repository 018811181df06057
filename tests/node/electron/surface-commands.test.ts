/**
 * What the tray, shortcuts and reminder ask of the services: a stop that leaves the choice of
 * agent to the monitoring model (app/monitoring.ts planStop), every result is reported, a sign-out only when it failed, nothing before the
 * services are up.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { SIGNED_OUT, type SessionSnapshot } from '@app/whisper';
import { createSurfaceCommands } from '@main/electron/surface-commands';

const ok = (action: ActionResult['action'], target: string | null = null): ActionResult => ({ ok: true, action, target, retcode: '0', gatewayMessage: 'success', durationMs: 2 });
const whispering: SessionSnapshot = { ...SIGNED_OUT, phase: 'signed-in', agentId: '101', whisper: { target: '1002', mode: 'whisper', since: 0 } };

function commandsOver(snapshot: SessionSnapshot, signOut: ActionResult = ok('sign-out')) {
  const actions = {
    stop: vi.fn(async () => ok('stop', '1002')),
    backToListen: vi.fn(async () => ok('back-to-listen')),
    signOut: vi.fn(async () => signOut),
  };
  const notified: ActionResult[] = [];
  const commands = createSurfaceCommands({ services: () => ({ actions, snapshot: () => snapshot }) as never, notify: (r) => notified.push(r) });
  return { commands, actions, notified };
}

describe('surface commands', () => {
  it('asks for a stop naming only the surface (the actions layer picks the agent), and reports the result', async () => {
    const { commands, actions, notified } = commandsOver(whispering);
    await commands.stop('shortcut');
    expect(actions.stop).toHaveBeenCalledExactlyOnceWith({ trigger: 'shortcut' });
    expect(notified).toEqual([ok('stop', '1002')]);
  });

  it('asks the same when no whisper is shown, and goes back to listening when asked', async () => {
    const { commands, actions, notified } = commandsOver({ ...whispering, whisper: null });
    await commands.stop('tray');
    await commands.backToListen('reminder');
    expect(actions.stop).toHaveBeenCalledExactlyOnceWith({ trigger: 'tray' });
    expect(actions.backToListen).toHaveBeenCalledExactlyOnceWith({ trigger: 'reminder' });
    expect(notified.map((r) => r.action)).toEqual(['stop', 'back-to-listen']);
  });

  it('reports a sign-out only when it failed', async () => {
    const quiet = commandsOver(whispering);
    await quiet.commands.signOut('tray');
    expect(quiet.notified).toEqual([]);
    const failed: ActionResult = { ok: false, action: 'sign-out', target: null, failure: { kind: 'network', code: 'ECONNRESET' }, durationMs: 1 };
    const loud = commandsOver(whispering, failed);
    await loud.commands.signOut('tray');
    expect(loud.notified).toEqual([failed]);
  });

  it('does nothing before the services are up', async () => {
    const notified: ActionResult[] = [];
    const commands = createSurfaceCommands({ services: () => null, notify: (r) => notified.push(r) });
    await commands.stop('tray');
    await commands.backToListen('shortcut');
    await commands.signOut('tray');
    expect(notified).toEqual([]);
  });
});

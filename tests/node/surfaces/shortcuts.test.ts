import { describe, expect, it, vi } from 'vitest';
import { createShortcutManager } from '@main/surfaces/shortcuts';
import { FakeGlobalShortcut } from '../electron/fake-electron';
import { testLogger } from '../electron/test-logger';

function manager() {
  const globalShortcut = new FakeGlobalShortcut();
  // A press asks the inspector actions directly with the shortcut trigger; `onTrigger` records which.
  const onTrigger = vi.fn();
  const result = { ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'success', durationMs: 1 } as const;
  const actions = {
    stop: vi.fn(async (request: { trigger: string }) => (onTrigger('stop', request.trigger), result)),
    backToListen: vi.fn(async (request: { trigger: string }) => (onTrigger('back-to-listen', request.trigger), { ...result, action: 'back-to-listen' as const })),
  };
  const notify = vi.fn();
  const onReport = vi.fn();
  const logger = testLogger();
  const shortcuts = createShortcutManager({ globalShortcut, actions, notify, onReport, logger });
  return { globalShortcut, onTrigger, notify, onReport, logger, shortcuts };
}

describe('global shortcuts', () => {
  it('registers stop and back-to-listen and routes presses to their actions', () => {
    const { globalShortcut, onTrigger, shortcuts } = manager();
    const report = shortcuts.apply({ stop: 'CommandOrControl+Alt+S', backToListen: 'CommandOrControl+Alt+L' });
    expect(report.failed).toEqual([]);
    expect(report.registered).toEqual([
      { role: 'stop', accelerator: 'CommandOrControl+Alt+S' },
      { role: 'back-to-listen', accelerator: 'CommandOrControl+Alt+L' },
    ]);
    globalShortcut.press('CommandOrControl+Alt+S');
    globalShortcut.press('CommandOrControl+Alt+L');
    expect(onTrigger.mock.calls).toEqual([['stop', 'shortcut'], ['back-to-listen', 'shortcut']]);
  });

  it('reports a combination another application holds, in the report and the log', () => {
    const { globalShortcut, onReport, logger, shortcuts } = manager();
    globalShortcut.taken.add('CommandOrControl+Alt+S');
    const report = shortcuts.apply({ stop: 'CommandOrControl+Alt+S', backToListen: null });
    expect(report.registered).toEqual([]);
    expect(report.failed).toEqual([{ role: 'stop', accelerator: 'CommandOrControl+Alt+S', reason: 'taken' }]);
    expect(onReport).toHaveBeenCalledWith(report);
    expect(shortcuts.lastReport()).toBe(report);
    expect(logger.lines.some((l) => l.startsWith('warn global shortcut not registered') && l.includes('reason=taken'))).toBe(true);
  });

  it('reports an accelerator Electron cannot parse instead of throwing', () => {
    const { shortcuts } = manager();
    const report = shortcuts.apply({ stop: 'Ctrl+', backToListen: 'CommandOrControl+Alt+L' });
    expect(report.failed).toEqual([{ role: 'stop', accelerator: 'Ctrl+', reason: 'invalid' }]);
    expect(report.registered).toEqual([{ role: 'back-to-listen', accelerator: 'CommandOrControl+Alt+L' }]);
  });

  it('refuses the same combination for both actions, keeping it for stop', () => {
    const { shortcuts } = manager();
    const report = shortcuts.apply({ stop: 'CommandOrControl+Alt+S', backToListen: 'CommandOrControl+Alt+S' });
    expect(report.registered).toEqual([{ role: 'stop', accelerator: 'CommandOrControl+Alt+S' }]);
    expect(report.failed).toEqual([{ role: 'back-to-listen', accelerator: 'CommandOrControl+Alt+S', reason: 'taken' }]);
  });

  it('re-registers on a settings change: the old combination is released, the new one works', () => {
    const { globalShortcut, onTrigger, shortcuts } = manager();
    shortcuts.apply({ stop: 'CommandOrControl+Alt+S', backToListen: null });
    shortcuts.apply({ stop: 'CommandOrControl+Shift+X', backToListen: null });
    expect([...globalShortcut.held.keys()]).toEqual(['CommandOrControl+Shift+X']);
    globalShortcut.press('CommandOrControl+Shift+X');
    expect(onTrigger).toHaveBeenCalledExactlyOnceWith('stop', 'shortcut');
    shortcuts.apply({ stop: null, backToListen: null });
    expect(globalShortcut.held.size).toBe(0);
    shortcuts.apply({ stop: 'CommandOrControl+Alt+S', backToListen: null });
    shortcuts.dispose();
    expect(globalShortcut.held.size).toBe(0);
  });
});

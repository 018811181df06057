/**
 * OS-wide shortcuts for stop and back-to-listen: a press asks the inspector actions directly (the
 * door every surface shares) and reports the result. The OS refuses a combination another
 * application holds without raising anything, so every refusal is turned into a report the
 * panel and the log show: a shortcut that silently does nothing is worse than none.
 */
import type { GlobalShortcut } from 'electron';
import type { ActionResult } from '../../app/ipc-contract';
import type { InspectorActions } from '../actions/whisper-actions';
import type { Logger } from '../log/logger';

export type ShortcutRole = 'stop' | 'back-to-listen';

export interface ShortcutBindings {
  readonly stop: string | null;
  readonly backToListen: string | null;
}

export interface ShortcutFailure {
  readonly role: ShortcutRole;
  readonly accelerator: string;
  /** 'taken': the OS said no (usually another app has it); 'invalid': not an accelerator Electron understands. */
  readonly reason: 'taken' | 'invalid';
}

export interface ShortcutReport {
  readonly registered: readonly { readonly role: ShortcutRole; readonly accelerator: string }[];
  readonly failed: readonly ShortcutFailure[];
}

export interface ShortcutManagerDeps {
  readonly globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>;
  readonly actions: Pick<InspectorActions, 'stop' | 'backToListen'>;
  /** Tells the person how the action went (a notification: the panel may be closed). */
  readonly notify: (result: ActionResult) => void;
  readonly logger: Logger;
  /** Receives every application's outcome, failures included, so the panel can show a notice. */
  readonly onReport?: (report: ShortcutReport) => void;
}

export interface ShortcutManager {
  /** Registers the bindings, replacing whatever this manager registered before. */
  apply(bindings: ShortcutBindings): ShortcutReport;
  /** The last report (failures stay visible until the bindings change). */
  lastReport(): ShortcutReport;
  dispose(): void;
}

export function createShortcutManager(deps: ShortcutManagerDeps): ShortcutManager {
  let held: string[] = [];
  let report: ShortcutReport = { registered: [], failed: [] };

  function release(): void {
    for (const accelerator of held) deps.globalShortcut.unregister(accelerator);
    held = [];
  }

  function registerOne(role: ShortcutRole, accelerator: string): ShortcutFailure | null {
    let ok: boolean;
    try {
      ok = deps.globalShortcut.register(
        accelerator,
        role === 'stop'
          ? () => void deps.actions.stop({ trigger: 'shortcut' }).then(deps.notify)
          : () => void deps.actions.backToListen({ trigger: 'shortcut' }).then(deps.notify),
      );
    } catch {
      return { role, accelerator, reason: 'invalid' };
    }
    if (!ok) return { role, accelerator, reason: 'taken' };
    held.push(accelerator);
    return null;
  }

  return {
    apply(bindings) {
      release();
      const registered: { role: ShortcutRole; accelerator: string }[] = [];
      const failed: ShortcutFailure[] = [];
      const wanted: [ShortcutRole, string | null][] = [
        ['stop', bindings.stop],
        ['back-to-listen', bindings.backToListen],
      ];
      for (const [role, accelerator] of wanted) {
        if (!accelerator) continue;
        if (role === 'back-to-listen' && accelerator === bindings.stop) {
          // One key cannot mean two things; stop wins because it is the reflex action.
          failed.push({ role, accelerator, reason: 'taken' });
          continue;
        }
        const failure = registerOne(role, accelerator);
        if (failure) failed.push(failure);
        else registered.push({ role, accelerator });
      }
      for (const r of registered) deps.logger.info('global shortcut registered', { role: r.role, accelerator: r.accelerator });
      for (const f of failed) deps.logger.warn('global shortcut not registered', { role: f.role, accelerator: f.accelerator, reason: f.reason });
      report = { registered, failed };
      deps.onReport?.(report);
      return report;
    },
    lastReport() {
      return report;
    },
    dispose() {
      release();
    },
  };
}

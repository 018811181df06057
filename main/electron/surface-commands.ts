/**
 * Owns what the desktop surfaces (tray menu, global shortcuts, the reminder notification's Stop)
 * ask of the services, and telling the person how it went. The panel goes through IPC instead
 * (main/ipc/handlers.ts) and external triggers through main/electron/trigger-queue.ts.
 * A new surface command is a method here, wired to its tray item or shortcut in app-main.ts.
 */
import type { ActionResult } from '../../app/ipc-contract';
import type { Trigger } from '../../app/whisper';
import type { ShellServices } from './shell-services';

export interface SurfaceCommands {
  stop(trigger: Trigger): Promise<void>;
  backToListen(trigger: Trigger): Promise<void>;
  /** The tray's Monitor submenu (on the agent already monitored the actions make it a switch: app/monitoring.ts planStart). */
  monitor(workNo: string, mode: 'listen' | 'whisper'): Promise<void>;
  /** Reports only a failed sign-out: the tray's changed state already says it worked. */
  signOut(trigger: Trigger): Promise<void>;
}

export function createSurfaceCommands(deps: {
  /** Null until the services are up: a command before that does nothing. */
  readonly services: () => Pick<ShellServices, 'actions' | 'snapshot'> | null;
  readonly notify: (result: ActionResult) => void;
}): SurfaceCommands {
  const { notify } = deps;
  return {
    /** Which agent the stop names is the monitoring model's one rule (app/monitoring.ts planStop). */
    async stop(trigger) {
      const services = deps.services();
      if (services) notify(await services.actions.stop({ trigger }));
    },
    async backToListen(trigger) {
      const services = deps.services();
      if (services) notify(await services.actions.backToListen({ trigger }));
    },
    async monitor(workNo, mode) {
      const services = deps.services();
      if (!services) return;
      const request = { trigger: 'tray' as const, whisperAgentId: workNo };
      notify(await (mode === 'listen' ? services.actions.listen(request) : services.actions.start(request)));
    },
    async signOut(trigger) {
      const result = await deps.services()?.actions.signOut({ trigger });
      if (result && !result.ok) notify(result);
    },
  };
}

/**
 * Owns the external triggers: a second launch's arguments (`--stop`) and opened whisper-control://
 * links. They are held until the saved session was tried (a stop before that would find no
 * session), then run in order; later ones run as they come. Also claims the link scheme from the OS.
 */
import type * as Electron from 'electron';
import type { ActionResult } from '../../app/ipc-contract';
import { EXTERNAL_TRIGGER_SCHEME } from '../actions/external-trigger';
import type { Logger } from '../log/logger';
import { userArguments, type ArgumentContext } from './launch-options';
import type { ShellServices } from './shell-services';

type TriggerInput = readonly string[] | string;

export interface TriggerQueue {
  /** Runs the trigger now, or keeps it until open(). */
  run(input: TriggerInput): Promise<void>;
  /** Runs what waited, in order; from then on triggers run as they come. */
  open(): Promise<void>;
}

export function createTriggerQueue(deps: {
  readonly services: () => Pick<ShellServices, 'handleExternalTrigger'> | null;
  readonly notify: (result: ActionResult) => void;
  /** The first launch's own arguments, if any: the first trigger in the queue. */
  readonly launchArguments: readonly string[];
}): TriggerQueue {
  const pending: TriggerInput[] = deps.launchArguments.length > 0 ? [deps.launchArguments] : [];
  let opened = false;

  async function run(input: TriggerInput): Promise<void> {
    const services = deps.services();
    if (!services || !opened) {
      pending.push(input);
      return;
    }
    const result = await services.handleExternalTrigger(input);
    if (result) deps.notify(result);
  }

  return {
    run,
    async open() {
      opened = true;
      for (const input of pending.splice(0)) await run(input);
    },
  };
}

/** A second launch with no arguments opens the panel; with arguments, or as a link, it is a trigger. */
export function listenForTriggers(
  app: Pick<Electron.App, 'on'>,
  deps: { readonly argumentContext: (workingDirectory: string) => ArgumentContext; readonly queue: TriggerQueue; readonly openPanel: () => void },
): void {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const args = userArguments(argv, deps.argumentContext(workingDirectory));
    if (args.length === 0) deps.openPanel();
    else void deps.queue.run(args);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void deps.queue.run(url);
  });
}

/** Where the OS lets the app claim whisper-control:// (packaged builds; macOS reads it from Info.plist). */
export function registerProtocolClient(app: Pick<Electron.App, 'setAsDefaultProtocolClient'>, packaged: boolean, logger: Logger): void {
  if (!packaged) return;
  const ok = app.setAsDefaultProtocolClient(EXTERNAL_TRIGGER_SCHEME);
  logger.info('protocol client registration', { scheme: EXTERNAL_TRIGGER_SCHEME, ok });
}

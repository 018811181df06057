/**
 * External triggers (hardware buttons, launchers, scripts): a second launch
 * with `--stop` / `--back-to-listen`, or a `whisper-control://stop` /
 * `whisper-control://back-to-listen` link. Exactly these are accepted; every
 * other argument or link is refused and logged, never executed. An accepted one
 * asks the inspector actions directly, the door every surface shares.
 * Here too: the argv reading (the person's arguments, without the executable,
 * the app path in development or launch noise) and the queue that holds triggers
 * until the saved session was tried (a stop before that would find no session).
 */
import { resolve } from 'node:path';
import type * as Electron from 'electron';
import type { ActionResult } from '../../app/ipc-contract';
import type { Logger } from '../log/logger';
import type { InspectorActions } from '../actions/whisper-actions';

export type TriggerActions = Pick<InspectorActions, 'stop' | 'backToListen'>;

export type ExternalAction = 'stop' | 'back-to-listen';

export const EXTERNAL_TRIGGER_SCHEME = 'whisper-control';

export interface ExternalTriggerParse {
  /** The one action asked for, or null when none (or conflicting ones) were. */
  readonly action: ExternalAction | null;
  /** Inputs that were not accepted, shortened for the log. */
  readonly refused: readonly string[];
}

const ACCEPTED: Readonly<Record<string, ExternalAction>> = {
  '--stop': 'stop',
  '--back-to-listen': 'back-to-listen',
  [`${EXTERNAL_TRIGGER_SCHEME}://stop`]: 'stop',
  [`${EXTERNAL_TRIGGER_SCHEME}://back-to-listen`]: 'back-to-listen',
  // Windows and some desktop launchers hand a bare-host link over with one trailing slash.
  [`${EXTERNAL_TRIGGER_SCHEME}://stop/`]: 'stop',
  [`${EXTERNAL_TRIGGER_SCHEME}://back-to-listen/`]: 'back-to-listen',
};

const LOG_PREVIEW_CHARS = 80;

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : `<${typeof value}>`;
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > LOG_PREVIEW_CHARS ? `${printable.slice(0, LOG_PREVIEW_CHARS)}…` : printable;
}

export function parseExternalTrigger(input: readonly string[] | string): ExternalTriggerParse {
  const items: readonly unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [input];
  const actions = new Set<ExternalAction>();
  const refused: string[] = [];
  for (const item of items) {
    const action = typeof item === 'string' && Object.hasOwn(ACCEPTED, item) ? ACCEPTED[item] : undefined;
    if (action) actions.add(action);
    else refused.push(preview(item));
  }
  if (actions.size > 1) {
    return { action: null, refused: [...refused, 'conflicting triggers: --stop and --back-to-listen together'] };
  }
  const [action] = actions;
  return { action: action ?? null, refused };
}

/**
 * Parses, logs what was refused, and performs the accepted action through the
 * same single-flight path as the tray and shortcut. Resolves to the result to
 * show, or null when nothing was performed.
 */
export async function performExternalTrigger(
  input: readonly string[] | string,
  deps: { readonly actions: TriggerActions; readonly logger: Logger },
): Promise<ActionResult | null> {
  const parsed = parseExternalTrigger(input);
  for (const item of parsed.refused) deps.logger.warn('external trigger refused', { input: item });
  if (!parsed.action) return null;
  deps.logger.info('external trigger accepted', { action: parsed.action });
  return parsed.action === 'stop' ? deps.actions.stop({ trigger: 'external' }) : deps.actions.backToListen({ trigger: 'external' });
}

/**
 * Arguments that are not the person's: Chromium appends some to a second instance's argv
 * (Electron docs, 'second-instance'), macOS adds a process serial number, and `--demo` is a
 * launch mode, not a trigger. Everything else goes to the parser, which refuses and logs
 * whatever it does not know.
 */
const LAUNCH_NOISE = [
  /^--original-process-start-time=/,
  /^-psn_\d+_\d+$/,
  /^--demo$/,
  /^--user-data-dir=/,
  /^--remote-debugging-port=/,
  /^--inspect(-brk)?(=.*)?$/,
  /^--enable-logging(=.*)?$/,
];

export interface ArgumentContext {
  readonly packaged: boolean;
  /** app.getAppPath(): unpackaged, `electron .` passes it (as typed, e.g. '.') as an argument. */
  readonly appPath: string;
  /** The launching process's working directory, to resolve that relative app path. */
  readonly workingDirectory: string;
}

/**
 * The person's arguments: not the executable, not (unpackaged) the app path, no launch noise.
 * Chromium may reorder a second instance's argv (switches first), so the app path is recognised by
 * what it resolves to, not by its position. `--` ends Chromium's switches; it is dropped too.
 */
export function userArguments(argv: readonly string[], context: ArgumentContext): string[] {
  const appPath = resolve(context.appPath);
  return argv
    .slice(1)
    .filter((arg) => arg !== '--')
    .filter((arg) => context.packaged || arg.startsWith('-') || resolve(context.workingDirectory, arg) !== appPath)
    .filter((arg) => !LAUNCH_NOISE.some((pattern) => pattern.test(arg)));
}

type TriggerInput = readonly string[] | string;

export interface TriggerQueue {
  /** Runs the trigger now, or keeps it until open(). */
  run(input: TriggerInput): Promise<void>;
  /** The saved session was tried: runs what waited, in order; from then on triggers run as they come. */
  open(actions: TriggerActions): Promise<void>;
}

export function createTriggerQueue(deps: {
  readonly notify: (result: ActionResult) => void;
  readonly logger: Logger;
  /** The first launch's own arguments, if any: the first trigger in the queue. */
  readonly launchArguments: readonly string[];
}): TriggerQueue {
  const pending: TriggerInput[] = deps.launchArguments.length > 0 ? [deps.launchArguments] : [];
  let actions: TriggerActions | null = null;

  async function run(input: TriggerInput): Promise<void> {
    if (!actions) {
      pending.push(input);
      return;
    }
    const result = await performExternalTrigger(input, { actions, logger: deps.logger });
    if (result) deps.notify(result);
  }

  return {
    run,
    async open(opened) {
      actions = opened;
      for (const input of pending.splice(0)) await run(input);
    },
  };
}

/** A second launch with no arguments opens the panel; with arguments, or as a link, it is a trigger. */
export function listenForTriggers(
  app: Pick<Electron.App, 'on'>,
  deps: { readonly argumentContext: (workingDirectory: string) => ArgumentContext; readonly queue: Pick<TriggerQueue, 'run'>; readonly openPanel: () => void },
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

/**
 * What a launch's command line means to the app, decided before anything heavy loads:
 * demo mode, and which arguments are a trigger for the external-trigger parser.
 */
import { resolve } from 'node:path';

/** The Windows AppUserModelID (notifications, taskbar grouping); electron-builder.yml's appId. */
export const APP_USER_MODEL_ID = 'com.whispercontrol.app';

export const DEMO_FLAG = '--demo';

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

export interface DemoDecision {
  readonly demoFlag: boolean;
  readonly packaged: boolean;
}

/**
 * Whether the embedded emulator may stand in for a gateway: only on an explicit `--demo`, or in
 * a development run (`npm start`, unpackaged). A packaged install never talks to the emulator
 * unless the person asked for it. Even then it starts only while no gateway URL is configured
 * (the services decide that, main/services.ts).
 */
export function demoGatewayAllowed(decision: DemoDecision): boolean {
  return decision.demoFlag || !decision.packaged;
}

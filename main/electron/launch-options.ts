/**
 * What a launch's command line means to the app, decided before anything heavy loads: demo mode.
 * Which arguments are a trigger is main/surfaces/external-triggers.ts's (userArguments).
 */
/** The Windows AppUserModelID (notifications, taskbar grouping); electron-builder.yml's appId. */
export const APP_USER_MODEL_ID = 'com.whispercontrol.app';

export const DEMO_FLAG = '--demo';

export interface DemoDecision {
  readonly demoFlag: boolean;
  readonly packaged: boolean;
}

/**
 * Whether the embedded emulator may stand in for a gateway: only on an explicit `--demo`, or in
 * a development run (`npm start`, unpackaged). A packaged install never talks to the emulator
 * unless the person asked for it. Even then it starts only while no gateway URL is configured
 * (the services decide that, main/compose.ts).
 */
export function demoGatewayAllowed(decision: DemoDecision): boolean {
  return decision.demoFlag || !decision.packaged;
}

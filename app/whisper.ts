/** Domain vocabulary shared by every process. Plain data only: everything here may cross IPC. */
import type { Notice } from './i18n/notice';

/** `switchtype` of requestswitchinsertwhisperagent (protocol §1.3). */
export const SWITCH_TYPE = { listen: 0, insert: 1, whisper: 2 } as const;
export type WhisperMode = keyof typeof SWITCH_TYPE;

/**
 * The gateway's operations by name. emulator/types.ts (RouteName) lists the same protocol names on
 * purpose: the emulator is written from the protocol reference alone and imports nothing of the
 * app, so a misreading of the protocol here cannot hide in both (README, "How it is built";
 * tests/node/architecture/import-direction.test.ts enforces the separation).
 */
export type GatewayMethod =
  | 'login'
  | 'forceLogin'
  | 'logout'
  | 'getAgentEvent'
  | 'requestWhisperAgent'
  | 'requestStopWhisperAgent'
  | 'requestSwitchInsertWhisperAgent'
  | 'stopSuperviseOrInsert'
  | 'addSupervise'
  | 'addInsert'
  | 'intercept'
  /** §1.9 roster: not documented; named after Huawei's sample (qualityControlSearchAllAgents) [inferred]. */
  | 'searchAllAgents';

export type AuthMode = 'static' | 'dynamic';

export type SessionPhase = 'signed-out' | 'signing-in' | 'signed-in' | 'connection-lost' | 'expired';

/** Where an inspector action came from; carried into logs, notifications and the audit trail. */
export type Trigger = 'panel' | 'tray' | 'shortcut' | 'external' | 'reminder';

export interface WhisperState {
  /** Agent being coached, when known (a stop without a target may leave it unknown). */
  readonly target: string | null;
  readonly mode: WhisperMode;
  /** Epoch ms when the current mode began. */
  readonly since: number;
}

/** What the panel and tray show. Never holds a Guid or password. */
export interface SessionSnapshot {
  readonly phase: SessionPhase;
  readonly gatewayUrl: string | null;
  readonly agentId: string | null;
  readonly authMode: AuthMode | null;
  readonly demo: boolean;
  /** Consecutive failed polls; 0 when the connection is healthy. */
  readonly pollFailures: number;
  readonly whisper: WhisperState | null;
  /** A sentence a person can act on when something needs attention (keychain missing, session expired…). */
  readonly notice: Notice | null;
}

/**
 * No session: the tray's state before the services are up, and (with the gateway, agent and
 * notice filled in) what main shows while no gateway is usable.
 */
export const SIGNED_OUT: SessionSnapshot = Object.freeze({
  phase: 'signed-out',
  gatewayUrl: null,
  agentId: null,
  authMode: null,
  demo: false,
  pollFailures: 0,
  whisper: null,
  notice: null,
});

/**
 * The roster: agents the inspector may monitor (protocol §1.9, inferred from Huawei's sample code).
 * Plain data that crosses IPC; main reads the gateway's answer (main/gateway/roster.ts), the panel
 * and the tray show it.
 */
import type { Failure } from './failures';
import type { Explanation } from './i18n/failure-explanations';

/** §1.9's nine status codes by meaning; any other code is shown as 'unknown', never failing the list. */
export const AGENT_STATUS_BY_CODE = {
  '0': 'unknown',
  '1': 'signed-in',
  '2': 'signed-out',
  '3': 'busy',
  '4': 'idle',
  '5': 'wrap-up',
  '6': 'idle-like',
  '7': 'talking',
  '8': 'resting',
} as const;

export type AgentStatus = (typeof AGENT_STATUS_BY_CODE)[keyof typeof AGENT_STATUS_BY_CODE];

export function agentStatusOf(code: string): AgentStatus {
  return Object.hasOwn(AGENT_STATUS_BY_CODE, code) ? AGENT_STATUS_BY_CODE[code as keyof typeof AGENT_STATUS_BY_CODE] : 'unknown';
}

/** Talking is the only state in which listen, insert or whisper can succeed (§1.9 [inferred]). */
export function isOnCall(status: AgentStatus): boolean {
  return status === 'talking';
}

export interface RosterAgent {
  readonly workNo: string;
  readonly name: string;
  readonly status: AgentStatus;
}

export interface Roster {
  /** Sorted by work number; the inspector's own ID is left out. */
  readonly agents: readonly RosterAgent[];
  /** Rows the gateway sent that could not be read (no valid work number): dropped and counted. */
  readonly dropped: number;
  /** Epoch ms when main received it. */
  readonly fetchedAt: number;
}

export type RosterResult =
  | { readonly ok: true; readonly roster: Roster }
  | { readonly ok: false; readonly failure: Failure; readonly explanation?: Explanation };

/**
 * The emulator's public contract (team brief, "Emulator — emulator/index.ts").
 * Other engineers code against these shapes concurrently: change nothing here without the lead.
 */
export interface EmulatorOptions {
  host?: string;
  port?: number;
  authMode?: 'static' | 'dynamic';
  guidIntervalMs?: number;
  guidTimeoutMs?: number;
  maxIdleMs?: number;
  pollHoldMs?: number;
  /** How long an idle keep-alive connection is kept (announced as Keep-Alive: timeout=N); default 65 s. */
  keepAliveTimeoutMs?: number;
  tls?: { key: string; cert: string; ca: string };
  caOutPath?: string;
  /** Generated agents added to VDN 1 for the roster (default 56; several hundred for measurements). */
  crowdSize?: number;
}

export interface JournalEntry {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'hang-after-headers' }
  | { kind: 'slow-body'; bytesPerSecond: number }
  | { kind: 'reset' }
  | { kind: 'reset-mid-body' }
  | { kind: 'http-status'; status: number; html?: boolean }
  | { kind: 'invalid-json' }
  | { kind: 'truncated-json' }
  | { kind: 'huge-body'; bytes: number }
  | { kind: 'content-type'; value: string }
  | { kind: 'retcode'; retcode: string; message?: string }
  | { kind: 'raw-body'; body: string }
  /** The gateway acts at once, and its answer leaves `ms` later. */
  | { kind: 'answer-late'; ms: number }
  /** The gateway acts, stays silent `afterMs`, then resets the connection without a byte of answer. */
  | { kind: 'reset-after-acting'; afterMs: number }
  /**
   * The gateway acts, then writes `bytes` as they are on the connection (a head cut short, an
   * interim 1xx, a status line out of range, a head declaring a huge body) and then answers
   * properly ('answer'), resets ('reset') or goes silent ('hang').
   */
  | { kind: 'raw-answer'; bytes: string; then: 'answer' | 'reset' | 'hang' };

/**
 * The gateway's operations by name. app/whisper.ts (GatewayMethod) lists the same protocol names on
 * purpose: the emulator is written from the protocol reference alone and imports nothing of the app,
 * so the app's reading of the protocol is checked against an independent one, not against itself.
 */
export type RouteName =
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
  | 'allAgent'
  | 'updateGuid';

export type QcMode = 'idle' | 'whisper' | 'listen' | 'insert';

export interface EmulatorControl {
  endCall(agentId: string): void;
  startCall(agentId: string): void;
  displace(agentId: string): void;
  signOutAgent(agentId: string): void;
  currentGuid(agentId: string): string | null;
  issuedGuids(agentId: string): string[];
  qcState(inspectorId: string): { mode: QcMode; target: string | null };
  pushEvent(agentId: string, event: { eventType: string; content?: unknown }): void;
  setPassword(agentId: string, password: string): void;
}

export interface Emulator {
  url: string;
  caPem: string;
  caPath: string | null;
  serverCertPem: string;
  serverFingerprint256: string;
  journal: JournalEntry[];
  clearJournal(): void;
  injectFault(route: RouteName, fault: Fault, times?: number): void;
  clearFaults(): void;
  control: EmulatorControl;
  close(): Promise<void>;
}

/**
 * The one map of every IPC channel to its request and response types, shared by
 * main (handlers), preload (bridge) and renderer (panel). Main validates every
 * request against a schema before use; nothing here ever carries a Guid.
 */
import type { ForwardingStatus } from './audit-forwarding';
import type { CertificateInfo } from './certificate';
import type { Explanation } from './i18n/failure-explanations';
import type { Failure } from './failures';
import type { RosterResult } from './roster';
import type { SaveSettingsResult, Settings, SettingsView } from './settings';
import type { SessionSnapshot, Trigger, WhisperMode } from './whisper';

export type WhisperAction = 'stop' | 'start' | 'switch' | 'back-to-listen' | 'listen' | 'insert' | 'intercept' | 'sign-in' | 'sign-out' | 'force-sign-in';
/** What a stop ended: the whisper, or a listen or barge-in it cancelled. */
export type StopEnded = 'whisper' | 'listen' | 'insert';

export type ActionResult =
  | {
      readonly ok: true;
      readonly action: WhisperAction;
      readonly target: string | null;
      readonly retcode: '0';
      readonly gatewayMessage: string;
      readonly durationMs: number;
      /** Set when the stop was retried without a target (verified stop). */
      readonly retriedWithoutTarget?: boolean;
      /**
       * The agent the person named that the plan did not act on (a stop naming 1003 while listening
       * to 1002 ends the listen on 1002: `target` is 1002, this is 1003). See app/monitoring.ts planStop.
       */
      readonly overridden?: string;
      /** A stop: what it ended (the whisper, or a listen or barge-in cancelled), from its plan. */
      readonly ended?: StopEnded;
      /**
       * Set when a hedged stop's second request found the whisper (or listen) already ended:
       * the first request ended it, and the person is told so (docs/reliability.md, "Hedged stop").
       */
      readonly reconciled?: boolean;
    }
  | {
      readonly ok: false;
      readonly action: WhisperAction;
      readonly target: string | null;
      readonly failure: Failure;
      /** The failure in words, set by main on everything it sends the panel. */
      readonly explanation?: Explanation;
      readonly durationMs: number;
      readonly retriedWithoutTarget?: boolean;
      /** As on success: the agent named that the plan did not act on. */
      readonly overridden?: string;
      /** The person must confirm before the action is sent (forced sign-in, barge guard, intercept). */
      readonly needsConfirmation?: 'force-sign-in' | 'barge' | 'intercept';
    };

export interface HistoryEntry {
  readonly at: number;
  readonly action: WhisperAction;
  readonly trigger: Trigger;
  readonly target: string | null;
  readonly ok: boolean;
  readonly retcode: string | null;
  readonly durationMs: number;
  /** A stop: what it ended (the whisper, or a listen or barge-in cancelled); absent on older records. */
  readonly ended?: StopEnded;
}

export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly durationMs: number;
  /** The certificate the gateway presented (subject, issuer, fingerprint, days to expiry), when one was seen. */
  readonly certificate: CertificateInfo | null;
  readonly failure: Failure | null;
  /** The failure in words, set by main on everything it sends the panel. */
  readonly explanation?: Explanation;
}

/** A file main wrote for the person (history CSV, diagnostics bundle): where, or that it could not. */
export interface ExportResult {
  readonly ok: boolean;
  readonly path: string | null;
}

/** Whether the OS file manager opened the folder asked for. */
export interface OpenFolderResult {
  readonly ok: boolean;
}

/** Renderer → main, request/response (ipcRenderer.invoke / ipcMain.handle). */
export interface RequestChannels {
  'whisper:stop': { request: { whisperAgentId?: string }; response: ActionResult };
  'whisper:start': { request: { whisperAgentId: string }; response: ActionResult };
  'whisper:switch': { request: { mode: WhisperMode; whisperAgentId?: string; confirmed?: boolean }; response: ActionResult };
  'whisper:back-to-listen': { request: Record<string, never>; response: ActionResult };
  'whisper:listen': { request: { whisperAgentId: string }; response: ActionResult };
  'whisper:insert': { request: { whisperAgentId: string; confirmed?: boolean }; response: ActionResult };
  'whisper:intercept': { request: { whisperAgentId: string; confirmed?: boolean }; response: ActionResult };
  'roster:get': { request: Record<string, never>; response: RosterResult };
  'session:get-state': { request: Record<string, never>; response: SessionSnapshot };
  'session:sign-in': { request: { password: string; force?: boolean }; response: ActionResult };
  'session:sign-out': { request: Record<string, never>; response: ActionResult };
  'settings:get': { request: Record<string, never>; response: SettingsView };
  'settings:save': { request: { changes: Partial<Settings> }; response: SaveSettingsResult };
  'settings:test-connection': { request: { changes?: Partial<Settings> }; response: ConnectionTestResult };
  'history:get': { request: Record<string, never>; response: readonly HistoryEntry[] };
  'history:export-csv': { request: Record<string, never>; response: ExportResult };
  'app:open-logs-folder': { request: Record<string, never>; response: OpenFolderResult };
  'app:export-diagnostics': { request: Record<string, never>; response: ExportResult };
  /** How forwarding the audit trail to the site's syslog collector is doing (admin policy). */
  'audit-forwarding:get-status': { request: Record<string, never>; response: ForwardingStatus };
}

/** Main → renderer, one-way (webContents.send / ipcRenderer.on). */
export interface EventChannels {
  'session:state-changed': SessionSnapshot;
  'history:changed': readonly HistoryEntry[];
  /** The settings as the panel shows them, after a save or an admin policy change applied live (no secrets: SettingsView holds none). */
  'settings:changed': SettingsView;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
export type RequestOf<C extends RequestChannel> = RequestChannels[C]['request'];
export type ResponseOf<C extends RequestChannel> = RequestChannels[C]['response'];

/** Runtime list of the request channels, so main can prove it registered exactly these. */
export const REQUEST_CHANNELS = [
  'whisper:stop',
  'whisper:start',
  'whisper:switch',
  'whisper:back-to-listen',
  'whisper:listen',
  'whisper:insert',
  'whisper:intercept',
  'roster:get',
  'session:get-state',
  'session:sign-in',
  'session:sign-out',
  'settings:get',
  'settings:save',
  'settings:test-connection',
  'history:get',
  'history:export-csv',
  'app:open-logs-folder',
  'app:export-diagnostics',
  'audit-forwarding:get-status',
] as const satisfies readonly RequestChannel[];

export const EVENT_CHANNELS = ['session:state-changed', 'history:changed', 'settings:changed'] as const satisfies readonly EventChannel[];

/** The API the preload exposes as `window.whisperControl`: named functions only. */
export interface WhisperControlApi {
  stopWhisper(request?: RequestOf<'whisper:stop'>): Promise<ActionResult>;
  startWhisper(request: RequestOf<'whisper:start'>): Promise<ActionResult>;
  switchWhisper(request: RequestOf<'whisper:switch'>): Promise<ActionResult>;
  backToListen(): Promise<ActionResult>;
  listen(request: RequestOf<'whisper:listen'>): Promise<ActionResult>;
  insert(request: RequestOf<'whisper:insert'>): Promise<ActionResult>;
  intercept(request: RequestOf<'whisper:intercept'>): Promise<ActionResult>;
  getRoster(): Promise<RosterResult>;
  getState(): Promise<SessionSnapshot>;
  onStateChanged(listener: (snapshot: SessionSnapshot) => void): () => void;
  onHistoryChanged(listener: (history: readonly HistoryEntry[]) => void): () => void;
  signIn(request: RequestOf<'session:sign-in'>): Promise<ActionResult>;
  signOut(): Promise<ActionResult>;
  getSettings(): Promise<SettingsView>;
  onSettingsChanged(listener: (view: SettingsView) => void): () => void;
  saveSettings(request: RequestOf<'settings:save'>): Promise<ResponseOf<'settings:save'>>;
  testConnection(request?: RequestOf<'settings:test-connection'>): Promise<ConnectionTestResult>;
  getHistory(): Promise<readonly HistoryEntry[]>;
  exportHistoryCsv(): Promise<ResponseOf<'history:export-csv'>>;
  openLogsFolder(): Promise<{ ok: boolean }>;
  exportDiagnostics(): Promise<ResponseOf<'app:export-diagnostics'>>;
  getForwardingStatus(): Promise<ForwardingStatus>;
}

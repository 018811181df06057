/**
 * What the composition root (main/services.ts) takes and what it offers. Each consumer narrows
 * AppServices to the members it uses: the IPC handlers (IpcServices, main/ipc/handlers.ts), the
 * Electron wiring (ShellServices, main/electron/shell-services.ts), the bench
 * (BenchServices, bench/app-under-test.ts).
 */
import type { ForwardingStatus } from '../../app/audit-forwarding';
import type { ActionResult, ConnectionTestResult, HistoryEntry } from '../../app/ipc-contract';
import type { Roster, RosterResult } from '../../app/roster';
import type { SaveSettingsResult, Settings, SettingsView } from '../../app/settings';
import type { InspectorActions } from '../actions/whisper-actions';
import type { ReminderEvent, ReminderTimers } from '../actions/whisper-reminder';
import type { ForwardingTiming } from '../audit/forwarding-options';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../vault/guid-vault';
import type { DesktopHooks, ExportTools } from './export-tools';
import type { DemoGatewaySource } from './gateway-target';
import type { SessionHost, SessionTuning } from './session-host';
import type { FeedUpdater } from '../updates/site-updates';

export interface AppServicesOptions {
  readonly userDataDir: string;
  /** app.getVersion() in Electron; reported in the diagnostics bundle. */
  readonly appVersion?: string;
  /** The admin policy file; defaults to the per-OS location (main/settings/policy.ts). */
  readonly policyPath?: string;
  /** Apply policy changes while running (file and native store, settings-store.ts); the app passes {}. */
  readonly watchPolicy?: { readonly intervalMs?: number };
  /** The platform's electron-updater (Electron wiring); without it there are no updates (tests, development). */
  readonly createUpdater?: () => FeedUpdater;
  /** Quits the app (Electron wiring); with it, an installer's quit-for-upgrade request is honoured when idle. */
  readonly quitForUpgrade?: () => void;
  readonly logger: Logger;
  readonly secretStore: SecretStore;
  /**
   * The embedded emulator, used only while no gateway URL is configured: a running one, or a
   * function that starts one, called the first time it is needed (so a workstation with a
   * gateway configured never starts it).
   */
  readonly demoGateway?: DemoGatewaySource | null;
  /** Wall clock (epoch ms) for audit times, whisper durations and reminders. */
  readonly now?: () => number;
  /** Timers for the reminder (tests pass fake ones). */
  readonly timers?: ReminderTimers;
  /** Where the log files are (opened by "Open logs folder"); default <userDataDir>/logs. */
  readonly logsDir?: string;
  /** Where CSV and diagnostics exports are written; default <userDataDir>/exports. */
  readonly exportDir?: string;
  readonly desktop?: DesktopHooks;
  /** Poller timings, for tests against a fast emulator. */
  readonly sessionTuning?: SessionTuning;
  /** Audit-forwarding timings (backoff, batch), for tests against a local collector. */
  readonly forwardingTiming?: Partial<ForwardingTiming>;
}

/** Everything the privileged side offers, grouped by the module that owns each part. */
export interface AppServices
  extends ExportTools,
    Pick<SessionHost, 'snapshot' | 'onSnapshot' | 'setShellNotice' | 'resume' | 'settled'> {
  readonly logger: Logger;
  readonly actions: InspectorActions;
  readonly auditFilePath: string;
  readonly logsDir: string;
  /** The agents the inspector may monitor, fetched now (concurrent callers share one request). */
  roster(): Promise<RosterResult>;
  /** The last roster fetched for the current session (the tray's Monitor submenu), or null. */
  lastRoster(): Roster | null;
  onRoster(listener: (roster: Roster) => void): () => void;
  history(): readonly HistoryEntry[];
  onHistory(listener: (history: readonly HistoryEntry[]) => void): () => void;
  settings(): Settings;
  settingsView(): SettingsView;
  onSettings(listener: (view: SettingsView) => void): () => void;
  agentIdUpperBound(): number;
  saveSettings(changes: Partial<Settings>): Promise<SaveSettingsResult>;
  /** Tests the gateway the settings (with these unsaved changes) name, without touching the session. */
  testConnection(changes?: Partial<Settings>): Promise<ConnectionTestResult>;
  onReminder(listener: (event: ReminderEvent) => void): () => void;
  /** Second-instance arguments or an opened whisper-control:// link; null when nothing was performed. */
  handleExternalTrigger(input: readonly string[] | string): Promise<ActionResult | null>;
  /** Audit forwarding to the site's syslog collector (off unless the admin policy sets it). */
  forwardingStatus(): ForwardingStatus;
  dispose(): Promise<void>;
}

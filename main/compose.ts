/**
 * The composition root of the privileged side, in plain Node (no electron): the one wiring file.
 * Every long-lived service is created here, once, in dependency order:
 *   settings store → audit trail (and, when the admin policy asks for it, the forwarder that sends
 *   it to the site's syslog collector) → keychain vault → reminder → session host (gateway client +
 *   inspector session, rebuilt on settings changes) → actions → export tools.
 * A new service is created in createAppServices, flushed in dispose() if it holds data, and offered
 * as a member of AppServices (below). Each consumer declares the small port it uses and is handed
 * only that: the IPC handlers IpcServices (main/ipc/handlers.ts), the Electron wiring ShellServices
 * (main/electron/shell-services.ts), each surface the actions it calls (main/surfaces/), the bench
 * BenchServices. What goes into the diagnostics bundle is decided in main/actions/export-tools.ts.
 */
import { currentMonitoring, isSignedIn } from '../app/monitoring';
import path from 'node:path';
import { FORWARDING_OFF, type ForwardingStatus } from '../app/audit-forwarding';
import type { SaveSettingsResult, Settings, SettingsView } from '../app/settings';
import type { ConnectionTestResult, HistoryEntry } from '../app/ipc-contract';
import type { Roster, RosterResult } from '../app/roster';
import type { InspectorActions } from './actions/whisper-actions';
import type { ReminderEvent, ReminderTimers } from './actions/whisper-reminder';
import type { ForwardingTiming } from './audit/forwarding-options';
import type { Logger } from './log/logger';
import type { SecretStore } from './vault/guid-vault';
import { RosterSource } from './actions/roster-source';
import { WhisperActions } from './actions/whisper-actions';
import { WhisperReminder } from './actions/whisper-reminder';
import { AuditForwarder } from './audit/audit-forwarder';
import { AuditTrail } from './audit/audit-trail';
import { testGatewayConnection } from './session/connection-test';
import { createExportTools, type DesktopHooks, type ExportTools } from './actions/export-tools';
import { createGatewayTargets, type DemoGatewaySource } from './session/gateway-target';
import { SessionHost, type SessionTuning } from './session/session-host';
import { policyPath as defaultPolicyPath } from './settings/policy';
import { SettingsStore } from './settings/settings-store';
import { SiteUpdates, type FeedUpdater } from './updates/site-updates';
import { upgradeRequestPath, watchUpgradeRequest } from './updates/upgrade-request';
import { GuidVault } from './vault/guid-vault';


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
  /** How often the quit-for-upgrade request is looked for (default 2000 ms); tests shorten it. */
  readonly upgradeRequestIntervalMs?: number;
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
  /** Audit forwarding to the site's syslog collector (off unless the admin policy sets it). */
  forwardingStatus(): ForwardingStatus;
  dispose(): Promise<void>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const { userDataDir, logger } = options;
  const now = options.now ?? Date.now;
  const logsDir = options.logsDir ?? path.join(userDataDir, 'logs');
  const policyFilePath = options.policyPath ?? defaultPolicyPath();

  const store = await SettingsStore.open({ userDataDir, policyPath: policyFilePath, logger, ...(options.watchPolicy && { watchPolicy: options.watchPolicy }) });
  // The inspector named in each record: read in the action's turn, so it is the one who acted.
  const audit = await AuditTrail.open({ dir: userDataDir, logger, now, inspector: () => host.snapshot().agentId });
  const forwardingPolicy = store.forwardingPolicy();
  const forwarder = forwardingPolicy
    ? await AuditForwarder.start({ policy: forwardingPolicy, source: audit, dir: userDataDir, logger, now, ...(options.forwardingTiming && { timing: options.forwardingTiming }) })
    : null;
  const forwardingStatus = (): ForwardingStatus => forwarder?.status() ?? FORWARDING_OFF;
  const vault = new GuidVault(options.secretStore, { logger });
  const reminder = new WhisperReminder({ settings: () => store.settings(), logger, now, ...(options.timers && { timers: options.timers }) });
  const gatewayBlocked = () => store.gatewayBlocked();
  const targets = createGatewayTargets({ logger, gatewayBlocked, demoSource: options.demoGateway ?? null });
  const host = new SessionHost({ settings: () => store.settings(), gatewayBlocked, targets, vault, logger, now, reminder, sessionTuning: options.sessionTuning });
  const actions = new WhisperActions({
    session: () => host.session(),
    notConfiguredDetail: () => host.notConfiguredDetail(),
    settings: () => store.settings(),
    audit,
    logger,
  });
  const testConnection = (changes: Partial<Settings> = {}) => testGatewayConnection(store.settings(), changes, targets);
  const exportTools = createExportTools({
    logger, now, logsDir, policyFilePath, audit, settings: store, desktop: options.desktop,
    exportDir: options.exportDir ?? path.join(userDataDir, 'exports'),
    appVersion: options.appVersion ?? '0.0.0-dev',
    snapshot: () => host.snapshot(),
    testConnection: () => testConnection(),
    extraDiagnostics: () => ({ 'audit-forwarding': forwardingStatus() }),
  });

  const rosters = new RosterSource({ session: () => host.session(), notConfiguredDetail: () => host.notConfiguredDetail(), logger });
  host.onSnapshot((current) => {
    if (!isSignedIn(current)) rosters.forget();
  });

  store.onChange(() => {
    reminder.settingsChanged();
    void host.rebuild();
  });
  await host.rebuild();
  // Updates from the site feed, when the policy turns them on (never installed while monitoring).
  const siteUpdates = options.createUpdater
    ? SiteUpdates.start({
        policy: store.updatesPolicy(),
        createUpdater: options.createUpdater,
        monitoring: () => currentMonitoring(host.snapshot()) !== null,
        onMonitoringChange: (listener) => host.onSnapshot(() => listener()),
        logger,
      })
    : null;
  // An installer asking every running instance to quit: each does so when its inspector is not monitoring.
  // Started once the host exists: it looks at once, and a request already there asks host.snapshot().
  const stopWatchingUpgrade = options.quitForUpgrade
    ? watchUpgradeRequest({
        file: upgradeRequestPath(policyFilePath),
        monitoring: () => currentMonitoring(host.snapshot()) !== null,
        onMonitoringChange: (listener) => host.onSnapshot(() => listener()),
        quit: options.quitForUpgrade,
        logger,
        ...(options.upgradeRequestIntervalMs !== undefined && { intervalMs: options.upgradeRequestIntervalMs }),
      })
    : null;

  return {
    logger,
    actions,
    auditFilePath: audit.filePath,
    logsDir,
    snapshot: () => host.snapshot(),
    roster: () => rosters.fetch(),
    lastRoster: () => rosters.last(),
    onRoster: (listener) => rosters.onRoster(listener),
    onSnapshot: (listener) => host.onSnapshot(listener),
    setShellNotice: (notice) => host.setShellNotice(notice),
    history: () => audit.history(),
    onHistory: (listener) => audit.onChange(listener),
    settings: () => store.settings(),
    settingsView: () => store.view(),
    onSettings: (listener) => store.onChange(listener),
    agentIdUpperBound: () => store.settings().agentIdUpperBound,
    async saveSettings(changes) {
      const result = await store.save(changes);
      await host.settled();
      return result.ok ? { ok: true, view: result.view } : { ok: false, errors: result.errors };
    },
    testConnection,
    onReminder: (listener) => reminder.onReminder(listener),
    resume: () => host.resume(),
    ...exportTools,
    forwardingStatus,
    settled: () => host.settled(),
    async dispose() {
      // No rebuild may publish once the reminder is gone; the reminder goes before the session so none fires during its sign-off.
      await host.stopRebuilding();
      store.close();
      siteUpdates?.dispose();
      stopWatchingUpgrade?.();
      reminder.dispose();
      await host.dispose();
      // Never waits for the collector: a delivery in flight is abandoned and sent again next start.
      forwarder?.stop();
      await audit.flush();
      await vault.flush();
    },
  };
}

/**
 * The composition root of the privileged side, in plain Node (no electron). Every long-lived
 * service is created here, once, in dependency order:
 *   settings store → audit trail (and, when the admin policy asks for it, the forwarder that sends
 *   it to the site's syslog collector) → keychain vault → reminder → session host (gateway client +
 *   inspector session, rebuilt on settings changes) → actions → export tools.
 * A new service is created in createAppServices, flushed in dispose() if it holds data, and offered
 * as a member of AppServices (main/services/app-services.ts), from which each consumer picks the
 * members it uses. What goes into the diagnostics bundle is decided in main/services/export-tools.ts.
 */
import path from 'node:path';
import { FORWARDING_OFF, type ForwardingStatus } from '../app/audit-forwarding';
import { currentMonitoring } from '../app/monitoring';
import type { Settings } from '../app/settings';
import { performExternalTrigger } from './actions/external-trigger';
import { RosterSource } from './actions/roster-source';
import { WhisperActions } from './actions/whisper-actions';
import { WhisperReminder } from './actions/whisper-reminder';
import { AuditForwarder } from './audit/audit-forwarder';
import { AuditTrail } from './audit/audit-trail';
import { testGatewayConnection } from './services/connection-test';
import type { AppServices, AppServicesOptions } from './services/app-services';
import { createExportTools } from './services/export-tools';
import { createGatewayTargets } from './services/gateway-target';
import { SessionHost } from './services/session-host';
import { policyPath as defaultPolicyPath } from './settings/policy';
import { SettingsStore } from './settings/settings-store';
import { SiteUpdates } from './updates/site-updates';
import { upgradeRequestPath, watchUpgradeRequest } from './updates/upgrade-request';
import { GuidVault } from './vault/guid-vault';

export type { AppServices, AppServicesOptions } from './services/app-services';

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
  // An installer asking every running instance to quit: each does so when its inspector is not monitoring.
  const stopWatchingUpgrade = options.quitForUpgrade
    ? watchUpgradeRequest({
        file: upgradeRequestPath(policyFilePath),
        monitoring: () => currentMonitoring(host.snapshot()) !== null,
        onMonitoringChange: (listener) => host.onSnapshot(() => listener()),
        quit: options.quitForUpgrade,
        logger,
      })
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
    if (current.phase !== 'signed-in' && current.phase !== 'connection-lost') rosters.forget();
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
    handleExternalTrigger: (input) => performExternalTrigger(input, { actions, logger }),
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

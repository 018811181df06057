/**
 * The composition root of the privileged side, in plain Node (no electron):
 * settings store → gateway client → inspector session → actions → audit trail,
 * plus the forgotten-whisper reminder and, when the admin policy asks for it, the
 * forwarder that sends the audit trail to the site's syslog collector. The Electron wiring (tray, shortcut,
 * IPC registration, notifications) and the tests both start here.
 *
 * The client and session are rebuilt whenever a gateway setting changes; the
 * snapshot and history streams, the actions and the reminder survive rebuilds.
 * When there is no usable gateway (none configured and no demo, or an invalid
 * admin policy) there is no session, and every action answers 'not-configured'
 * instead of guessing.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { explainFailure } from '../app/failure-messages';
import { validationFailure } from '../app/failures';
import { joinNotices, sameNotice, type Notice } from '../app/notice';
import { FORWARDING_OFF, type ForwardingStatus } from '../app/audit-forwarding';
import type { ActionResult, ConnectionTestResult, HistoryEntry, ResponseOf } from '../app/ipc-contract';
import type { Settings, SettingsView } from '../app/settings';
import type { SessionSnapshot } from '../app/whisper';
import { performExternalTrigger } from './actions/external-trigger';
import { WhisperActions, type InspectorActions } from './actions/whisper-actions';
import { WhisperReminder, type ReminderEvent, type ReminderTimers } from './actions/whisper-reminder';
import { AuditForwarder, type ForwardingTiming } from './audit/audit-forwarder';
import { AuditTrail } from './audit/audit-trail';
import { GatewayClient } from './gateway/client';
import { collectVersions, diagnosticsFileName, writeDiagnosticsBundle } from './platform/diagnostics';
import type { Logger } from './log/logger';
import { InspectorSession, type InspectorSessionDeps } from './session/session';
import { policyPath as defaultPolicyPath } from './settings/policy';
import { parseSettings } from './settings/schema';
import { SettingsStore } from './settings/settings-store';
import { GuidVault, type SecretStore } from './vault/guid-vault';

/** The emulator's seeded demo inspector (team brief): used in demo mode when no agent is configured. */
export const DEMO_INSPECTOR = { agentId: '101', phoneNumber: '70101' } as const;

/** Settings that shape the client or the session: changing any of them rebuilds both. */
const GATEWAY_KEYS = ['gatewayUrl', 'agentId', 'phoneNumber', 'caFile', 'certificatePin', 'requestTimeoutMs', 'agentIdUpperBound'] as const;

export type SessionTuning = Partial<
  Pick<InspectorSessionDeps, 'pollIntervalMs' | 'pollHoldMs' | 'pollMarginMs' | 'pollBackoffInitialMs' | 'pollBackoffMaxMs' | 'lostAfterFailures' | 'lostAfterMs'>
>;

export interface DesktopHooks {
  /** Opens a folder in the OS file manager (Electron: shell.openPath); resolves true on success. */
  openFolder(folder: string): Promise<boolean>;
}

export interface AppServicesOptions {
  readonly userDataDir: string;
  /** app.getVersion() in Electron; reported in the diagnostics bundle. */
  readonly appVersion?: string;
  /** The admin policy file; defaults to the per-OS location (main/settings/policy.ts). */
  readonly policyPath?: string;
  readonly logger: Logger;
  readonly secretStore: SecretStore;
  /**
   * The embedded emulator, used only while no gateway URL is configured: a running one, or a
   * function that starts one, called the first time it is needed (so a workstation with a
   * gateway configured never starts it).
   */
  readonly demoGateway?: DemoGateway | (() => Promise<DemoGateway>) | null;
  /** Wall clock (epoch ms) for audit times, whisper durations and reminders. */
  readonly now?: () => number;
  /** Timers for the reminder (tests pass fake ones). */
  readonly timers?: ReminderTimers;
  /** Where the log files are (opened by 'app:open-logs-folder'); default <userDataDir>/logs. */
  readonly logsDir?: string;
  /** Where CSV and diagnostics exports are written; default <userDataDir>/exports. */
  readonly exportDir?: string;
  readonly desktop?: DesktopHooks;
  /** Poller timings, for tests against a fast emulator. */
  readonly sessionTuning?: SessionTuning;
  /** Audit-forwarding timings (backoff, batch), for tests against a local collector. */
  readonly forwardingTiming?: Partial<ForwardingTiming>;
}

export interface DemoGateway {
  readonly url: string;
  readonly caPem: string;
}

export interface AppServices {
  readonly logger: Logger;
  readonly actions: InspectorActions;
  readonly auditFilePath: string;
  readonly logsDir: string;
  snapshot(): SessionSnapshot;
  onSnapshot(listener: (snapshot: SessionSnapshot) => void): () => void;
  /** A notice from the desktop shell (a refused shortcut), shown with the session's until replaced; null clears it. */
  setShellNotice(notice: Notice | null): void;
  history(): readonly HistoryEntry[];
  onHistory(listener: (history: readonly HistoryEntry[]) => void): () => void;
  settings(): Settings;
  settingsView(): SettingsView;
  onSettings(listener: (view: SettingsView) => void): () => void;
  agentIdUpperBound(): number;
  saveSettings(changes: Partial<Settings>): Promise<ResponseOf<'settings:save'>>;
  /** Tests the gateway the settings (with these unsaved changes) name, without touching the session. */
  testConnection(changes?: Partial<Settings>): Promise<ConnectionTestResult>;
  onReminder(listener: (event: ReminderEvent) => void): () => void;
  /** Second-instance arguments or an opened whisper-control:// link; null when nothing was performed. */
  handleExternalTrigger(input: readonly string[] | string): Promise<ActionResult | null>;
  /** At start: tries the Guid kept in the keychain with one poll. */
  resume(): Promise<'resumed' | 'expired' | 'none' | 'not-configured'>;
  exportHistoryCsv(): Promise<ResponseOf<'history:export-csv'>>;
  openLogsFolder(): Promise<ResponseOf<'app:open-logs-folder'>>;
  exportDiagnostics(): Promise<ResponseOf<'app:export-diagnostics'>>;
  /** Audit forwarding to the site's syslog collector (off unless the admin policy sets it). */
  forwardingStatus(): ForwardingStatus;
  /** Resolves when a rebuild triggered by a settings change has finished. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

interface GatewayTarget {
  readonly baseUrl: string;
  readonly caPem: string[];
  readonly pinSha256: string | undefined;
  readonly demo: boolean;
}

const STARTING: Notice = { en: 'the app is starting.', 'zh-CN': '应用正在启动。' };
const NO_GATEWAY_URL: Notice = { en: 'set the gateway URL (https://host:8043) in settings.', 'zh-CN': '请在设置中填写网关地址（https://主机:8043）。' };
const NO_AGENT_ID: Notice = { en: 'set your agent ID (work number) in settings.', 'zh-CN': '请在设置中填写您的座席工号。' };
const RECONFIGURING: Notice = { en: 'the gateway is being reconfigured; try again in a moment.', 'zh-CN': '正在重新配置网关，请稍后重试。' };

type Resolved<T> = { ok: true; value: T } | { ok: false; detail: Notice };

interface Wired {
  readonly key: string;
  readonly client: GatewayClient | null;
  readonly session: InspectorSession | null;
  readonly demo: boolean;
  readonly detail: Notice | null;
  readonly unsubscribe: () => void;
}

function gatewayKey(settings: Settings, blocked: Notice | null): string {
  return JSON.stringify([blocked?.en ?? null, ...GATEWAY_KEYS.map((key) => settings[key])]);
}

async function readCaFile(caFile: string): Promise<Resolved<string>> {
  try {
    return { ok: true, value: await readFile(caFile, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      ok: false,
      detail: { en: `the CA file ${caFile} could not be read (${code}). Check the path in settings.`, 'zh-CN': `无法读取 CA 文件 ${caFile}（${code}）。请检查设置中的路径。` },
    };
  }
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const { userDataDir, logger } = options;
  const now = options.now ?? Date.now;
  const logsDir = options.logsDir ?? path.join(userDataDir, 'logs');
  const exportDir = options.exportDir ?? path.join(userDataDir, 'exports');
  const demoSource = options.demoGateway ?? null;
  let demoStarting: Promise<DemoGateway> | null = null;
  /** The demo gateway once it runs (the snapshot names its URL). */
  let demoGateway: DemoGateway | null = null;
  let shellNotice: Notice | null = null;

  const store = await SettingsStore.open({ userDataDir, policyPath: options.policyPath ?? defaultPolicyPath(), logger });
  // The inspector named in each record: read in the action's turn, so it is the one who acted.
  const audit = await AuditTrail.open({ dir: userDataDir, logger, now, inspector: () => store.settings().agentId ?? (wired.demo ? DEMO_INSPECTOR.agentId : null) });
  const forwardingPolicy = store.forwardingPolicy();
  const forwarder = forwardingPolicy
    ? await AuditForwarder.start({ policy: forwardingPolicy, source: audit, dir: userDataDir, logger, now, ...(options.forwardingTiming && { timing: options.forwardingTiming }) })
    : null;
  const forwardingStatus = (): ForwardingStatus => forwarder?.status() ?? FORWARDING_OFF;
  const vault = new GuidVault(options.secretStore, { logger });
  const reminder = new WhisperReminder({ settings: () => store.settings(), logger, now, ...(options.timers && { timers: options.timers }) });
  const snapshotListeners = new Set<(snapshot: SessionSnapshot) => void>();

  let wired: Wired = { key: '', client: null, session: null, demo: false, detail: STARTING, unsubscribe: () => undefined };
  let rebuilding: Promise<void> = Promise.resolve();
  let disposed = false;
  let rebuildAfterWhisper = false;

  async function resolveGateway(settings: Settings): Promise<Resolved<GatewayTarget>> {
    const blocked = store.gatewayBlocked();
    if (blocked) return { ok: false, detail: blocked };
    if (settings.gatewayUrl === null) {
      if (!demoSource) return { ok: false, detail: NO_GATEWAY_URL };
      const demo = await runningDemoGateway(demoSource);
      if (!demo.ok) return demo;
      return { ok: true, value: { baseUrl: demo.value.url, caPem: [demo.value.caPem], pinSha256: undefined, demo: true } };
    }
    let caPem: string[] = [];
    if (settings.caFile !== null) {
      const ca = await readCaFile(settings.caFile);
      if (!ca.ok) return ca;
      caPem = [ca.value];
    }
    return { ok: true, value: { baseUrl: settings.gatewayUrl, caPem, pinSha256: settings.certificatePin ?? undefined, demo: false } };
  }

  function newClient(target: GatewayTarget, settings: Settings): Resolved<GatewayClient> {
    try {
      return {
        ok: true,
        value: new GatewayClient({
          baseUrl: target.baseUrl,
          ...(target.caPem.length > 0 && { caPem: target.caPem }),
          ...(target.pinSha256 !== undefined && { pinSha256: target.pinSha256 }),
          timeoutMs: settings.requestTimeoutMs,
          agentIdUpperBound: settings.agentIdUpperBound,
          logger,
        }),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'the gateway settings are not usable.';
      return { ok: false, detail: { en: reason, 'zh-CN': `网关设置无法使用（${reason}）。` } };
    }
  }

  function fallbackSnapshot(): SessionSnapshot {
    const settings = store.settings();
    return {
      phase: 'signed-out',
      gatewayUrl: settings.gatewayUrl ?? (wired.demo && demoGateway ? demoGateway.url : null),
      agentId: settings.agentId,
      authMode: null,
      demo: wired.demo,
      pollFailures: 0,
      whisper: null,
      notice: wired.detail ? explainFailure({ kind: 'not-configured', detail: wired.detail }) : null,
    };
  }

  async function runningDemoGateway(source: NonNullable<AppServicesOptions['demoGateway']>): Promise<Resolved<DemoGateway>> {
    if (typeof source !== 'function') return { ok: true, value: (demoGateway = source) };
    demoStarting ??= source();
    try {
      return { ok: true, value: (demoGateway = await demoStarting) };
    } catch (error) {
      demoStarting = null;
      const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
      logger.error('demo gateway could not start', { code });
      return { ok: false, detail: { en: `the demo gateway could not start (${code}).`, 'zh-CN': `演示网关无法启动（${code}）。` } };
    }
  }

  function withShellNotice(current: SessionSnapshot): SessionSnapshot {
    return shellNotice === null ? current : { ...current, notice: joinNotices(current.notice, shellNotice) };
  }

  function snapshot(): SessionSnapshot {
    return withShellNotice(wired.session ? wired.session.snapshot() : fallbackSnapshot());
  }

  function publishSession(current: SessionSnapshot): void {
    publish(withShellNotice(current));
  }

  function publish(current: SessionSnapshot): void {
    reminder.update(current);
    if (rebuildAfterWhisper && !current.whisper) {
      rebuildAfterWhisper = false;
      void scheduleRebuild();
    }
    for (const listener of snapshotListeners) {
      try {
        listener(current);
      } catch (error) {
        logger.error('snapshot listener failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  async function teardown(previous: Wired, next: { origin: string | null; agentId: string | null }): Promise<void> {
    previous.unsubscribe();
    const session = previous.session;
    if (session) {
      const phase = session.snapshot().phase;
      const sameIdentity = next.origin === session.snapshot().gatewayUrl && next.agentId === session.snapshot().agentId;
      // Leaving this gateway or agent: sign out rather than leave a session for the gateway to time out.
      if (!sameIdentity && (phase === 'signed-in' || phase === 'connection-lost')) await session.signOut();
      await session.dispose();
    }
    previous.client?.close();
  }

  async function rebuild(): Promise<void> {
    if (disposed) return;
    const settings = store.settings();
    const key = gatewayKey(settings, store.gatewayBlocked());
    if (key === wired.key) return;
    const previous = wired;
    const wasSignedIn = previous.session !== null && ['signed-in', 'connection-lost'].includes(previous.session.snapshot().phase);

    const target = await resolveGateway(settings);
    const demo = target.ok && target.value.demo;
    const agentId = settings.agentId ?? (demo ? DEMO_INSPECTOR.agentId : null);
    const phoneNumber = settings.phoneNumber ?? (demo ? DEMO_INSPECTOR.phoneNumber : null);
    const origin = target.ok ? new URL(target.value.baseUrl).origin : null;
    const current = previous.session?.snapshot();
    if (current?.whisper && current.gatewayUrl === origin && current.agentId === agentId) {
      // A resumed session cannot know about a whisper in progress: the tray would stop showing it.
      // Same gateway and agent, so the change (timeout, bound, trust) waits until the whisper ends.
      rebuildAfterWhisper = true;
      logger.info('gateway settings change applies when the whisper ends', { agentId });
      return;
    }
    await teardown(previous, { origin, agentId });

    let next: Wired;
    if (!target.ok) {
      next = { key, client: null, session: null, demo: false, detail: target.detail, unsubscribe: () => undefined };
    } else if (agentId === null) {
      next = { key, client: null, session: null, demo, detail: NO_AGENT_ID, unsubscribe: () => undefined };
    } else {
      const client = newClient(target.value, settings);
      if (!client.ok) {
        next = { key, client: null, session: null, demo, detail: client.detail, unsubscribe: () => undefined };
      } else {
        const session = new InspectorSession({
          client: client.value,
          vault,
          logger,
          gatewayOrigin: new URL(target.value.baseUrl).origin,
          agentId,
          phoneNumber,
          demo,
          now,
          ...options.sessionTuning,
        });
        const unsubscribe = session.onChange(publishSession);
        next = { key, client: client.value, session, demo, detail: null, unsubscribe };
      }
    }
    wired = next;
    logger.info('gateway wiring rebuilt', { configured: next.session !== null, demo: next.demo, agentId });
    publish(snapshot());
    if (wasSignedIn && next.session) await next.session.resume();
  }

  function scheduleRebuild(): Promise<void> {
    const run = rebuilding.then(rebuild);
    rebuilding = run.catch((error: unknown) => {
      logger.error('gateway wiring rebuild failed', { error: error instanceof Error ? error.name : 'unknown' });
    });
    return rebuilding;
  }

  const actions = new WhisperActions({
    session: () => wired.session,
    notConfiguredDetail: () => wired.detail ?? RECONFIGURING,
    settings: () => store.settings(),
    audit,
    logger,
  });

  store.onChange(() => {
    reminder.settingsChanged();
    void scheduleRebuild();
  });
  await scheduleRebuild();

  async function testConnection(changes: Partial<Settings> = {}): Promise<ConnectionTestResult> {
    const merged = parseSettings({ ...store.settings(), ...changes });
    if (!merged.ok) {
      const first = merged.errors[0];
      return {
        ok: false,
        durationMs: 0,
        certificate: null,
        failure: validationFailure(first?.key ?? 'settings', 'invalid', first?.message ?? 'The settings are not valid.', first ? first.zh : '设置无效。'),
      };
    }
    const target = await resolveGateway(merged.settings);
    if (!target.ok) return { ok: false, durationMs: 0, certificate: null, failure: { kind: 'not-configured', detail: target.detail } };
    const client = newClient(target.value, merged.settings);
    if (!client.ok) return { ok: false, durationMs: 0, certificate: null, failure: { kind: 'not-configured', detail: client.detail } };
    try {
      const result = await client.value.testConnection();
      return {
        ok: result.ok,
        durationMs: result.durationMs,
        certificate: result.certificate ? { subject: result.certificate.subject, fingerprint256: result.certificate.fingerprint256 } : null,
        failure: result.failure,
      };
    } finally {
      client.value.close();
    }
  }

  return {
    logger,
    actions,
    auditFilePath: audit.filePath,
    logsDir,
    snapshot,
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    setShellNotice(notice) {
      if (sameNotice(shellNotice, notice)) return;
      shellNotice = notice;
      publish(snapshot());
    },
    history: () => audit.history(),
    onHistory: (listener) => audit.onChange(listener),
    settings: () => store.settings(),
    settingsView: () => store.view(),
    onSettings: (listener) => store.onChange(listener),
    agentIdUpperBound: () => store.settings().agentIdUpperBound,
    async saveSettings(changes) {
      const result = await store.save(changes);
      await rebuilding;
      return result.ok ? { ok: true, view: result.view } : { ok: false, errors: result.errors };
    },
    testConnection,
    onReminder: (listener) => reminder.onReminder(listener),
    handleExternalTrigger: (input) => performExternalTrigger(input, { actions, logger }),
    async resume() {
      await rebuilding;
      return wired.session ? wired.session.resume() : 'not-configured';
    },
    async exportHistoryCsv() {
      try {
        return { ok: true, path: await audit.exportCsv(exportDir) };
      } catch (error) {
        logger.error('history export failed', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
        return { ok: false, path: null };
      }
    },
    async openLogsFolder() {
      if (!options.desktop) return { ok: false };
      try {
        await mkdir(logsDir, { recursive: true });
        return { ok: await options.desktop.openFolder(logsDir) };
      } catch (error) {
        logger.error('logs folder could not be opened', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
        return { ok: false };
      }
    },
    async exportDiagnostics() {
      try {
        await mkdir(exportDir, { recursive: true });
        const file = path.join(exportDir, diagnosticsFileName(new Date(now())));
        await writeDiagnosticsBundle(file, {
          logDirectory: logsDir,
          settings: { filePath: store.filePath, effective: store.view() },
          policyFilePath: options.policyPath ?? defaultPolicyPath(),
          versions: collectVersions(options.appVersion ?? '0.0.0-dev'),
          connectionTest: await testConnection(),
          generatedAt: new Date(now()),
          extraJson: { session: snapshot(), history: audit.history(), 'audit-forwarding': forwardingStatus() },
        });
        return { ok: true, path: file };
      } catch (error) {
        logger.error('diagnostics export failed', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
        return { ok: false, path: null };
      }
    },
    forwardingStatus,
    settled: () => rebuilding,
    async dispose() {
      disposed = true;
      await rebuilding;
      reminder.dispose();
      wired.unsubscribe();
      await wired.session?.dispose();
      wired.client?.close();
      // Never waits for the collector: a delivery in flight is abandoned and sent again next start.
      forwarder?.stop();
      await audit.flush();
      await vault.flush();
    },
  };
}

/**
 * The Electron main process, kept thin over the plain-Node services (main/services.ts).
 *
 * Lean start: before 'ready' only the single-instance lock, the privileged scheme and event
 * listeners; at 'ready' the protocol, the permission policy and the tray. Everything else — the
 * services (gateway client, session, settings schema, keychain), the IPC handlers and, in demo
 * mode, the emulator — loads afterwards through dynamic import. The panel window and its renderer
 * are created only when the person first opens the panel.
 */
import { join } from 'node:path';
import type * as Electron from 'electron';
import type { ActionResult } from '../../app/ipc-contract';
import type { Notice } from '../../app/notice';
import type { Language } from '../../app/retcodes';
import type { SessionSnapshot, Trigger } from '../../app/whisper';
import { EXTERNAL_TRIGGER_SCHEME } from '../actions/external-trigger';
import type { Logger } from '../log/logger';
import { trayIconPath } from '../platform/tray-icons';
import type { AppServices } from '../services';
import { APP_SCHEME_PRIVILEGES, PANEL_URL, denyAllPermissions, installAppProtocol } from './app-protocol';
import { createEventSender, registerIpcHandlers } from './ipc-registration';
import { APP_USER_MODEL_ID, DEMO_FLAG, demoGatewayAllowed, userArguments } from './launch-options';
import { applyStartAtLogin } from './login-item';
import { createNotifier } from './notifications';
import { createShortcutManager, type ShortcutBindings, type ShortcutReport } from './shortcuts';
import { resolveLanguage, shellStrings } from './strings';
import { createTrayController } from './tray';
import { createPanelWindow, hardenWebContents, panelWindowOptions } from './window';

/** The Electron modules the main process uses, passed in so tests can stand in for them. */
export interface ElectronModules {
  readonly app: Electron.App;
  readonly BrowserWindow: typeof Electron.BrowserWindow;
  readonly Tray: typeof Electron.Tray;
  readonly Menu: Pick<typeof Electron.Menu, 'buildFromTemplate'>;
  readonly Notification: typeof Electron.Notification;
  readonly nativeImage: Pick<typeof Electron.nativeImage, 'createFromPath'>;
  readonly globalShortcut: Electron.GlobalShortcut;
  readonly ipcMain: Electron.IpcMain;
  readonly protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged'>;
  readonly session: { readonly defaultSession: Electron.Session };
  readonly shell: Pick<Electron.Shell, 'openPath'>;
}

export interface MainEnvironment {
  readonly argv: readonly string[];
  readonly platform: NodeJS.Platform;
  readonly execPath: string;
  /** process.resourcesPath (packaged builds: where extraResources such as tray icons live). */
  readonly resourcesPath: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  /** The folder of the built main bundle (out/main): the preload and renderer builds are its siblings. */
  readonly mainDir: string;
  readonly logger: Logger;
}

export interface MainProcess {
  /** Settles once the services are up, the saved session was tried and pending triggers ran. */
  readonly ready: Promise<void>;
  openPanel(): Promise<void>;
}

const SIGNED_OUT: SessionSnapshot = {
  phase: 'signed-out',
  gatewayUrl: null,
  agentId: null,
  authMode: null,
  demo: false,
  pollFailures: 0,
  whisper: null,
  notice: null,
};

/** How long quitting waits for the services to flush the audit trail and the keychain. */
const SHUTDOWN_GRACE_MS = 3000;

/** Returns null in a second instance: it has handed its arguments to the first one and quits. */
export function startMain(electron: ElectronModules, environment: MainEnvironment): MainProcess | null {
  const { app, ipcMain } = electron;
  const { logger } = environment;
  const packaged = app.isPackaged;
  const argumentContext = (workingDirectory: string) => ({ packaged, appPath: app.getAppPath(), workingDirectory });

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  if (environment.platform === 'win32') app.setAppUserModelId(packaged ? APP_USER_MODEL_ID : environment.execPath);
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  // The dev server is trusted only in a development run; a packaged build ignores the variable.
  const devServerUrl = packaged ? null : (environment.env['ELECTRON_RENDERER_URL'] ?? null);
  const launchTrigger = userArguments(environment.argv, argumentContext(environment.cwd));
  const pending: (readonly string[] | string)[] = launchTrigger.length > 0 ? [launchTrigger] : [];

  let services: AppServices | null = null;
  let quitting = false;
  const cleanups: (() => void | Promise<void>)[] = [];

  const language = (): Language => resolveLanguage(services?.settings().language ?? 'system', app.getLocale());
  const strings = () => shellStrings(language());

  const panel = createPanelWindow({
    createWindow: (options) => new electron.BrowserWindow(options),
    options: panelWindowOptions({ preloadPath: join(environment.mainDir, '../preload/index.js'), title: 'Whisper Control' }),
    url: devServerUrl ?? PANEL_URL,
    isQuitting: () => quitting,
    logger,
  });
  const sendEvent = createEventSender(() => panel.current()?.webContents ?? null, { devServerUrl });

  const notifier = createNotifier({
    createNotification: (options) => new electron.Notification(options),
    isSupported: () => electron.Notification.isSupported(),
    strings,
    language,
    logger,
    openPanel: () => void openPanel(),
  });

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  async function openPanel(): Promise<void> {
    await ready;
    if (services) panel.show();
  }

  const notifyResult = (result: ActionResult) => notifier.actionResult(result);
  /**
   * The tray, shortcut and reminder stop the whisper the person sees named; should the gateway
   * know it differently, the verified stop retries without the target (main/actions).
   */
  async function stopFrom(trigger: Trigger): Promise<void> {
    if (!services) return;
    const target = services.snapshot().whisper?.target;
    notifyResult(await services.actions.stop({ trigger, ...(target ? { whisperAgentId: target } : {}) }));
  }
  /** The tray's Monitor submenu: on the agent already monitored a start becomes a switch of mode. */
  async function monitorFrom(workNo: string, mode: 'listen' | 'whisper'): Promise<void> {
    if (!services) return;
    const request = { trigger: 'tray' as const, whisperAgentId: workNo };
    if (services.snapshot().whisper?.target === workNo) notifyResult(await services.actions.switchMode({ ...request, mode }));
    else notifyResult(await (mode === 'listen' ? services.actions.listen(request) : services.actions.start(request)));
  }
  async function backToListenFrom(trigger: Trigger): Promise<void> {
    if (services) notifyResult(await services.actions.backToListen({ trigger }));
  }
  // Triggers wait until the saved session was tried: a stop before that would find no session.
  let triggersOpen = false;
  async function runTrigger(input: readonly string[] | string): Promise<void> {
    if (!services || !triggersOpen) {
      pending.push(input);
      return;
    }
    const result = await services.handleExternalTrigger(input);
    if (result) notifyResult(result);
  }

  // Every WebContents, present or future, is locked down the moment it exists.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const args = userArguments(argv, argumentContext(workingDirectory));
    if (args.length === 0) void openPanel();
    else void runTrigger(args);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void runTrigger(url);
  });
  // A tray app keeps running with no window; quitting is the tray's Quit.
  app.on('window-all-closed', () => undefined);
  // macOS: clicking the Dock icon of the running app opens the panel.
  app.on('activate', () => void openPanel());
  let shutdownState: 'running' | 'shutting-down' | 'done' = 'running';
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutdownState === 'done') return;
    // Hold the quit until the audit trail and keychain are flushed (bounded by the grace period).
    event.preventDefault();
    if (shutdownState === 'running') {
      shutdownState = 'shutting-down';
      void runShutdown();
    }
  });
  async function runShutdown(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    // In reverse order of creation: shortcuts and IPC first, the services before the demo gateway they use.
    const unwind = async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          logger.warn('shutdown step failed', { error: error instanceof Error ? error.name : 'unknown' });
        }
      }
    };
    await Promise.race([unwind(), grace]);
    clearTimeout(timer);
    shutdownState = 'done';
    // Log lines are handed to the file after the current turn (main/log/deferred-log-sink.ts): write the last ones now.
    logger.flush?.();
    app.quit();
  }

  void app
    .whenReady()
    .then(() => onReady())
    .catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      logger.error('main process failed to start', { error: detail });
      notifier.notice(strings().startFailed(detail));
    })
    .finally(resolveReady);

  async function onReady(): Promise<void> {
    const defaultSession = electron.session.defaultSession;
    installAppProtocol(defaultSession, join(environment.mainDir, '../renderer'));
    denyAllPermissions(defaultSession);

    const iconLocation = { packaged, resourcesPath: environment.resourcesPath, projectRoot: app.getAppPath() };
    const tray = createTrayController(SIGNED_OUT, {
      createTray: (image) => new electron.Tray(image),
      loadImage: (path) => electron.nativeImage.createFromPath(path),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      iconPath: (state) => trayIconPath(state, environment.platform, iconLocation),
      strings,
      commands: {
        stop: () => void stopFrom('tray'),
        backToListen: () => void backToListenFrom('tray'),
        listen: (workNo) => void monitorFrom(workNo, 'listen'),
        whisper: (workNo) => void monitorFrom(workNo, 'whisper'),
        openPanel: () => void openPanel(),
        signIn: () => void openPanel(),
        signOut: () =>
          void services?.actions.signOut({ trigger: 'tray' }).then((result) => {
            if (!result.ok) notifyResult(result);
          }),
        // Also before (or without) the services: after a failed start the log is what IT needs.
        openLogsFolder: () => void (services ? services.openLogsFolder() : electron.shell.openPath(app.getPath('logs'))),
        quit: () => app.quit(),
      },
      roster: {
        last: () => services?.lastRoster() ?? null,
        fetch: () => services?.roster() ?? Promise.resolve({ ok: false }),
      },
    });
    cleanups.push(() => tray.dispose());
    logger.info('tray shown', { packaged });

    const loaded = await loadServices();
    services = loaded;
    cleanups.push(() => loaded.dispose());
    const publish = (snapshot: SessionSnapshot) => {
      tray.update(snapshot);
      sendEvent('session:state-changed', snapshot);
    };
    loaded.onSnapshot(publish);
    loaded.onHistory((history) => sendEvent('history:changed', history));
    loaded.onRoster(() => tray.refreshMenu());

    const { createIpcHandlers } = await import('../ipc/handlers');
    cleanups.push(registerIpcHandlers(ipcMain, createIpcHandlers(loaded, { devServerUrl })));

    const shortcuts = createShortcutManager({
      globalShortcut: electron.globalShortcut,
      onTrigger: (role) => void (role === 'stop' ? stopFrom('shortcut') : backToListenFrom('shortcut')),
      logger,
      onReport: (report) => {
        const notice = shortcutNotice(report);
        loaded.setShellNotice(notice);
        if (notice) notifier.notice(notice[language()]);
      },
    });
    cleanups.push(() => shortcuts.dispose());
    const bindings = (): ShortcutBindings => ({ stop: loaded.settings().stopShortcut, backToListen: loaded.settings().backToListenShortcut });
    let applied = bindings();
    shortcuts.apply(applied);
    let startAtLogin = loaded.settings().startAtLogin;
    loaded.onSettings((view) => {
      const next = bindings();
      if (next.stop !== applied.stop || next.backToListen !== applied.backToListen) {
        applied = next;
        shortcuts.apply(next);
      }
      if (view.settings.startAtLogin !== startAtLogin) {
        startAtLogin = view.settings.startAtLogin;
        void setStartAtLogin(startAtLogin);
      }
      // Language or shortcut notices may have changed what the tray and panel say.
      publish(loaded.snapshot());
    });
    publish(loaded.snapshot());

    loaded.onReminder((event) =>
      notifier.reminder({ target: event.target, elapsedMs: event.elapsedMs, onStop: () => void stopFrom('reminder') }),
    );

    const resumed = await loaded.resume();
    logger.info('saved session tried', { outcome: resumed });
    void setStartAtLogin(startAtLogin);
    registerProtocolClient();
    triggersOpen = true;
    for (const input of pending.splice(0)) await runTrigger(input);
  }

  function shortcutNotice(report: ShortcutReport): Notice | null {
    if (report.failed.length === 0) return null;
    const inLanguage = (language: Language) => {
      const s = shellStrings(language);
      return report.failed
        .map((f) =>
          s.shortcutFailed(
            f.accelerator,
            f.role === 'stop' ? s.shortcutPurposeStop : s.shortcutPurposeBackToListen,
            f.reason === 'taken' ? s.shortcutTaken : s.shortcutInvalid,
          ),
        )
        .join(language === 'zh-CN' ? '' : ' ');
    };
    return { en: inLanguage('en'), 'zh-CN': inLanguage('zh-CN') };
  }

  async function loadServices(): Promise<AppServices> {
    const userDataDir = app.getPath('userData');
    const [{ createAppServices }, { keytarStore }] = await Promise.all([import('../services'), import('../vault/keytar-store')]);
    return createAppServices({
      userDataDir,
      appVersion: app.getVersion(),
      logger,
      secretStore: keytarStore(),
      demoGateway: demoGatewayAllowed({ demoFlag: environment.argv.includes(DEMO_FLAG), packaged }) ? startDemoGateway : null,
      logsDir: app.getPath('logs'),
      desktop: { openFolder: async (folder) => (await electron.shell.openPath(folder)) === '' },
    });
  }

  /** The emulator trusts nothing but its own CA: the client is given exactly that CA, never "accept any". */
  async function startDemoGateway(): Promise<{ url: string; caPem: string }> {
    const { startEmulator } = await import('../../emulator/index');
    const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => emulator.close());
    logger.info('demo gateway started', { url: emulator.url });
    return { url: emulator.url, caPem: emulator.caPem };
  }

  async function setStartAtLogin(enabled: boolean): Promise<void> {
    try {
      const outcome = await applyStartAtLogin(enabled, {
        app,
        platform: environment.platform,
        execPath: environment.execPath,
        home: environment.home,
        env: environment.env,
      });
      if (outcome === 'applied') logger.info('start at login applied', { enabled });
    } catch (error) {
      logger.warn('start at login could not be applied', { enabled, code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
    }
  }

  /** Where the OS lets the app claim whisper-control:// (packaged builds; macOS reads it from Info.plist). */
  function registerProtocolClient(): void {
    if (!packaged) return;
    const ok = app.setAsDefaultProtocolClient(EXTERNAL_TRIGGER_SCHEME);
    logger.info('protocol client registration', { scheme: EXTERNAL_TRIGGER_SCHEME, ok });
  }

  return { ready, openPanel };
}

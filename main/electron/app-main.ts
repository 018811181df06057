/**
 * The Electron main process: the short wiring that composes the shell's parts over the plain-Node
 * services (main/compose.ts). The surfaces — tray, shortcuts, reminder and notifications,
 * external triggers — are in main/surfaces/: each asks the inspector actions directly, as the IPC
 * handlers do, and is handed them here once the services are up. Each wiring concern has its own file:
 *   lifecycle.ts         app events and the ordered shutdown
 *   settings-sync.ts     shortcuts and start at login following the settings
 *   services-loader.ts   creating the services with what only Electron can give them
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
import type { Language } from '../../app/i18n/language';
import { SIGNED_OUT, type SessionSnapshot } from '../../app/whisper';
import type { Logger } from '../log/logger';
import { trayIconPath } from '../platform/tray-icons';
import { createNotifier } from '../surfaces/notifications';
import { createTrayController } from '../surfaces/tray';
import { createTriggerQueue, listenForTriggers, registerProtocolClient, userArguments } from '../surfaces/external-triggers';
import { APP_SCHEME_PRIVILEGES, PANEL_URL, denyAllPermissions, installAppProtocol } from './app-protocol';
import { createEventSender, registerIpcHandlers } from './ipc-registration';
import { APP_USER_MODEL_ID } from './launch-options';
import { installLifecycle } from './lifecycle';
import { loadServices } from './services-loader';
import { createSettingsSync } from './settings-sync';
import type { ShellServices } from './shell-services';
import { resolveLanguage } from '../../app/i18n/language';
import { shellStrings } from '../../app/i18n/shell';
import { createPanelWindow, panelWindowOptions } from './window';

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
  let services: ShellServices | null = null;
  const language = (): Language => resolveLanguage(services?.settings().language ?? 'system', app.getLocale());
  const strings = () => shellStrings(language());

  const lifecycle = installLifecycle(app, { logger, openPanel: () => void openPanel() });
  const panel = createPanelWindow({
    createWindow: (options) => new electron.BrowserWindow(options),
    options: panelWindowOptions({ preloadPath: join(environment.mainDir, '../preload/index.js'), title: 'Whisper Control' }),
    url: devServerUrl ?? PANEL_URL,
    isQuitting: lifecycle.isQuitting,
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
  const notify = (result: ActionResult) => notifier.actionResult(result);
  const triggers = createTriggerQueue({ notify, logger, launchArguments: userArguments(environment.argv, argumentContext(environment.cwd)) });
  listenForTriggers(app, { argumentContext, queue: triggers, openPanel: () => void openPanel() });

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  async function openPanel(): Promise<void> {
    await ready;
    if (services) panel.show();
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
      // The inspector actions arrive with the services (tray.connect below); the shell's own commands are here.
      commands: {
        actions: null,
        notify,
        openPanel: () => void openPanel(),
        signIn: () => void openPanel(),
        // Also before (or without) the services: after a failed start the log is what IT needs.
        openLogsFolder: () => void (services ? services.openLogsFolder() : electron.shell.openPath(app.getPath('logs'))),
        quit: () => app.quit(),
      },
      roster: {
        last: () => services?.lastRoster() ?? null,
        fetch: () => services?.roster() ?? Promise.resolve({ ok: false }),
      },
    });
    lifecycle.onShutdown(() => tray.dispose());
    logger.info('tray shown', { packaged });

    const loaded = await loadServices(electron, { argv: environment.argv, packaged, logger, onShutdown: lifecycle.onShutdown });
    services = loaded;
    tray.connect(loaded.actions);
    lifecycle.onShutdown(() => loaded.dispose());
    const publish = (snapshot: SessionSnapshot) => {
      tray.update(snapshot);
      sendEvent('session:state-changed', snapshot);
    };
    loaded.onSnapshot(publish);
    loaded.onHistory((history) => sendEvent('history:changed', history));
    // A save, or an admin policy applied live (main/settings/settings-store.ts): the panel's values and locks follow.
    loaded.onSettings((view) => sendEvent('settings:changed', view));
    loaded.onRoster(() => tray.refreshMenu());

    const { createIpcHandlers } = await import('../ipc/handlers');
    lifecycle.onShutdown(registerIpcHandlers(ipcMain, createIpcHandlers(loaded, { devServerUrl })));

    const settingsSync = createSettingsSync({
      services: loaded,
      globalShortcut: electron.globalShortcut,
      actions: loaded.actions,
      notifyResult: notify,
      notify: (body) => notifier.notice(body),
      language,
      loginItem: { app, platform: environment.platform, execPath: environment.execPath, home: environment.home, env: environment.env },
      logger,
    });
    lifecycle.onShutdown(() => settingsSync.dispose());
    settingsSync.start();
    // Language or shortcut notices may have changed what the tray and panel say.
    loaded.onSettings(() => publish(loaded.snapshot()));
    publish(loaded.snapshot());

    loaded.onReminder((event) => notifier.reminder({ target: event.target, elapsedMs: event.elapsedMs, actions: loaded.actions }));

    const resumed = await loaded.resume();
    logger.info('saved session tried', { outcome: resumed });
    settingsSync.applyStartAtLogin();
    registerProtocolClient(app, packaged, logger);
    await triggers.open(loaded.actions);
  }

  return { ready, openPanel };
}

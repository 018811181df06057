/**
 * The tray is the product's main surface: its first menu item stops the whisper with the window
 * closed. Every action is in the menu because tray clicks are unreliable on Linux. The menu and
 * tooltip are pure functions of the session snapshot, so they are tested without Electron.
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { SessionSnapshot } from '../../app/whisper';
import { trayIconStateOf, type TrayIconState } from '../platform/tray-icons';
import { formatElapsed, type ShellStrings } from './strings';

/** A Guid is held (possibly with the poller struggling): a stop can be sent. */
export function isSignedIn(snapshot: SessionSnapshot): boolean {
  return snapshot.phase === 'signed-in' || snapshot.phase === 'connection-lost';
}

export function trayTooltip(snapshot: SessionSnapshot, strings: ShellStrings, now: number): string {
  const agent = snapshot.agentId ?? '?';
  let status: string;
  switch (snapshot.phase) {
    case 'signed-out':
      status = strings.tooltipSignedOut;
      break;
    case 'signing-in':
      status = strings.tooltipSigningIn;
      break;
    case 'expired':
      status = strings.tooltipExpired;
      break;
    case 'connection-lost':
      status = strings.tooltipConnectionLost(agent);
      break;
    case 'signed-in':
      status = snapshot.whisper
        ? strings.tooltipMode(snapshot.whisper.mode, snapshot.whisper.target, formatElapsed(now - snapshot.whisper.since))
        : strings.tooltipIdle(agent);
      break;
  }
  return `${strings.appName}${snapshot.demo ? strings.demoSuffix : ''} — ${status}`;
}

export interface TrayCommands {
  stop(): void;
  backToListen(): void;
  openPanel(): void;
  /** Sign-in needs a password: this opens the panel's sign-in form. */
  signIn(): void;
  signOut(): void;
  openLogsFolder(): void;
  quit(): void;
}

/** Item ids, so tests and callers can find an item without depending on its words. */
export const TRAY_ITEM_IDS = ['stop', 'back-to-listen', 'open-panel', 'sign-in', 'sign-out', 'open-logs', 'quit'] as const;

export function trayMenuTemplate(snapshot: SessionSnapshot, strings: ShellStrings, commands: TrayCommands): MenuItemConstructorOptions[] {
  const signedIn = isSignedIn(snapshot);
  const target = snapshot.whisper?.target ?? null;
  return [
    {
      id: 'stop',
      // Stop stays enabled with no known whisper: without a target the gateway stops whatever
      // whisper this inspector has, which also covers a whisper started outside the app.
      label: target ? strings.stopWhisperingAgent(target) : strings.stopWhispering,
      enabled: signedIn,
      click: () => commands.stop(),
    },
    {
      id: 'back-to-listen',
      label: strings.backToListen,
      enabled: signedIn && snapshot.whisper?.mode !== 'listen',
      click: () => commands.backToListen(),
    },
    { type: 'separator' },
    { id: 'open-panel', label: strings.openPanel, click: () => commands.openPanel() },
    signedIn
      ? { id: 'sign-out', label: strings.signOut, click: () => commands.signOut() }
      : { id: 'sign-in', label: strings.signIn, enabled: snapshot.phase !== 'signing-in', click: () => commands.signIn() },
    { id: 'open-logs', label: strings.openLogsFolder, click: () => commands.openLogsFolder() },
    { type: 'separator' },
    { id: 'quit', label: strings.quit, click: () => commands.quit() },
  ];
}

export interface TrayControllerDeps {
  readonly createTray: (image: NativeImage) => Tray;
  readonly loadImage: (path: string) => NativeImage;
  readonly buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  readonly iconPath: (state: TrayIconState) => string;
  readonly strings: () => ShellStrings;
  readonly commands: TrayCommands;
  readonly now?: () => number;
}

export interface TrayController {
  update(snapshot: SessionSnapshot): void;
  dispose(): void;
}

export function createTrayController(initial: SessionSnapshot, deps: TrayControllerDeps): TrayController {
  const now = deps.now ?? Date.now;
  const images = new Map<TrayIconState, NativeImage>();
  const image = (state: TrayIconState) => {
    let loaded = images.get(state);
    if (!loaded) {
      loaded = deps.loadImage(deps.iconPath(state));
      images.set(state, loaded);
    }
    return loaded;
  };

  let snapshot = initial;
  let state = trayIconStateOf(initial);
  const tray = deps.createTray(image(state));
  // Windows and macOS open the panel on a plain click; the menu stays the complete surface.
  tray.on('click', () => deps.commands.openPanel());
  let ticker: ReturnType<typeof setInterval> | null = null;

  const refreshTooltip = () => tray.setToolTip(trayTooltip(snapshot, deps.strings(), now()));

  function render(): void {
    const nextState = trayIconStateOf(snapshot);
    if (nextState !== state) {
      state = nextState;
      tray.setImage(image(state));
    }
    refreshTooltip();
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(snapshot, deps.strings(), deps.commands)));
    // The elapsed time in the tooltip moves only while a mode is active; otherwise no timer runs.
    if (snapshot.whisper && !ticker) {
      ticker = setInterval(refreshTooltip, 1000);
      ticker.unref?.();
    } else if (!snapshot.whisper && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  render();
  return {
    update(next) {
      snapshot = next;
      render();
    },
    dispose() {
      if (ticker) clearInterval(ticker);
      ticker = null;
      tray.destroy();
    },
  };
}

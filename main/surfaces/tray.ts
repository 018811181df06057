/**
 * The tray is the product's main surface: its first menu item stops the whisper with the window
 * closed. Every action is in the menu because tray clicks are unreliable on Linux. The menu and
 * tooltip are pure functions of the session snapshot and the monitoring model (app/monitoring.ts),
 * so they are tested without Electron. A menu item asks the inspector actions directly (the one
 * door every surface and the IPC handlers share) and holds no product rule of its own.
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { isOnCall, type Roster } from '../../app/roster';
import type { ActionResult } from '../../app/ipc-contract';
import type { SessionSnapshot } from '../../app/whisper';
import type { InspectorActions } from '../actions/whisper-actions';
import { agentName, canBackToListen, canStop, currentMonitoring, isSignedIn, offeredActions, stopKind, stopLabelKey } from '../../app/monitoring';
import { trayIconStateOf, type TrayIconState } from '../platform/tray-icons';
import { formatElapsed, type ShellStrings } from '../../app/i18n/shell';

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
    case 'signed-in': {
      const monitoring = currentMonitoring(snapshot);
      status = monitoring ? strings.tooltipMode(monitoring.mode, monitoring.target, formatElapsed(now - monitoring.since)) : strings.tooltipIdle(agent);
      break;
    }
  }
  return `${strings.appName}${snapshot.demo ? strings.demoSuffix : ''} — ${status}`;
}

/** The inspector actions the tray offers (main/actions/whisper-actions.ts). */
export type TrayActions = Pick<InspectorActions, 'stop' | 'backToListen' | 'listen' | 'start' | 'signOut'>;

export interface TrayCommands {
  /** Null until the services are up: the action items are disabled before that (signed out). */
  readonly actions: TrayActions | null;
  /** Tells the person how an action went: with the window closed the tray cannot show it. */
  notify(result: ActionResult): void;
  openPanel(): void;
  /** Sign-in needs a password: this opens the panel's sign-in form. */
  signIn(): void;
  openLogsFolder(): void;
  quit(): void;
}

/** Item ids, so tests and callers can find an item without depending on its words. */
export const TRAY_ITEM_IDS = ['stop', 'back-to-listen', 'monitor', 'open-panel', 'sign-in', 'sign-out', 'open-logs', 'quit'] as const;

/** A menu is no place for a VDN: the first agents on a call by ID, the rest in the panel. */
export const MONITOR_MENU_CAP = 15;

/** What the Monitor submenu lists: the last roster, or why there is none. */
export type MonitorList = { readonly kind: 'roster'; readonly roster: Roster } | { readonly kind: 'loading' } | { readonly kind: 'unavailable' };

export function monitorSubmenu(list: MonitorList, snapshot: SessionSnapshot, strings: ShellStrings, commands: TrayCommands): MenuItemConstructorOptions[] {
  if (list.kind === 'loading') return [{ id: 'monitor-loading', label: strings.monitorLoading, enabled: false }];
  if (list.kind === 'unavailable') return [{ id: 'monitor-unavailable', label: strings.monitorUnavailable, click: () => commands.openPanel() }];
  const { actions } = commands;
  const onCall = list.roster.agents.filter((agent) => isOnCall(agent.status));
  if (onCall.length === 0) return [{ id: 'monitor-nobody', label: strings.monitorNobody, enabled: false }];
  // The roster comes sorted by work number (main/gateway/roster.ts).
  const items: MenuItemConstructorOptions[] = onCall.slice(0, MONITOR_MENU_CAP).map((agent) => ({
    id: `monitor-${agent.workNo}`,
    // '&' would become a mnemonic on Windows: a name is shown as written.
    label: agent.name ? `${agent.workNo}  ${agent.name.replace(/&/g, '&&')}` : agent.workNo,
    // What may be done to this agent is the model's (app/monitoring.ts offeredActions, as the panel's
    // rows): one monitoring at a time; on the agent monitored, the other mode is a switch.
    submenu: [
      {
        id: `monitor-${agent.workNo}-listen`,
        label: strings.monitorListen,
        enabled: offeredActions(agent.workNo, agent.status, snapshot).includes('listen'),
        click: () => void actions?.listen({ trigger: 'tray', whisperAgentId: agent.workNo }).then(commands.notify),
      },
      {
        id: `monitor-${agent.workNo}-whisper`,
        label: strings.monitorWhisper,
        enabled: offeredActions(agent.workNo, agent.status, snapshot).includes('whisper'),
        click: () => void actions?.start({ trigger: 'tray', whisperAgentId: agent.workNo }).then(commands.notify),
      },
    ],
  }));
  if (onCall.length > MONITOR_MENU_CAP) {
    items.push({ type: 'separator' }, { id: 'monitor-more', label: strings.monitorMore(onCall.length - MONITOR_MENU_CAP), click: () => commands.openPanel() });
  }
  return items;
}

export function trayMenuTemplate(
  snapshot: SessionSnapshot,
  strings: ShellStrings,
  commands: TrayCommands,
  monitor: MonitorList = { kind: 'loading' },
): MenuItemConstructorOptions[] {
  const { actions } = commands;
  const signedIn = isSignedIn(snapshot) && actions !== null;
  const monitoring = currentMonitoring(snapshot);
  const label = strings[stopLabelKey(stopKind(snapshot))];
  return [
    {
      id: 'stop',
      // Stop stays enabled with no known whisper: without a target the gateway stops whatever
      // whisper this inspector has, which also covers a whisper started outside the app (canStop).
      // '&' would become a mnemonic on Windows: a name is shown as written.
      label: monitoring?.target ? strings.withAgent(label, monitoring.target, agentName(monitoring.target, monitor.kind === 'roster' ? monitor.roster : null)?.replace(/&/g, '&&')) : label,
      enabled: canStop(snapshot) && actions !== null,
      // Which agent the stop names is the plan's (app/monitoring.ts planStop), never the tray's.
      click: () => void actions?.stop({ trigger: 'tray' }).then(commands.notify),
    },
    {
      id: 'back-to-listen',
      label: strings.backToListen,
      enabled: canBackToListen(snapshot) && actions !== null,
      click: () => void actions?.backToListen({ trigger: 'tray' }).then(commands.notify),
    },
    signedIn
      ? { id: 'monitor', label: strings.monitor, submenu: monitorSubmenu(monitor, snapshot, strings, commands) }
      : { id: 'monitor', label: strings.monitor, enabled: false },
    { type: 'separator' },
    { id: 'open-panel', label: strings.openPanel, click: () => commands.openPanel() },
    signedIn
      ? // A sign-out is reported only when it failed: the tray's changed state already says it worked.
        { id: 'sign-out', label: strings.signOut, click: () => void actions?.signOut({ trigger: 'tray' }).then((r) => r.ok || commands.notify(r)) }
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
  /**
   * The roster behind the Monitor submenu: the last one the panel fetched, or one fetch when the
   * menu opens and there is none recent. Never polled.
   */
  readonly roster?: { last(): Roster | null; fetch(): Promise<{ ok: boolean }> };
  readonly now?: () => number;
}

/** A roster older than this is fetched again when the menu opens (once; the menu is rebuilt with it). */
export const MENU_ROSTER_MAX_AGE_MS = 15_000;

export interface TrayController {
  update(snapshot: SessionSnapshot): void;
  /** Rebuilds the menu (the panel fetched a roster: the Monitor submenu shows it next time). */
  refreshMenu(): void;
  /** The services are up: the menu's action items ask these actions from now on. */
  connect(actions: TrayActions): void;
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
  let commands = deps.commands;
  let state = trayIconStateOf(initial);
  const tray = deps.createTray(image(state));
  // Windows and macOS open the panel on a plain click; the menu stays the complete surface.
  tray.on('click', () => commands.openPanel());
  let ticker: ReturnType<typeof setInterval> | null = null;

  const refreshTooltip = () => tray.setToolTip(trayTooltip(snapshot, deps.strings(), now()));
  let fetching = false;
  let lastFetchFailed = false;

  function monitorList(): MonitorList {
    const roster = deps.roster?.last() ?? null;
    if (roster) return { kind: 'roster', roster };
    return lastFetchFailed && !fetching ? { kind: 'unavailable' } : { kind: 'loading' };
  }

  /** The menu is opening: fetch the roster once if the last one is missing or stale, then rebuild the menu with it. */
  function menuOpening(): void {
    const source = deps.roster;
    if (!source || fetching || !isSignedIn(snapshot)) return;
    const last = source.last();
    if (last && now() - last.fetchedAt < MENU_ROSTER_MAX_AGE_MS) return;
    fetching = true;
    void source
      .fetch()
      .then(
        (result) => (lastFetchFailed = !result.ok),
        () => (lastFetchFailed = true),
      )
      .finally(() => {
        fetching = false;
        if (!disposed) setMenu();
      });
  }

  let disposed = false;
  function setMenu(): void {
    const menu = deps.buildMenu(trayMenuTemplate(snapshot, deps.strings(), commands, monitorList()));
    // Linux app indicators may not report the opening; there the submenu shows the panel's last roster [inferred].
    menu.on?.('menu-will-show', menuOpening);
    tray.setContextMenu(menu);
  }

  function render(): void {
    const nextState = trayIconStateOf(snapshot);
    if (nextState !== state) {
      state = nextState;
      tray.setImage(image(state));
    }
    refreshTooltip();
    setMenu();
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
    refreshMenu: () => setMenu(),
    connect(actions) {
      commands = { ...deps.commands, actions };
      setMenu();
    },
    dispose() {
      disposed = true;
      if (ticker) clearInterval(ticker);
      ticker = null;
      tray.destroy();
    },
  };
}

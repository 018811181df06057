/**
 * A recording stand-in for the parts of `electron` the wiring uses, for
 * `vi.mock('electron', () => fakeElectron())` (the pattern Electron Fiddle's tests use).
 * It records what the app asked of Electron; it implements no behaviour of its own
 * beyond events, so the tests can drive the app the way Electron would.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly mainFrame = { url: '' };
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static onCreate: ((window: FakeBrowserWindow) => void) | null = null;
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  visible = false;
  destroyed = false;
  minimized = false;
  focusCount = 0;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
    FakeBrowserWindow.onCreate?.(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focusCount += 1;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What Electron does when the person clicks the window's close button. */
  requestClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
}

export class FakeMenu extends EventEmitter {
  constructor(readonly template: MenuItemConstructorOptions[]) {
    super();
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  readonly images: unknown[] = [];
  constructor(image: unknown) {
    super();
    this.images.push(image);
    FakeTray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.images.push(image);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Finds a menu item by id and clicks it the way Electron would. */
  click(id: string): void {
    const item = this.menu?.template.find((i) => i.id === id);
    if (!item) throw new Error(`no tray item ${id}`);
    if (item.enabled === false) throw new Error(`tray item ${id} is disabled`);
    (item.click as () => void)();
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  shown = false;
  constructor(readonly options: { title?: string; body?: string; actions?: { type: string; text?: string }[] }) {
    super();
    FakeNotification.instances.push(this);
  }
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  show(): void {
    this.shown = true;
  }
}

export class FakeGlobalShortcut {
  readonly held = new Map<string, () => void>();
  /** Accelerators "another application" holds: register() answers false for them. */
  readonly taken = new Set<string>();
  readonly attempts: string[] = [];
  register(accelerator: string, callback: () => void): boolean {
    this.attempts.push(accelerator);
    if (!/^[A-Za-z0-9+]+$/.test(accelerator) || accelerator.endsWith('+')) throw new Error(`conversion failure: ${accelerator}`);
    if (this.taken.has(accelerator) || this.held.has(accelerator)) return false;
    this.held.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.held.delete(accelerator);
  }
  unregisterAll(): void {
    this.held.clear();
  }
  /** The person presses the combination. */
  press(accelerator: string): void {
    const callback = this.held.get(accelerator);
    if (!callback) throw new Error(`${accelerator} is not registered`);
    callback();
  }
}

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, payload: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeSession {
  readonly protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  readonly protocol = {
    handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export interface FakeAppOptions {
  argv?: string[];
  packaged?: boolean;
  gotLock?: boolean;
  userData: string;
  appPath: string;
  platform?: NodeJS.Platform;
}

export class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  isPackaged: boolean;
  readonly protocolClients: { scheme: string; args: unknown[] }[] = [];
  appUserModelId: string | null = null;
  quitRequested = false;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  constructor(private readonly options: FakeAppOptions) {
    super();
    this.isPackaged = options.packaged ?? false;
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.options.gotLock ?? true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Electron becoming ready. */
  becomeReady(): void {
    this.calls.push('ready');
    this.emit('ready');
    this.readyResolve();
  }
  getPath(name: string): string {
    if (name === 'userData') return this.options.userData;
    if (name === 'logs') return `${this.options.userData}/logs`;
    return `${this.options.userData}/${name}`;
  }
  getAppPath(): string {
    return this.options.appPath;
  }
  getLocale(): string {
    return 'en-US';
  }
  getName(): string {
    return 'Whisper Control';
  }
  getVersion(): string {
    return '0.1.0';
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setAsDefaultProtocolClient(scheme: string, ...args: unknown[]): boolean {
    this.protocolClients.push({ scheme, args });
    return true;
  }
  setAppLogsPath(): void {}
  quit(): void {
    this.quitRequested = true;
    this.calls.push('quit');
    this.emit('before-quit', { preventDefault() {} });
  }
  exit(): void {
    this.calls.push('exit');
  }
}

export function createFakeElectron(options: FakeAppOptions) {
  const app = new FakeApp(options);
  // Electron emits 'web-contents-created' for every new window's contents.
  FakeBrowserWindow.onCreate = (window) => app.emit('web-contents-created', { preventDefault() {} }, window.webContents);
  const privileged: unknown[][] = [];
  const defaultSession = new FakeSession();
  const opened: string[] = [];
  const external: string[] = [];
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => new FakeMenu(template) },
    Notification: FakeNotification,
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    globalShortcut: new FakeGlobalShortcut(),
    ipcMain: new FakeIpcMain(),
    protocol: {
      privileged,
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        app.calls.push('registerSchemesAsPrivileged');
        privileged.push(schemes);
      },
    },
    session: { defaultSession },
    shell: {
      opened,
      external,
      openPath: async (path: string) => {
        opened.push(path);
        return '';
      },
      openExternal: async (url: string) => {
        external.push(url);
      },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** Forget instances recorded by an earlier test. */
export function resetFakeInstances(): void {
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.onCreate = null;
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
}

/**
 * The panel window: created on first use (lean start), hidden rather than destroyed on close
 * (the app lives in the tray; quitting is a menu action), and locked down — sandboxed, isolated,
 * no Node, no webview, no navigation, no new windows.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Event, HandlerDetails, WebContents } from 'electron';
import type { Logger } from '../log/logger';

export interface PanelWindowOptionsInput {
  readonly preloadPath: string;
  readonly title: string;
  readonly iconPath?: string;
}

/** Every renderer this app creates uses these webPreferences: a compromised page gets no Node, no Electron and no weakened web security (docs/security.md, "The checklist"). */
export function panelWindowOptions(input: PanelWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 460,
    height: 720,
    // The minimum keeps a 380×520 page (tests/browser/panel-layout.test.ts) under a title bar of up
    // to 40 px: Stop, the status line and the views' tabs stay on screen (Stop ends 118 px down).
    minWidth: 380,
    minHeight: 560,
    title: input.title,
    show: false,
    autoHideMenuBar: true,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * Installed on every WebContents the app ever gets (app 'web-contents-created'), so no window,
 * present or future, can navigate away, open another window or attach a <webview>
 * (docs/security.md, "The checklist"). The panel is a single-page app: it never needs any of these.
 * No URL is handed to shell.openExternal either: the app opens nothing outside itself.
 */
export function hardenWebContents(contents: WebContents, logger: Logger): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    logger.warn('navigation refused', { url: describeUrl(event.url) });
  });
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    // The main frame's attempt was already logged by 'will-navigate'.
    if (!event.isMainFrame) logger.warn('sub-frame navigation refused', { url: describeUrl(event.url) });
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    logger.warn('redirect refused', { url: describeUrl(event.url) });
  });
  contents.on('will-attach-webview', (event: Event) => {
    event.preventDefault();
    logger.warn('webview refused');
  });
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    logger.warn('window.open refused', { url: describeUrl(details.url) });
    return { action: 'deny' };
  });
}

/** Only scheme and host reach the log: a refused URL may carry anything in its path or query. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable)';
  }
}

export interface PanelWindowDeps {
  readonly createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly options: BrowserWindowConstructorOptions;
  readonly url: string;
  /** True once the person chose Quit: only then may a close really close. */
  readonly isQuitting: () => boolean;
  readonly logger: Logger;
  /** Called once per created window, so main can route event channels to it. */
  readonly onCreated?: (window: BrowserWindow) => void;
}

export interface PanelWindow {
  /** Creates the window on first call, then shows and focuses it. */
  show(): void;
  /** The window when it exists (the renderer is not loaded before the first show). */
  current(): BrowserWindow | null;
}

export function createPanelWindow(deps: PanelWindowDeps): PanelWindow {
  let window: BrowserWindow | null = null;

  function create(): BrowserWindow {
    const created = deps.createWindow(deps.options);
    created.on('close', (event: Event) => {
      if (deps.isQuitting()) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created.once('ready-to-show', () => {
      created.show();
      created.focus();
    });
    created.webContents.on('render-process-gone', (_event, details) => {
      deps.logger.error('panel renderer gone', { reason: details.reason, exitCode: details.exitCode });
    });
    deps.onCreated?.(created);
    created.loadURL(deps.url).catch((error: unknown) => {
      deps.logger.error('panel failed to load', { error: error instanceof Error ? error.message : String(error) });
    });
    return created;
  }

  return {
    show() {
      if (window && !window.isDestroyed()) {
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
        return;
      }
      window = create();
    },
    current() {
      return window && !window.isDestroyed() ? window : null;
    },
  };
}

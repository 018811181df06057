/**
 * Who may talk to main over IPC: only our own page, in the main frame.
 * The packaged app serves the renderer from a privileged custom scheme
 * (APP_ORIGIN); during development electron-vite serves it from a dev server
 * whose URL the Electron wiring passes in explicitly.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'whisper-control';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface IpcSender {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export interface TrustedSenderOptions {
  /** electron-vite's dev server URL (e.g. http://localhost:5173), only in development. */
  readonly devServerUrl?: string | null;
}

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isAppPage(url: URL): boolean {
  // Custom schemes have an opaque origin ('null') in WHATWG URL, so compare the parts;
  // credentials or a port would mean a look-alike, not our page.
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

function isDevServerPage(url: URL, devServerUrl: string | null | undefined): boolean {
  if (!devServerUrl) return false;
  const dev = parse(devServerUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false;
  return url.origin === dev.origin && url.username === '' && url.password === '';
}

export function isTrustedSender(sender: IpcSender, options: TrustedSenderOptions = {}): boolean {
  if (typeof sender !== 'object' || sender === null || sender.isMainFrame !== true) return false;
  const url = parse(sender.url);
  if (!url) return false;
  return isAppPage(url) || isDevServerPage(url, options.devServerUrl);
}

/**
 * The panel is served from `app://whisper-control/` instead of `file://` (docs/security.md,
 * "Avoid file://"): a page on `file://` can read any file the user can, while this scheme serves
 * only the built renderer folder, and every response carries the Content-Security-Policy.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { CustomScheme, Session } from 'electron';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from '../ipc/sender';

export const PANEL_URL = `${APP_ORIGIN}/index.html`;

/** No inline or eval script, nothing from anywhere but the app itself: injected markup cannot run (docs/security.md, "Content-Security-Policy"). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * standard: real origin and relative URL resolution (vite's /assets/… paths); secure: a secure
 * context like https. supportFetchAPI lets the page's module scripts load from the same origin;
 * corsEnabled stays off, so no other origin can read these files.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** What the handler needs of a request; Electron passes a full fetch `Request`. */
export interface AppRequest {
  readonly url: string;
  readonly method: string;
}

function securityHeaders(extra: Record<string, string>): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...extra,
  });
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }) });
}

/** True when `candidate` is `root` itself or lies inside it (after `..` and separators are resolved). */
function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Maps `app://whisper-control/<path>` to a file under `rootDir`. Refuses other hosts, methods other
 * than GET/HEAD, encoded traversal (`..%2F`, `%5C`), NUL bytes, symlinks leading out of the folder,
 * and types not in the MIME table (served types are explicit, never sniffed).
 */
export function createAppRequestHandler(rootDir: string): (request: AppRequest) => Promise<Response> {
  const root = resolve(rootDir);
  let realRoot: string | null = null;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'Bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'Not found');

    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refusal(400, 'Bad path encoding');
    }
    if (pathname.includes('\0')) return refusal(400, 'Bad path');
    if (pathname === '/' || pathname === '') pathname = '/index.html';

    // Decoding may reveal separators the URL parser did not see ('..%2F', '..%5C'): resolve, then check.
    const candidate = resolve(root, `.${pathname.replace(/\\/g, '/')}`);
    if (!isInside(root, candidate)) return refusal(403, 'Forbidden');

    const mime = MIME_TYPES[extname(candidate).toLowerCase()];
    if (!mime) return refusal(404, 'Not found');

    try {
      realRoot ??= await realpath(root);
      const real = await realpath(candidate);
      if (!isInside(realRoot, real)) return refusal(403, 'Forbidden');
      if (!(await stat(real)).isFile()) return refusal(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, { status: 200, headers: securityHeaders({ 'Content-Type': mime }) });
    } catch {
      return refusal(404, 'Not found');
    }
  };
}

/** Serves the renderer build on the session the panel uses. Call after app 'ready'. */
export function installAppProtocol(session: Pick<Session, 'protocol'>, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}

/**
 * The panel needs no camera, microphone, notifications, clipboard, geolocation or anything
 * else: every permission request and check is refused (docs/security.md). Electron otherwise
 * grants them all by default.
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

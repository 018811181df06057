/**
 * `npm run preview`: the built panel served on 127.0.0.1 with the bridge host behind it (the real main-side
 * handlers and services, the embedded emulator), usable from any browser on this machine at the printed
 * URL. Every request must carry the random token of that URL (as ?token=, the page's header, or the
 * cookie the page gets with it), name this server as its Host (no DNS rebinding), and a call must come
 * from this origin: anything else is refused with 403 before it reaches a file or a handler.
 * Dev-only: never part of a packaged build.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { EventChannel } from '../../app/ipc-contract';
import type { LogSink } from '../../main/log/logger';
import type { SecretStore } from '../../main/vault/guid-vault';
import { openBridgeHost, type BridgeHost } from './bridge-host';
import { pageBridgeScript } from './page-bundle';
import { PREVIEW_EVENTS_PATH, PREVIEW_INVOKE_PATH, PREVIEW_SCRIPT_PATH, PREVIEW_TOKEN_HEADER } from './routes';

export interface PreviewOptions {
  /** 0 (the default) for any free port. */
  readonly port?: number;
  /** Fixed for tests; otherwise 24 random bytes. */
  readonly token?: string;
  /** The built panel to serve; out/renderer unless a test gives its own. */
  readonly rendererDir?: string;
  /** Where the app's log lines go as well (redacted by the logger, as in the app). */
  readonly logSink?: LogSink;
}

export interface Preview {
  /** http://127.0.0.1:PORT/?token=… — what a person opens. */
  readonly pageUrl: string;
  readonly host: BridgeHost;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const FAVICON = path.resolve(__dirname, '../../build/icons/app/32x32.png');

/** The preview's keychain: memory only, so it never touches the developer's own and the Guid never reaches a file. */
function memorySecretStore(): SecretStore {
  const entries = new Map<string, string>();
  return {
    get: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    set: async (service, account, value) => void entries.set(`${service}|${account}`, value),
    delete: async (service, account) => entries.delete(`${service}|${account}`),
  };
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function refuse(response: ServerResponse, status: number, text: string): true {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
  return true;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let cookieName = '';
  let host: BridgeHost | null = null;
  const closeStreams = new Set<() => void>();

  async function invoke(request: IncomingMessage, response: ServerResponse): Promise<true> {
    if (request.method !== 'POST') return refuse(response, 405, 'POST only');
    // A call from another page would need the token too; the Origin check refuses it even if it had it.
    if (request.headers.origin !== origin) return refuse(response, 403, 'Refused: calls come only from the preview page.');
    let call: { channel?: unknown; request?: unknown };
    try {
      call = JSON.parse(await readBody(request)) as { channel?: unknown; request?: unknown };
    } catch {
      return refuse(response, 400, 'Refused: the body is not JSON.');
    }
    const answer = await host!
      .invoke(String(call.channel), call.request, { url: `${origin}/index.html`, isMainFrame: true })
      .then((value) => ({ value }), (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    response.writeHead('error' in answer ? 500 : 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(answer));
    return true;
  }

  function events(request: IncomingMessage, response: ServerResponse): true {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': whisper-control preview\n\n');
    let open = true;
    const detach = host!.attach({
      url: () => `${origin}/index.html`,
      isClosed: () => !open,
      deliver: (channel: EventChannel, payload: unknown) => response.write(`data: ${JSON.stringify({ channel, payload })}\n\n`),
    });
    const end = () => {
      if (!open) return;
      open = false;
      detach();
      closeStreams.delete(end);
      response.end();
    };
    closeStreams.add(end);
    request.on('close', end);
    return true;
  }

  host = await openBridgeHost({
    secretStore: memorySecretStore(),
    rendererDir: options.rendererDir,
    logSink: options.logSink,
    server: {
      port: options.port,
      async intercept(request, response, url) {
        if (!origin || request.headers.host !== new URL(origin).host) return refuse(response, 403, 'Refused: unknown Host.');
        const given = url.searchParams.get('token') ?? request.headers[PREVIEW_TOKEN_HEADER]?.toString() ?? cookie(request, cookieName);
        if (!sameToken(given, token)) return refuse(response, 403, 'Refused: open the URL `npm run preview` printed (it carries the token).');
        if (url.pathname === '/' || url.pathname === '/index.html') {
          // The page's own requests (scripts, styles, the event stream) carry the token in this cookie.
          response.setHeader('set-cookie', `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`);
          return false; // served (rewritten) by the static server
        }
        if (url.pathname === '/favicon.ico') {
          // The browser asks for one; the app's own icon tells the tab apart.
          response.writeHead(200, { 'content-type': 'image/png' }).end(await readFile(FAVICON));
          return true;
        }
        if (url.pathname === PREVIEW_SCRIPT_PATH) {
          response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(await pageBridgeScript('http'));
          return true;
        }
        if (url.pathname === PREVIEW_INVOKE_PATH) return invoke(request, response);
        if (url.pathname === PREVIEW_EVENTS_PATH) return events(request, response);
        return false;
      },
      rewriteIndex: (html) =>
        html
          // The bridge talks to this server: the panel's policy allows no connections at all in the app.
          .replace(/connect-src [^;"]*/, "connect-src 'self'")
          // A classic script runs before the panel's module script, as the preload does in Electron.
          .replace('</head>', `  <script src="${PREVIEW_SCRIPT_PATH}"></script>\n  </head>`),
    },
  });
  origin = host.url;
  cookieName = `whisper-preview-${new URL(origin).port}`;
  // Bundled now, so the first page load does not wait for it.
  await pageBridgeScript('http');

  return {
    pageUrl: `${origin}/?token=${token}`,
    host,
    async close() {
      for (const end of [...closeStreams]) end();
      await host!.close();
    },
  };
}

/**
 * Serves the built renderer (out/renderer) on 127.0.0.1, with the same files and no extra headers, so the
 * page runs under exactly the CSP its index.html declares (the browser tests), unless the caller rewrites
 * the index page (the preview, which adds its bridge script). `intercept` answers a request first when it
 * wants to (the preview's token-checked bridge routes). Dev-only: never part of a packaged build.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  readonly url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** 0 (the default) for any free port. */
  readonly port?: number;
  /** Answers the request itself and returns true, or returns false to let the files be served. */
  readonly intercept?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>;
  /** Changes index.html as served. */
  readonly rewriteIndex?: (html: string) => string;
}

export async function serveDirectory(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = path.resolve(root);
  const index = path.join(base, 'index.html');
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (options.intercept && (await options.intercept(request, response, url))) return;
    const pathname = decodeURIComponent(url.pathname);
    const file = path.resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (request.method !== 'GET' || (file !== base && !file.startsWith(base + path.sep))) {
      response.writeHead(404).end();
      return;
    }
    const body = await readFile(file).catch(() => null);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    const served = file === index && options.rewriteIndex ? options.rewriteIndex(body.toString('utf8')) : body;
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(served);
  }
  const server: Server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

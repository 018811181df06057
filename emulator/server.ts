import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { GatewayState, RequestContext } from './context';
import { answerWithFault, type FaultBook } from './faults';
import { failure, send } from './http-reply';
import type { Journal } from './journal';
import { matchRoute } from './routes';

/** HTTPS front door: reads each request whole, journals it, and hands it to its route (or a fault). */

/** Gateway requests are tiny; a cap keeps a misbehaving client from filling memory. */
const MAX_REQUEST_BYTES = 64 * 1024;

export interface GatewayServer {
  server: Server;
  /** Stops listening and cuts every open connection, hung ones included. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, state: GatewayState, journal: Journal, faults: FaultBook): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://emulator.invalid');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  journal.record(method, url.pathname, url.searchParams, req.headers, body ?? '');
  if (body === null) {
    send(res, failure('000-006', 'request body too large', 413));
    return;
  }
  const match = matchRoute(method, url.pathname);
  if (match.kind === 'not-found') {
    send(res, { status: 404, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'Not Found' });
    return;
  }
  if (match.kind === 'wrong-method') {
    // §0: each interface accepts one method. HTTP 405 with a JSON 000-002 body [inferred].
    const reply = failure('000-002', `method ${method} is not accepted here; use ${match.allowed.join(', ')}`, 405);
    send(res, { ...reply, headers: { ...reply.headers, Allow: match.allowed.join(', ') } });
    return;
  }
  let closed = false;
  const closeListeners: Array<() => void> = [];
  res.on('close', () => {
    closed = true;
    for (const listener of closeListeners.splice(0)) listener();
  });
  const ctx: RequestContext = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    agentId: match.agentId,
    isClosed: () => closed || res.writableEnded,
    onClose: (listener) => (closed ? listener() : closeListeners.push(listener)),
  };
  const produce = async () => match.route.handle(state, ctx);
  const fault = faults.take(match.route.name);
  if (fault) await answerWithFault(res, fault, produce);
  else send(res, await produce());
}

export function startServer(
  tls: { key: string; cert: string },
  host: string,
  port: number,
  parts: { state: GatewayState; journal: Journal; faults: FaultBook },
  keepAliveTimeoutMs = 65_000,
): Promise<GatewayServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res, parts.state, parts.journal, parts.faults).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, failure('100-007', `emulator error: ${error instanceof Error ? error.message : String(error)}`, 500));
    });
  });
  // Node's default keep-alive (5 s) is shorter than the 10 s long-poll hold, so spare sockets would
  // go cold during every hold. Gateways behind Tomcat/NSLB keep idle connections for about a minute
  // [inferred]; mirror that so a client's warm-connection behaviour is tested as it will run.
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = Math.max(66_000, keepAliveTimeoutMs + 1000);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

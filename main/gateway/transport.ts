import type { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Failure } from '../../app/failures';
import { commandExchange } from './command-exchange';
import type { GatewayAgent } from './gateway-agent';
import type { HttpMethod } from './routes';

export interface Exchange {
  readonly origin: URL;
  readonly agent: GatewayAgent;
  readonly http: HttpMethod;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** null = no body at all (Content-Length 0 on POST/PUT). */
  readonly body: string | null;
  readonly maxBodyBytes: number;
  /** The exchange ends as 'aborted' (reason 'timeout') this long after it starts, wherever it is. */
  readonly timeoutMs: number;
  /** The caller's cancel: aborting ends the exchange at once (reason 'cancelled'). */
  readonly signal: AbortSignal | undefined;
  /** A command an inspector waits on: it rides the command connection when one is open (command-connection.ts). */
  readonly command: boolean;
}

/** What one HTTP exchange produced. `error` is a raw Node error still to be classified. */
export type ExchangeResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly headersAt: number;
      readonly body: Buffer;
      readonly presented: X509Certificate | null;
    }
  | {
      readonly kind: 'failed';
      readonly headers: IncomingHttpHeaders | null;
      readonly headersAt: number | null;
      /** Either an already-typed failure (size cap) or a raw error to classify. */
      readonly failure: Failure | null;
      readonly error: unknown;
      readonly presented: X509Certificate | null;
      /** True when the handshake never completed, so no HTTP byte left this process. */
      readonly beforeSecureConnect: boolean;
    }
  | {
      readonly kind: 'aborted';
      readonly reason: AbortReason;
      readonly headers: IncomingHttpHeaders | null;
      readonly headersAt: number | null;
      readonly presented: X509Certificate | null;
    };

export type AbortReason = 'timeout' | 'cancelled';

/**
 * One request/response: a command on the command connection when one is open or opening,
 * anything else (and a command when there is none) on the agent's pool through node:https.
 */
export function exchange(x: Exchange): Promise<ExchangeResult> {
  if (x.command) {
    const connection = x.agent.commandConnectionFor(x.origin);
    const onCommandConnection = connection && commandExchange(x, connection);
    if (onCommandConnection) return onCommandConnection;
  }
  return pooledExchange(x);
}

/**
 * One request/response over the gateway's keep-alive agent. Reads the whole body
 * (so the socket can be reused), refuses bodies over the cap as soon as the cap is
 * crossed, and never outlives `timeoutMs` or the caller's `signal`.
 *
 * The deadline is one plain timer, and the caller's signal is listened to only when there is
 * one: an AbortController per call (plus its EventTarget listener) cost tens of µs on the
 * stop path, which on a warm connection is a sizeable share of the whole request.
 */
function pooledExchange(x: Exchange): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let socket: Duplex | null = null;
    let secured = false;
    let headers: IncomingHttpHeaders | null = null;
    let headersAt: number | null = null;

    const headerLines: Record<string, string> = { ...x.headers };
    if (x.body !== null) headerLines['Content-Length'] = String(Buffer.byteLength(x.body));
    else if (x.http === 'POST' || x.http === 'PUT') headerLines['Content-Length'] = '0';

    const req = https.request({
      protocol: 'https:',
      hostname: x.origin.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: x.origin.port || 443,
      method: x.http,
      path: x.path,
      headers: headerLines,
      agent: x.agent,
    });

    const settle = (result: ExchangeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      x.signal?.removeEventListener('abort', onCancel);
      resolve(result);
    };
    // An error that follows our own destroy() after an abort finds the exchange already settled.
    const fail = (error: unknown, failure: Failure | null = null) => {
      settle({
        kind: 'failed',
        headers,
        headersAt,
        failure,
        error,
        presented: x.agent.presentedCertificate(socket),
        beforeSecureConnect: !secured,
      });
      req.destroy();
    };
    function abort(reason: AbortReason) {
      settle({ kind: 'aborted', reason, headers, headersAt, presented: x.agent.presentedCertificate(socket) });
      req.destroy();
    }
    function onCancel() {
      abort('cancelled');
    }
    const timer = setTimeout(abort, x.timeoutMs, 'timeout');

    req.on('socket', (s) => {
      socket = s;
      // A reused keep-alive socket is already verified; a new one reports when it is.
      if ((s as Duplex & { authorized?: boolean }).authorized) secured = true;
      else s.once('secureConnect', () => (secured = true));
    });
    req.on('error', (error) => fail(error));
    req.on('response', (res) => {
      headers = res.headers;
      headersAt = performance.now();
      const tooLarge = (): Failure => ({ kind: 'too-large', limitBytes: x.maxBodyBytes });
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > x.maxBodyBytes) return fail(null, tooLarge());

      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > x.maxBodyBytes) return fail(null, tooLarge());
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (!res.complete) return fail(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }));
        settle({
          kind: 'response',
          status: res.statusCode ?? 0,
          headers: res.headers,
          headersAt: headersAt ?? performance.now(),
          // A gateway answer is usually one chunk: use it as it is rather than copy it.
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
          presented: x.agent.presentedCertificate(socket),
        });
      });
      res.on('error', (error) => fail(error));
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('connection closed mid-response'), { code: 'ECONNRESET' }));
      });
    });

    if (x.signal?.aborted) return abort('cancelled');
    x.signal?.addEventListener('abort', onCancel, { once: true });
    req.end(x.body ?? undefined);
  });
}

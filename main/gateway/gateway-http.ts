import type { IncomingHttpHeaders } from 'node:http';
import { Client } from 'undici';
import { Dialer, type Lane } from './dialer';
import type { HttpMethod } from './routes';
import type { TlsTrust } from './trust';

/**
 * Idle limit of a kept connection when the gateway sends no Keep-Alive hint; undici lowers it
 * to the hint (less a second) when there is one, so a request is never written into a
 * connection the gateway is closing at that moment.
 */
const KEEP_ALIVE_MS = 30_000;
const KEEP_ALIVE_MARGIN_MS = 1_000;

/** One HTTP request the gateway client wants answered. */
export interface Request {
  readonly http: HttpMethod;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** null = no body (undici sends Content-Length: 0 on POST and PUT). */
  readonly body: string | null;
}

/** Where a request goes: the commands' dispatcher, the event poll's own connection, or a connection opened for it alone. */
export type Route = 'command' | 'poll' | 'fresh';

/** What one request produced. `error` is undici's or Node's, still to be classified (transport-failure.ts). */
export type ExchangeResult =
  | { readonly kind: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly headersAt: number; readonly body: Buffer }
  | { readonly kind: 'failed'; readonly error: unknown; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null }
  | { readonly kind: 'aborted'; readonly reason: AbortReason; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null };

export type AbortReason = 'timeout' | 'cancelled' | 'abandoned';

/** Ends an exchange: its deadline, the caller's cancel, or the hedge abandoning the loser. The first reason stands. */
export interface ExchangeControl {
  readonly signal: AbortSignal;
  abort(reason: AbortReason): void;
}

/**
 * Every gateway connection of one client, all through undici (Node's HTTP/1.1 client and its
 * llhttp parser): one kept connection for the calls an inspector waits on, one for the event
 * long-poll (held up to ~10 s, protocol §3) so a stop never queues behind it, and a connection
 * of its own for a hedge, a retry, or a command that would otherwise queue behind another
 * (a hung start never holds up a stop). Every connection is dialed by the Dialer.
 */
export class GatewayHttp {
  readonly dialer: Dialer;
  private readonly commands: Client;
  private readonly polls: Client;
  private readonly options: Client.Options;

  constructor(
    private readonly origin: URL,
    trust: TlsTrust,
    readonly maxBodyBytes: number,
    connectTimeoutMs: number,
    onHandshake?: () => void,
  ) {
    this.dialer = new Dialer(origin, trust, connectTimeoutMs, onHandshake);
    this.options = {
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
      maxResponseSize: maxBodyBytes,
      pipelining: 1,
    };
    this.commands = new Client(origin, { ...this.options, connect: this.dialer.connector('command') });
    this.polls = new Client(origin, { ...this.options, connect: this.dialer.connector('other') });
  }

  /**
   * Sends one request and reads the whole answer under the size cap. Never throws; ends at the
   * deadline (`timeoutMs`) or when `control` is aborted, whichever comes first.
   * `onHeaders` is told the moment the status line and headers are in.
   */
  async exchange(route: Route, request: Request, timeoutMs: number, control: ExchangeControl, onHeaders?: () => void): Promise<ExchangeResult> {
    const timer = setTimeout(() => control.abort('timeout'), timeoutMs);
    let headers: IncomingHttpHeaders | null = null;
    let headersAt: number | null = null;
    const ownConnection = route === 'fresh' || (route === 'command' && this.commands.stats.size > 0);
    const dispatcher = ownConnection ? this.freshClient(route === 'fresh' ? 'other' : 'command') : route === 'poll' ? this.polls : this.commands;
    try {
      const answer = await dispatcher.request({
        method: request.http,
        path: request.path,
        headers: request.headers,
        body: request.body,
        signal: control.signal,
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
      });
      headers = answer.headers;
      headersAt = performance.now();
      onHeaders?.();
      this.learnKeepAlive(answer.headers);
      const body = Buffer.from(await answer.body.arrayBuffer());
      return { kind: 'response', status: answer.statusCode, headers: answer.headers, headersAt, body };
    } catch (error) {
      if (control.signal.aborted) return { kind: 'aborted', reason: control.signal.reason as AbortReason, headers, headersAt };
      return { kind: 'failed', error, headers, headersAt };
    } finally {
      clearTimeout(timer);
      if (ownConnection) void dispatcher.destroy().catch(() => undefined);
    }
  }

  /** Drops every connection; later exchanges fail at once. */
  close(): void {
    this.dialer.close();
    void this.commands.destroy().catch(() => undefined);
    void this.polls.destroy().catch(() => undefined);
  }

  /**
   * A one-request client on a connection of its own. A hedge or a retry never takes the spare
   * (it may be as stale as the connection it replaces); a command that would queue may.
   */
  private freshClient(lane: Lane): Client {
    return new Client(this.origin, { ...this.options, connect: this.dialer.connector(lane) });
  }

  private learnKeepAlive(headers: IncomingHttpHeaders): void {
    const hint = headers['keep-alive'];
    const match = typeof hint === 'string' ? /(?:^|[\s,])timeout=(\d{1,6})/i.exec(hint) : null;
    if (match) this.dialer.learnKeepAlive(Number(match[1]));
  }
}

/**
 * An ExchangeControl that the caller's own signal, if any, aborts as 'cancelled'. `release()`
 * unhooks it from that signal once the exchange is over: a session's signal outlives many calls.
 */
export function exchangeControl(callerSignal?: AbortSignal): ExchangeControl & { release(): void } {
  const controller = new AbortController();
  const abort = (reason: AbortReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCallerAbort = () => abort('cancelled');
  if (callerSignal?.aborted) abort('cancelled');
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return { signal: controller.signal, abort, release: () => callerSignal?.removeEventListener('abort', onCallerAbort) };
}

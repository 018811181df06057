import type { IncomingHttpHeaders } from 'node:http';
import { Client } from 'undici';
import type { Failure } from '../../app/failures';
import { Dialer, type Lane } from './dialer';
import { RoundTrips } from './hedge';
import type { HttpMethod } from './routes';
import { errorCode, failureFromError } from './transport-failure';
import { UNTRUSTED_CHAIN_CODES, type TlsTrust } from '../platform/trust';

/**
 * Idle limit of a kept connection when the gateway sends no Keep-Alive hint; undici lowers it
 * to the hint (less a second) when there is one, so a request is never written into a
 * connection the gateway is closing at that moment.
 */
const KEEP_ALIVE_MS = 30_000;
const KEEP_ALIVE_MARGIN_MS = 1_000;

export type { Lane } from './dialer';

/** Which request of one action this is (docs/reliability.md, "Every request of an action"). */
export type Role = 'first' | 'retry' | 'hedge' | 'confirm';

/** One HTTP request the gateway client wants answered. */
export interface Request {
  readonly http: HttpMethod;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** null = no body (undici sends Content-Length: 0 on POST and PUT). */
  readonly body: string | null;
}

/** The gateway's answer to one request, whole. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly headersAt: number;
  readonly body: Buffer;
}

/** What one request produced. `error` is undici's or Node's, still to be classified (transport-failure.ts). */
type ExchangeResult =
  | ({ readonly kind: 'response' } & Answer)
  | { readonly kind: 'failed'; readonly error: unknown; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null; readonly status?: number }
  | { readonly kind: 'aborted'; readonly reason: AbortReason; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null };

type AbortReason = 'timeout' | 'cancelled' | 'abandoned';

/** How one action is delivered: which connection, its one absolute deadline, and what may be sent again. */
export interface Delivery {
  readonly request: Request;
  /** Hedges, retries and confirmations choose their own lane. */
  readonly lane: Extract<Lane, 'command' | 'poll'>;
  /** The action's deadline, from now: every request of it (first, retry, hedge, confirm) ends by then. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * Hedged after this much silence on top of the measured hedge delay (0 for commands, the
   * poll's hold for polls); absent = never hedged (start, switch to whisper or insert, sign-in…).
   */
  readonly hedgeAfterMs?: number;
  /**
   * Only for commands that ask for an end state (stop, cancel listen/insert, back-to-listen):
   * whether an answer means "already in that state" (900-004/900-005). Such a command may be
   * sent again after a cut or a missing answer, and such an answer is the action's failure only
   * when no other request of the action could have done it (docs/reliability.md).
   */
  readonly alreadyEnded?: (answer: Answer) => boolean;
}

/** Every request an action sent, how it ended, in the order sent. */
export interface Sent {
  readonly role: Role;
  readonly ended: 'answered' | 'failed' | 'abandoned' | 'timeout' | 'cancelled';
}

/** What reached the client: the gateway's answer, or why there is none (already typed). */
export type Delivered = (
  | ({ readonly kind: 'response' } & Answer)
  | { readonly kind: 'failed'; readonly failure: Failure; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null; readonly error: unknown }
) & {
  /** Which request's result this is. */
  readonly decidedBy: Role;
  readonly sent: readonly Sent[];
  /** Another request of the action may have reached the gateway and done it (its answer is unknown). */
  readonly othersMayHaveActed: boolean;
};

interface Attempt {
  readonly role: Role;
  /** Sent on a connection opened for it (no kept one): its time includes a handshake. */
  ownConnection: boolean;
  readonly started: number;
  readonly controller: AbortController;
  headersAt: number | null;
  result: ExchangeResult | null;
  settledAt: number;
}

/**
 * Every gateway connection of one client, all through undici (Node's HTTP/1.1 client and its
 * llhttp parser): one kept connection for the calls an inspector waits on, one for the event
 * long-poll (held up to ~10 s, protocol §3) so a stop never queues behind it, a warm standby
 * for hedges, and a connection of its own for a retry, a confirmation, or a command that would
 * otherwise queue behind another (a hung start never holds up a stop). Every connection is
 * dialed by the Dialer.
 */
export class GatewayHttp {
  readonly dialer: Dialer;
  readonly roundTrips = new RoundTrips();
  private readonly commands: Client;
  private readonly polls: Client;
  private readonly options: Client.Options;

  constructor(
    private readonly origin: URL,
    private readonly trust: TlsTrust,
    readonly maxBodyBytes: number,
    connectTimeoutMs: number,
    onHandshake?: () => void,
  ) {
    this.dialer = new Dialer(origin, trust, connectTimeoutMs, maxBodyBytes, onHandshake);
    this.options = {
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
      maxResponseSize: maxBodyBytes,
      pipelining: 1,
    };
    this.commands = new Client(origin, { ...this.options, connect: this.dialer.connector('command') });
    this.polls = new Client(origin, { ...this.options, connect: this.dialer.connector('poll') });
  }

  /**
   * Delivers one action within one absolute deadline, and recovers what can be recovered
   * (docs/reliability.md, "Every request of an action"):
   * - hedged (when the delivery allows it) after silence, on the warm standby or a fresh connection;
   * - sent again on a new connection when the connection it went on was closed before the
   *   gateway could have read it and no answer byte came (the keep-alive race), for any command;
   * - for a command asking for an end state, confirmed once on a new connection after a cut or
   *   a missing answer, and every request of it awaited before its "already ended" is a failure;
   * - once more when the first handshake met the pinned certificate under an unknown CA (trust.ts).
   * Never throws; nothing of it settles after the deadline.
   */
  async deliver(d: Delivery): Promise<Delivered> {
    const started = performance.now();
    const deadline = started + d.timeoutMs;
    const attempts: Attempt[] = [];
    let notify: (() => void) | null = null;
    let dirty = false;
    const wake = () => {
      dirty = true;
      notify?.();
    };
    const onCallerAbort = () => attempts.forEach((a) => abort(a, 'cancelled'));
    d.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const deadlineTimer = setTimeout(() => attempts.forEach((a) => abort(a, 'timeout')), d.timeoutMs);
    const hedgeDelay = d.hedgeAfterMs === undefined ? null : d.hedgeAfterMs + this.roundTrips.hedgeDelayMs(d.timeoutMs - d.hedgeAfterMs);
    const hedgeTimer =
      hedgeDelay === null || hedgeDelay >= d.timeoutMs
        ? null
        : setTimeout(() => {
            // Only after silence: any answer byte (headers) on any request of the action stops it.
            if (attempts.some((a) => a.headersAt !== null || (a.result !== null && a.result.kind !== 'failed'))) return;
            this.roundTrips.hedgesSent += 1;
            void this.exchange(attempts, 'hedge', d.lane === 'poll' ? 'fresh' : 'standby', d, deadline, wake);
          }, hedgeDelay);
    void this.exchange(attempts, 'first', d.lane, d, deadline, wake);
    if (d.signal?.aborted) onCallerAbort();
    try {
      for (;;) {
        if (!dirty) await new Promise<void>((resolve) => (notify = resolve));
        dirty = false;
        notify = null;
        const decision = this.decide(attempts, d, deadline, wake);
        if (decision) {
          if (decision.decidedBy === 'hedge' && decision.kind === 'response') this.roundTrips.hedgesWon += 1;
          return decision;
        }
      }
    } finally {
      clearTimeout(deadlineTimer);
      if (hedgeTimer) clearTimeout(hedgeTimer);
      d.signal?.removeEventListener('abort', onCallerAbort);
      for (const a of attempts) abort(a, 'abandoned');
    }
  }

  /** Drops every connection; later exchanges fail at once. */
  close(): void {
    this.dialer.close();
    void this.commands.destroy().catch(() => undefined);
    void this.polls.destroy().catch(() => undefined);
  }

  /**
   * The action's result once it is known, after sending what must still be sent; null while a
   * request that may still decide it is in flight.
   */
  private decide(attempts: Attempt[], d: Delivery, deadline: number, wake: () => void): Delivered | null {
    const byArrival = attempts.filter((a) => a.result !== null).sort((x, y) => x.settledAt - y.settledAt);
    const inFlight = attempts.filter((a) => a.result === null);
    const answered = byArrival.filter((a) => a.result?.kind === 'response');
    const ended = (a: Attempt) => a.result?.kind === 'response' && d.alreadyEnded?.(a.result) === true;
    // Any answer but "already ended" decides at once.
    const decisive = answered.find((a) => !ended(a));
    if (decisive) return this.result(decisive, attempts, d);
    // "Already ended" decides unless a request sent after it is still out: that one may have got
    // there first and done it, and its answer decides.
    const settled = answered.find((a) => !inFlight.some((o) => o.started > a.started));
    if (settled) return this.result(settled, attempts, d);
    if (inFlight.length > 0) return null;

    // Every request failed: resend what may be resent, within the deadline.
    const last = attempts[attempts.length - 1]!;
    const remaining = deadline - performance.now();
    // Nothing is resent once the caller has cancelled, once the deadline has ended a request (the
    // timer may fire a millisecond before the clock says so), or when a retry or confirmation was already sent.
    const sentAgain =
      d.signal?.aborted === true ||
      attempts.some((a) => a.role === 'retry' || a.role === 'confirm' || (a.result?.kind === 'aborted' && a.result.reason === 'timeout'));
    if (!sentAgain && remaining > 0 && last.result?.kind === 'failed') {
      const error = last.result.error;
      const code = errorCode(error);
      const presented = this.dialer.presentedFor(error);
      if (presented && UNTRUSTED_CHAIN_CODES.has(code) && this.trust.adoptPinnedCertificate(presented)) {
        void this.exchange(attempts, 'retry', d.lane, d, deadline, wake);
        return null;
      }
      if (last.result.headers === null && this.dialer.closedBeforeRead(error, this.roundTrips.quickestMs, last.started)) {
        void this.exchange(attempts, 'retry', 'fresh', d, deadline, wake);
        return null;
      }
    }
    if (!sentAgain && remaining > 0 && d.alreadyEnded && attempts.some((a) => mayHaveActed(a))) {
      void this.exchange(attempts, 'confirm', 'fresh', d, deadline, wake);
      return null;
    }
    // The first request's failure says most, unless it was a closed connection retried.
    const retry = attempts.find((a) => a.role === 'retry');
    return this.result(retry ?? attempts.find((a) => a.role === 'first')!, attempts, d);
  }

  private result(decider: Attempt, attempts: Attempt[], d: Delivery): Delivered {
    const others = attempts.filter((a) => a !== decider);
    const common = {
      decidedBy: decider.role,
      sent: attempts.map((a) => ({ role: a.role, ended: ended(a, decider) })),
      othersMayHaveActed: others.some((a) => mayHaveActed(a)),
    };
    const r = decider.result!;
    if (r.kind === 'response') {
      // First requests on the kept connection only: a retry, a confirmation or a dial of its own carries a handshake.
      if (d.lane === 'command' && decider.role === 'first' && !decider.ownConnection) this.roundTrips.add(r.headersAt - decider.started, d.alreadyEnded !== undefined);
      return { ...r, ...common };
    }
    if (r.kind === 'aborted') {
      // A caller's own cancel (e.g. a poll stopped at sign-out) is not the gateway's fault.
      const failure: Failure = r.reason === 'cancelled' ? { kind: 'network', code: 'ABORT_ERR' } : { kind: 'timeout', timeoutMs: d.timeoutMs };
      return { kind: 'failed', failure, headers: r.headers, headersAt: r.headersAt, error: null, ...common };
    }
    return { kind: 'failed', failure: this.failureOf(r, d.timeoutMs), headers: r.headers, headersAt: r.headersAt, error: r.error, ...common };
  }

  private failureOf(r: Extract<ExchangeResult, { kind: 'failed' }>, timeoutMs: number): Failure {
    const code = errorCode(r.error);
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return { kind: 'too-large', limitBytes: this.maxBodyBytes };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'timeout', timeoutMs };
    return failureFromError(r.error, {
      host: this.origin.hostname,
      presented: this.dialer.presentedFor(r.error),
      pinned: this.trust.pinSha256 !== null,
      headersSeen: r.headers !== null,
      status: r.status ?? null,
    });
  }

  /**
   * Sends one request of an action and reads the whole answer under the size cap. Never throws;
   * settles by the action's deadline, or at once when the action aborts it, even while undici is
   * still dialing (undici itself settles an aborted request only when its dial ends).
   */
  private async exchange(attempts: Attempt[], role: Role, lane: Lane, d: Delivery, deadline: number, settled: () => void): Promise<void> {
    const controller = new AbortController();
    const attempt: Attempt = { role, ownConnection: false, started: performance.now(), controller, headersAt: null, result: null, settledAt: 0 };
    attempts.push(attempt);
    const timeoutMs = Math.max(0, deadline - attempt.started);
    let headers: IncomingHttpHeaders | null = null;
    let status: number | undefined;
    const ownConnection = lane === 'fresh' || lane === 'standby' || (lane === 'command' && this.commands.stats.size > 0);
    attempt.ownConnection = ownConnection;
    const dispatcher = ownConnection ? new Client(this.origin, { ...this.options, connect: this.dialer.connector(lane, deadline) }) : lane === 'poll' ? this.polls : this.commands;
    const aborted = new Promise<ExchangeResult>((resolve) => {
      const onAbort = () => resolve({ kind: 'aborted', reason: controller.signal.reason as AbortReason, headers, headersAt: attempt.headersAt });
      if (controller.signal.aborted) onAbort();
      else controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    const answered = (async (): Promise<ExchangeResult> => {
      try {
        const answer = await dispatcher.request({
          method: d.request.http,
          path: d.request.path,
          headers: d.request.headers,
          body: d.request.body,
          signal: controller.signal,
          headersTimeout: timeoutMs + 1000,
          bodyTimeout: timeoutMs + 1000,
        });
        headers = answer.headers;
        status = answer.statusCode;
        attempt.headersAt = performance.now();
        this.learnKeepAlive(answer.headers);
        const body = Buffer.from(await answer.body.arrayBuffer());
        return { kind: 'response', status: answer.statusCode, headers: answer.headers, headersAt: attempt.headersAt, body };
      } catch (error) {
        if (controller.signal.aborted) return { kind: 'aborted', reason: controller.signal.reason as AbortReason, headers, headersAt: attempt.headersAt };
        return { kind: 'failed', error, headers, headersAt: attempt.headersAt, ...(status !== undefined && { status }) };
      }
    })();
    attempt.result = await Promise.race([answered, aborted]);
    attempt.settledAt = performance.now();
    if (ownConnection) void dispatcher.destroy().catch(() => undefined);
    if (lane === 'standby') this.dialer.standbyUsed();
    settled();
  }

  private learnKeepAlive(headers: IncomingHttpHeaders): void {
    const hint = headers['keep-alive'];
    const match = typeof hint === 'string' ? /(?:^|[\s,])timeout=(\d{1,6})/i.exec(hint) : null;
    if (match) this.dialer.learnKeepAlive(Number(match[1]));
  }
}

function abort(a: Attempt, reason: AbortReason): void {
  if (a.result === null && !a.controller.signal.aborted) a.controller.abort(reason);
}

/** Codes of a request that never left: no connection was made, or its certificate was refused. */
const NEVER_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_SSL_)/;

/** Whether the gateway may have read and carried out this request although its answer is unknown. */
function mayHaveActed(a: Attempt): boolean {
  const r = a.result;
  if (r === null || r.kind === 'aborted') return true;
  if (r.kind === 'response') return false;
  return !NEVER_SENT.test(errorCode(r.error));
}

function ended(a: Attempt, decider: Attempt): Sent['ended'] {
  const r = a.result;
  if (r === null) return 'abandoned';
  if (r.kind === 'response') return 'answered';
  if (r.kind === 'aborted') return r.reason === 'abandoned' && a !== decider ? 'abandoned' : r.reason;
  return 'failed';
}

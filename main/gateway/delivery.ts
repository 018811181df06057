import type { IncomingHttpHeaders } from 'node:http';
import type { Failure } from '../../app/failures';
import { exchangeControl, type ExchangeResult, type GatewayHttp, type Request } from './gateway-http';
import { race, type RoundTrips } from './hedge';
import { errorCode, failureFromError } from './transport-failure';
import { UNTRUSTED_CHAIN_CODES, type TlsTrust } from './trust';

/** How one call is delivered: which connection, how long, and whether it may be hedged. */
export interface Delivery {
  readonly lane: 'command' | 'poll';
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /**
   * Hedged after this much silence on top of the measured hedge delay (0 for commands, the
   * poll's hold for polls); absent = never hedged (start, switch to whisper or insert, sign-in…).
   */
  readonly hedgeAfterMs?: number;
}

/** What reached the client: the gateway's answer, or why there is none (already typed). */
export type Delivered =
  | { readonly kind: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly headersAt: number; readonly body: Buffer; readonly fromHedge: boolean; readonly retried: boolean }
  | { readonly kind: 'failed'; readonly failure: Failure; readonly headers: IncomingHttpHeaders | null; readonly headersAt: number | null; readonly error: unknown; readonly retried: boolean };

/** A refusal a closed connection explains: the gateway never answered, and a new connection may fare better. */
const CLOSED_BEFORE_ANSWER = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Sends one request and recovers what can be recovered, within one deadline:
 * - hedged (when the delivery allows it) after silence, on a fresh connection (hedge.ts);
 * - once more on a new connection when the kept connection it went on was closed or reset
 *   before any answer: the gateway closed an idle connection (keep-alive limit, restart) as the
 *   request went out, so it never read it [inferred from HTTP/1.1 keep-alive; see docs/reliability.md];
 * - once more when the first handshake met the pinned certificate under an unknown CA (trust.ts).
 */
export async function deliver(http: GatewayHttp, trust: TlsTrust, roundTrips: RoundTrips, request: Request, d: Delivery, host: string): Promise<Delivered> {
  const controls: Array<ReturnType<typeof exchangeControl>> = [];
  const control = () => {
    const made = exchangeControl(d.signal);
    controls.push(made);
    return made;
  };
  try {
    return await deliverWith(control, http, trust, roundTrips, request, d, host);
  } finally {
    for (const made of controls) made.release();
  }
}

type NewControl = () => ReturnType<typeof exchangeControl>;

async function deliverWith(control: NewControl, http: GatewayHttp, trust: TlsTrust, roundTrips: RoundTrips, request: Request, d: Delivery, host: string): Promise<Delivered> {
  const deadline = performance.now() + d.timeoutMs;
  const remaining = () => Math.max(0, deadline - performance.now());
  const attemptStarted = performance.now();
  let { result, fromHedge } = await firstAttempt(control, http, roundTrips, request, d);
  if (result.kind === 'response' && !fromHedge && d.lane === 'command') roundTrips.add(result.headersAt - attemptStarted);

  let retried = false;
  if (result.kind === 'failed' && result.headers === null) {
    const code = errorCode(result.error);
    const presented = http.dialer.presentedFor(result.error);
    if (CLOSED_BEFORE_ANSWER.has(code) && http.dialer.wasKeptBefore(result.error, attemptStarted)) {
      retried = true;
      result = await http.exchange('fresh', request, remaining(), control());
    } else if (presented && UNTRUSTED_CHAIN_CODES.has(code) && trust.adoptPinnedCertificate(presented)) {
      result = await http.exchange(d.lane, request, remaining(), control());
    }
  }
  return { ...classify(result, fromHedge, d.timeoutMs, { http, trust, host }), retried };
}

async function firstAttempt(control: NewControl, http: GatewayHttp, roundTrips: RoundTrips, request: Request, d: Delivery): Promise<{ result: ExchangeResult; fromHedge: boolean }> {
  const primaryControl = control();
  const hedgeDelay = d.hedgeAfterMs === undefined ? null : d.hedgeAfterMs + roundTrips.hedgeDelayMs(d.timeoutMs - d.hedgeAfterMs);
  if (hedgeDelay === null || hedgeDelay >= d.timeoutMs) {
    return { result: await http.exchange(d.lane, request, d.timeoutMs, primaryControl), fromHedge: false };
  }
  const started = performance.now();
  let hedgeControl: ReturnType<NewControl> | null = null;
  const raced = await race<ExchangeResult>({
    primary: (answering) => http.exchange(d.lane, request, d.timeoutMs, primaryControl, answering),
    hedge: () => {
      hedgeControl = control();
      return http.exchange('fresh', request, Math.max(0, started + d.timeoutMs - performance.now()), hedgeControl);
    },
    delayMs: hedgeDelay,
    answered: (r) => r.kind === 'response',
    abandonPrimary: () => primaryControl.abort('abandoned'),
    abandonHedge: () => hedgeControl?.abort('abandoned'),
  });
  return { result: raced.result, fromHedge: raced.from === 'hedge' };
}

type Classified = Delivered extends infer D ? (D extends Delivered ? Omit<D, 'retried'> : never) : never;

function classify(result: ExchangeResult, fromHedge: boolean, timeoutMs: number, c: { http: GatewayHttp; trust: TlsTrust; host: string }): Classified {
  if (result.kind === 'response') return { ...result, fromHedge };
  if (result.kind === 'aborted') {
    // A caller's own cancel (e.g. a poll stopped at sign-out) is not the gateway's fault.
    const failure: Failure = result.reason === 'cancelled' ? { kind: 'network', code: 'ABORT_ERR' } : { kind: 'timeout', timeoutMs };
    return { kind: 'failed', failure, headers: result.headers, headersAt: result.headersAt, error: null };
  }
  const code = errorCode(result.error);
  const failure: Failure =
    code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE'
      ? { kind: 'too-large', limitBytes: c.http.maxBodyBytes }
      : code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? { kind: 'timeout', timeoutMs }
        : code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' && result.headers === null
          ? // undici's verdict when llhttp stops inside a head whose Content-Length it could not read.
            { kind: 'not-http', reason: 'the answer head is not valid HTTP/1.1 (Content-Length)' }
          : failureFromError(result.error, { host: c.host, presented: c.http.dialer.presentedFor(result.error), pinned: c.trust.pinSha256 !== null });
  return { kind: 'failed', failure, headers: result.headers, headersAt: result.headersAt, error: result.error };
}

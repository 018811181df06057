import { AGENT_ID_MIN, checkAgentId, type AgentIdField } from '../../app/agent-id';
import type { Failure } from '../../app/failures';
import type { GatewayMethod, WhisperMode } from '../../app/whisper';
import { SWITCH_TYPE } from '../../app/whisper';
import { nullLogger, type LogFields, type Logger } from '../log/logger';
import { GatewayConfigError, resolveOptions, type GatewayClientOptions, type ResolvedOptions } from './client-options';
import { readEnvelope, type Envelope } from './envelope';
import { GatewayAgent } from './gateway-agent';
import { readPolledEvent, type GatewayEvent } from './gateway-event';
import type { ConnectionTest, Outcome } from './outcome';
import { cancelListenOrInsertRoute, pollEventRoute, signInRoute, signOutRoute, startWhisperRoute, stopWhisperRoute, switchWhisperRoute, type Route } from './routes';
import { insertRoute, interceptRoute, listenRoute, rosterRoute } from './routes';
import { readRoster, type RosterRead } from './roster';
import { parseSetGuid } from './set-guid';
import { buildSignInBody, readSignInResult, type SignInBody, type SignInResult } from './sign-in';
import { certificateSubject, errorCode, failureFromError } from './transport-failure';
import { exchange, type Exchange, type ExchangeResult } from './transport';
import { TlsTrust, UNTRUSTED_CHAIN_CODES } from './trust';

/** The Guid itself, or a function returning the current one (null = not signed in). Read at send time, never stored. */
export type GuidSource = string | (() => string | null);

/** How long the gateway may hold a poll open when there is no event (protocol §3: ~10 s). */
const POLL_HOLD_MS = 10_000;
/** Visible ASCII only: anything else cannot be a header value and is not a Guid. */
const GUID_FORMAT = /^[\x21-\x7e]{1,512}$/;
const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Every ID field a call can carry, in the order they are validated (the first problem is reported). */
const ID_FIELDS: readonly AgentIdField[] = ['agentId', 'whisperAgentId'];

type Read<T> = (envelope: Envelope) => { ok: true; result: T } | { ok: false; failure: Failure };

interface Call<T> {
  readonly method: GatewayMethod | 'testConnection';
  /** Validated before anything is sent; logged by field name. */
  readonly ids: Readonly<Partial<Record<AgentIdField, string | undefined>>>;
  readonly optionalIds?: readonly AgentIdField[];
  readonly route: (ids: Readonly<Record<AgentIdField, string | undefined>>) => Route;
  /** null = the call carries no Guid (sign-in). */
  readonly guid: GuidSource | null;
  readonly body?: () => { ok: true; json: string } | { ok: false; failure: Failure };
  readonly read: Read<T>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly extraLog?: LogFields;
  /** Polls are frequent: they log at debug level only. */
  readonly quiet?: boolean;
  /** The inspector waits on it (the whisper family): it rides the command connection when one is open. */
  readonly command?: true;
}

const passResult: Read<unknown> = (envelope) => ({ ok: true, result: envelope.body.result ?? {} });

/** Shared, never mutated: a stop allocates neither its optional-ID list nor its empty body. */
const OPTIONAL_TARGET: readonly AgentIdField[] = ['whisperAgentId'];
const NO_BODY = { ok: true as const, json: null };

/**
 * The CC-Gateway client: the whisper family, sign-in/out and event polling over
 * one verified keep-alive HTTPS agent. Every call resolves to an Outcome; none
 * throws, none outlives its timeout, and none sends a byte before its inputs are valid.
 */
export class GatewayClient {
  private readonly options: ResolvedOptions;
  private readonly trust: TlsTrust;
  private readonly agent: GatewayAgent;
  private readonly logger: Logger;
  private closed = false;

  constructor(options: GatewayClientOptions) {
    this.options = resolveOptions(options);
    try {
      this.trust = new TlsTrust(this.options.caPem, this.options.pinSha256);
    } catch {
      throw new GatewayConfigError('caPem', 'The CA file could not be read as PEM certificates. Ask IT for the site CA certificate in PEM format.');
    }
    this.agent = new GatewayAgent(this.trust, () =>
      this.logger.warn('command connection given up: the gateway answered in a form the strict HTTP/1.1 codec refuses; commands go through node:https'),
    );
    this.logger = options.logger ?? nullLogger;
  }

  /** Completed TLS handshakes so far: lets tests and the bench prove connections are reused. */
  get handshakes(): number {
    return this.agent.handshakes;
  }

  /** Calls that rode the command connection: lets tests and the bench prove the stop did. */
  get commandConnectionRequests(): number {
    return this.agent.commandConnectionRequests;
  }

  stopWhisper(agentId: string, guid: GuidSource, whisperAgentId?: string, opts?: { signal?: AbortSignal }): Promise<Outcome> {
    return this.call({
      command: true,
      method: 'requestStopWhisperAgent',
      ids: { agentId, whisperAgentId },
      optionalIds: OPTIONAL_TARGET,
      route: (ids) => stopWhisperRoute(ids.agentId!, ids.whisperAgentId),
      guid,
      read: passResult,
      timeoutMs: this.options.timeoutMs,
      signal: opts?.signal,
    });
  }

  /**
   * Ends a listen or insert on workNo (§1.6, DELETE, no body). workNo is the target agent, so it is
   * validated and logged in the target's field, like the whisper calls' whisperagentid.
   */
  cancelListenOrInsert(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({
      command: true,
      method: 'stopSuperviseOrInsert',
      ids: { agentId, whisperAgentId: workNo },
      route: (ids) => cancelListenOrInsertRoute(ids.agentId!, ids.whisperAgentId!),
      guid,
      read: passResult,
      timeoutMs: this.options.timeoutMs,
      signal: undefined,
    });
  }

  startWhisper(agentId: string, guid: GuidSource, whisperAgentId: string): Promise<Outcome> {
    return this.call({
      command: true,
      method: 'requestWhisperAgent',
      ids: { agentId, whisperAgentId },
      route: (ids) => startWhisperRoute(ids.agentId!, ids.whisperAgentId!),
      guid,
      read: passResult,
      timeoutMs: this.options.timeoutMs,
      signal: undefined,
    });
  }

  switchWhisper(agentId: string, guid: GuidSource, mode: WhisperMode, whisperAgentId?: string): Promise<Outcome> {
    if (!Object.hasOwn(SWITCH_TYPE, mode)) {
      return Promise.resolve(
        this.refuse('requestSwitchInsertWhisperAgent', {
          kind: 'validation',
          field: 'mode',
          problem: 'invalid',
          message: 'Mode must be listen, insert or whisper.',
          zh: '模式只能是监听、插入或耳语。',
        }),
      );
    }
    return this.call({
      command: true,
      method: 'requestSwitchInsertWhisperAgent',
      ids: { agentId, whisperAgentId },
      optionalIds: OPTIONAL_TARGET,
      route: (ids) => switchWhisperRoute(ids.agentId!, mode, ids.whisperAgentId),
      guid,
      read: passResult,
      timeoutMs: this.options.timeoutMs,
      signal: undefined,
      extraLog: { mode, switchtype: SWITCH_TYPE[mode] },
    });
  }

  // ---- The inspector's console (protocol §1.4, §1.5, §1.8, §1.9): workNo is the target agent,
  // validated and logged in the target's field like the whisper calls' whisperagentid.

  /** §1.4 listen (addSupervise, PUT). */
  listen(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({ command: true, method: 'addSupervise', ids: { agentId, whisperAgentId: workNo }, route: (ids) => listenRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.5 insert / barge in (addInsert, PUT): the customer hears the inspector. */
  insert(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({ command: true, method: 'addInsert', ids: { agentId, whisperAgentId: workNo }, route: (ids) => insertRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.8 intercept (PUT): the customer moves to the inspector and the agent is released. */
  intercept(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({ command: true, method: 'intercept', ids: { agentId, whisperAgentId: workNo }, route: (ids) => interceptRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.9 roster (GET allagent): read by roster.ts; the inspector's own ID is left out. */
  roster(agentId: string, guid: GuidSource): Promise<Outcome<RosterRead>> {
    return this.call({ method: 'searchAllAgents', ids: { agentId }, route: (ids) => rosterRoute(ids.agentId!), guid, read: (envelope) => readRoster(envelope.body.result, agentId), timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  signIn(agentId: string, body: SignInBody, opts?: { force?: boolean }): Promise<Outcome<SignInResult>> {
    const force = opts?.force === true;
    return this.call({
      method: force ? 'forceLogin' : 'login',
      ids: { agentId },
      route: (ids) => signInRoute(ids.agentId!, force),
      guid: null,
      body: () => buildSignInBody(body),
      read: (envelope) => ({ ok: true, result: readSignInResult(envelope.body.result) }),
      timeoutMs: this.options.timeoutMs,
      signal: undefined,
    });
  }

  signOut(agentId: string, guid: GuidSource): Promise<Outcome> {
    return this.call({
      method: 'logout',
      ids: { agentId },
      route: (ids) => signOutRoute(ids.agentId!),
      guid,
      read: passResult,
      timeoutMs: this.options.timeoutMs,
      signal: undefined,
    });
  }

  /** Long-poll: by default waits the gateway's hold time plus the normal call timeout. */
  pollEvent(agentId: string, guid: GuidSource, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Outcome<GatewayEvent | null>> {
    return this.call({
      method: 'getAgentEvent',
      ids: { agentId },
      route: (ids) => pollEventRoute(ids.agentId!),
      guid,
      read: (envelope) => {
        const checked = readPolledEvent(envelope.body.event);
        return checked.ok ? { ok: true, result: checked.event } : checked;
      },
      timeoutMs: opts?.timeoutMs ?? POLL_HOLD_MS + this.options.timeoutMs,
      signal: opts?.signal,
      quiet: true,
    });
  }

  /**
   * Checks the gateway is reachable, its certificate is trusted, and it answers like a
   * CC-Gateway. It sends an event poll without a Guid, which a gateway refuses with a
   * retcode and no side effect; any well-formed CC-Gateway answer counts as success.
   */
  async testConnection(): Promise<ConnectionTest> {
    const started = performance.now();
    const result = await this.send(pollEventRoute(String(AGENT_ID_MIN)), { 'Content-Type': JSON_CONTENT_TYPE }, null, this.options.timeoutMs, undefined);
    const presented = result.presented;
    const certificate = presented ? { subject: certificateSubject(presented), fingerprint256: presented.fingerprint256 } : null;
    const failure = result.kind === 'response' ? envelopeFailure(result) : result.failure;
    const durationMs = Math.round(performance.now() - started);
    this.logger.info('testConnection', { outcome: failure ? failure.kind : 'ok', durationMs });
    return { ok: failure === null, certificate, failure, durationMs };
  }

  /**
   * Opens the command connection in the background (gateway-agent.ts), so the first urgent
   * call after sign-in (a stop while the event poll holds the pooled connection) pays no TLS
   * handshake. Sends no HTTP request; a no-op when it is already open or opening.
   * Fire-and-forget: never throws, a failure is logged at debug (the call that needs the
   * connection reports it properly).
   */
  prewarm(): void {
    if (this.closed) return;
    // Through a promise, so even a synchronous throw while dialing ends up in the log, not in the caller.
    Promise.resolve(this.options.origin).then((origin) => this.agent.prewarm(origin)).then(
      (outcome) => {
        if (outcome.kind === 'failed') this.logger.debug('prewarm', { outcome: 'failed', code: errorCode(outcome.error) });
        else this.logger.debug('prewarm', { outcome: outcome.kind, ...(outcome.kind === 'skipped' && { reason: outcome.reason }) });
      },
      (error: unknown) => this.logger.debug('prewarm', { outcome: 'failed', code: errorCode(error) }),
    );
  }

  /**
   * While on, the command connection is kept open: re-opened when it reaches its idle limit or
   * the gateway closes it, so a stop minutes into a whisper still finds a verified connection.
   * The session turns it on while the inspector whispers, listens or inserts.
   */
  keepCommandConnectionWarm(on: boolean): void {
    if (this.closed) return;
    try {
      this.agent.keepWarm(on ? this.options.origin : null);
    } catch (error) {
      this.logger.debug('keepCommandConnectionWarm', { outcome: 'failed', code: errorCode(error) });
    }
  }

  /** Drops every pooled connection and the command connection. Later calls fail without sending anything. */
  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private async call<T>(call: Call<T>): Promise<Outcome<T>> {
    const started = performance.now();
    const logIds: LogFields = {};
    const ids: Partial<Record<AgentIdField, string>> = {};
    // The two ID fields by name, in this order, rather than Object.entries: this runs on every stop.
    for (const field of ID_FIELDS) {
      if (!Object.hasOwn(call.ids, field)) continue;
      const value = call.ids[field];
      if (value === undefined && call.optionalIds?.includes(field)) continue;
      const check = checkAgentId(field, value, this.options.agentIdUpperBound);
      if (!check.ok) {
        const failure: Failure = { kind: 'validation', field: check.field, problem: check.problem, message: check.message, zh: check.messageZh };
        return this.refuse(call.method, failure, logIds, started, call.quiet);
      }
      ids[field] = check.value;
      logIds[field] = check.value;
    }
    if (call.extraLog) Object.assign(logIds, call.extraLog);

    const body = call.body ? call.body() : NO_BODY;
    if (!body.ok) return this.refuse(call.method, body.failure, logIds, started, call.quiet);

    const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE };
    if (call.guid !== null) {
      const guid = readGuid(call.guid);
      if (!guid.ok) return this.refuse(call.method, guid.failure, logIds, started, call.quiet);
      headers.Guid = guid.value;
    }

    const route = call.route({ agentId: ids.agentId, whisperAgentId: ids.whisperAgentId });
    // The exchange is awaited here rather than through send(): one async layer (a promise and a
    // microtask turn) less between the response and the outcome; send() only adds the rare retry.
    const deadline = performance.now() + call.timeoutMs;
    const exchangeOf = this.exchangeOf(route, headers, body.json, call.timeoutMs, call.signal, call.command === true);
    const first = exchangeOf === null ? null : await exchange(exchangeOf);
    const result = first?.kind === 'response' ? first : await this.sendAfter(exchangeOf, first, call.timeoutMs, deadline);
    const rawSetGuid = result.headers ? result.headers['set-guid'] : undefined;
    const setGuid = rawSetGuid === undefined ? null : parseSetGuid(rawSetGuid);
    if (rawSetGuid !== undefined && setGuid === null) {
      // The header's value is never logged: it may be a Guid in a form this check does not know.
      this.logger.warn('Set-GUID header malformed (not a JSESSIONID assignment); ignored', { method: call.method });
    }
    const headersAt = result.headersAt ?? performance.now();
    const durationMs = Math.round(performance.now() - started);

    // Each outcome is one object literal (no timing object spread into it): this runs on every stop.
    let outcome: Outcome<T>;
    if (result.kind !== 'response') {
      outcome = { ok: false, failure: result.failure, setGuid, headersAt, durationMs };
    } else {
      const checked = readEnvelope(result.status, result.headers, result.body);
      if (!checked.ok) outcome = { ok: false, failure: checked.failure, setGuid, headersAt, durationMs };
      else if (checked.envelope.retcode !== '0') {
        outcome = { ok: false, failure: { kind: 'retcode', retcode: checked.envelope.retcode, gatewayMessage: checked.envelope.message }, setGuid, headersAt, durationMs };
      } else {
        const read = call.read(checked.envelope);
        outcome = read.ok
          ? { ok: true, retcode: '0', message: checked.envelope.message, result: read.result, setGuid, headersAt, durationMs }
          : { ok: false, failure: read.failure, setGuid, headersAt, durationMs };
      }
    }
    if (result.kind === 'response') logIds.status = result.status;
    this.log(call.method, outcome, logIds, call.quiet === true);
    return outcome;
  }

  /**
   * Sends once, or twice when the first handshake met the pinned certificate under an
   * unknown CA (see trust.ts: the retry is fully verified, and the first attempt sent no HTTP bytes).
   * The timeout covers both attempts and the whole body.
   */
  private async send(route: Route, headers: Record<string, string>, body: string | null, timeoutMs: number, signal: AbortSignal | undefined): Promise<SendResult> {
    const deadline = performance.now() + timeoutMs;
    const exchangeOf = this.exchangeOf(route, headers, body, timeoutMs, signal, false);
    return this.sendAfter(exchangeOf, exchangeOf === null ? null : await exchange(exchangeOf), timeoutMs, deadline);
  }

  /** What one exchange needs, or null when the client is closed (nothing may be sent). */
  private exchangeOf(route: Route, headers: Record<string, string>, body: string | null, timeoutMs: number, signal: AbortSignal | undefined, command: boolean): Exchange | null {
    if (this.closed) return null;
    // No AbortController here: the exchange keeps the deadline with one timer (see transport.ts).
    return { origin: this.options.origin, agent: this.agent, http: route.http, path: route.path, headers, body, maxBodyBytes: this.options.maxBodyBytes, timeoutMs, signal, command };
  }

  /** The first exchange's result (null: closed), after the pinned-certificate retry when that applies, classified. */
  private async sendAfter(exchangeOf: Exchange | null, first: ExchangeResult | null, timeoutMs: number, deadline: number): Promise<SendResult> {
    if (exchangeOf === null || first === null) return { kind: 'failed', headers: null, headersAt: null, failure: { kind: 'network', code: 'CLIENT_CLOSED' }, presented: null };
    let result = first;
    if (this.shouldRetryWithPinnedCertificate(result)) {
      // The retry gets what is left of the same deadline.
      result = await exchange({ ...exchangeOf, timeoutMs: Math.max(0, deadline - performance.now()) });
    }
    return this.classify(result, timeoutMs);
  }

  private shouldRetryWithPinnedCertificate(result: ExchangeResult): boolean {
    return (
      result.kind === 'failed' &&
      result.beforeSecureConnect &&
      result.presented !== null &&
      UNTRUSTED_CHAIN_CODES.has(errorCode(result.error)) &&
      this.trust.adoptPinnedCertificate(result.presented)
    );
  }

  private classify(result: ExchangeResult, timeoutMs: number): SendResult {
    if (result.kind === 'response') return result;
    if (result.kind === 'aborted') {
      // A caller's own cancel (e.g. a poll stopped at sign-out) is not the gateway's fault.
      const failure: Failure = result.reason === 'timeout' ? { kind: 'timeout', timeoutMs } : { kind: 'network', code: 'ABORT_ERR' };
      return { kind: 'failed', headers: result.headers, headersAt: result.headersAt, failure, presented: result.presented };
    }
    const failure =
      result.failure ??
      failureFromError(result.error, { host: this.options.origin.hostname, presented: result.presented, pinned: this.trust.pinSha256 !== null });
    return { kind: 'failed', headers: result.headers, headersAt: result.headersAt, failure, presented: result.presented };
  }

  /** An outcome for a call refused before sending: nothing left this process. */
  private refuse<T>(method: Call<T>['method'], failure: Failure, logIds: LogFields = {}, started = performance.now(), quiet = false): Outcome<T> {
    const now = performance.now();
    const outcome: Outcome<T> = { ok: false, failure, setGuid: null, headersAt: now, durationMs: Math.round(now - started) };
    const reason = failure.kind === 'validation' ? { field: failure.field, problem: failure.problem } : {};
    this.log(method, outcome, { ...logIds, ...reason, sent: false }, quiet);
    return outcome;
  }

  /**
   * Method name, agent IDs, retcode or failure kind, duration. Never the Guid, the password or the body.
   * `line` is a fresh object of the caller's, completed in place: one object per logged call (stop path).
   */
  private log(method: Call<unknown>['method'], outcome: Outcome<unknown>, line: LogFields, quiet: boolean): void {
    if (outcome.ok) line.retcode = outcome.retcode;
    else {
      line.failure = outcome.failure.kind;
      if (outcome.failure.kind === 'retcode') line.retcode = outcome.failure.retcode;
    }
    line.durationMs = outcome.durationMs;
    if (quiet) this.logger.debug(method, line);
    else if (outcome.ok) this.logger.info(method, line);
    else this.logger.warn(method, line);
  }
}

type SendResult =
  | Extract<ExchangeResult, { kind: 'response' }>
  | { kind: 'failed'; headers: ExchangeResult['headers']; headersAt: number | null; failure: Failure; presented: ExchangeResult['presented'] };

/** null when the answer is a well-formed CC-Gateway result, whatever its retcode. */
function envelopeFailure(response: Extract<ExchangeResult, { kind: 'response' }>): Failure | null {
  const checked = readEnvelope(response.status, response.headers, response.body);
  return checked.ok ? null : checked.failure;
}

function readGuid(source: GuidSource): { ok: true; value: string } | { ok: false; failure: Failure } {
  let value: string | null;
  try {
    value = typeof source === 'function' ? source() : source;
  } catch {
    value = null;
  }
  if (value === null || value === undefined || value === '') return { ok: false, failure: { kind: 'not-signed-in' } };
  if (typeof value !== 'string' || !GUID_FORMAT.test(value)) {
    // The message must not quote the value: it is a credential.
    return {
      ok: false,
      failure: { kind: 'validation', field: 'guid', problem: 'invalid', message: 'The session credential is malformed. Sign in again.', zh: '会话凭据格式不正确，请重新签入。' },
    };
  }
  return { ok: true, value };
}

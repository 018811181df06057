import { AGENT_ID_MIN, checkAgentId, type AgentIdField } from '../../app/agent-id';
import type { Failure } from '../../app/failures';
import { validationText } from '../../app/i18n/validation';
import type { GatewayMethod, WhisperMode } from '../../app/whisper';
import { SWITCH_TYPE } from '../../app/whisper';
import { nullLogger, type LogFields, type Logger } from '../log/logger';
import { GatewayConfigError, resolveOptions, type GatewayClientOptions, type ResolvedOptions } from './client-options';
import { deliver, type Delivery } from './delivery';
import { readEnvelope, type Envelope } from './envelope';
import { GatewayHttp } from './gateway-http';
import { readPolledEvent, type GatewayEvent } from './gateway-event';
import { RoundTrips } from './hedge';
import type { ConnectionTest, Outcome } from './outcome';
import { cancelListenOrInsertRoute, pollEventRoute, signInRoute, signOutRoute, startWhisperRoute, stopWhisperRoute, switchWhisperRoute, type Route } from './routes';
import { insertRoute, interceptRoute, listenRoute, rosterRoute } from './routes';
import { readRoster, type RosterRead } from './roster';
import { readGuid, type GuidSource } from './guid-header';
import { parseSetGuid } from './set-guid';
import { buildSignInBody, readSignInResult, type SignInBody, type SignInResult } from './sign-in';
import { certificateSubject, errorCode } from './transport-failure';
import { TlsTrust } from './trust';

export type { GuidSource } from './guid-header';

/** How long the gateway may hold a poll open when there is no event (protocol §3: ~10 s). */
const POLL_HOLD_MS = 10_000;
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
  /** The event poll has a connection of its own; every other call goes on the commands' connections. */
  readonly lane?: 'poll';
  /**
   * Sent again on a fresh connection after silence (hedge.ts). Only for calls the gateway may
   * receive twice with the same effect (docs/reliability.md, "Hedged stop"). `reconcile`: the
   * retcodes that, answered to the hedge, mean the first request already did it.
   */
  readonly hedge?: { readonly afterMs?: number; readonly reconcile?: readonly string[] };
}

const passResult: Read<unknown> = (envelope) => ({ ok: true, result: envelope.body.result ?? {} });

const OPTIONAL_TARGET: readonly AgentIdField[] = ['whisperAgentId'];
/** "Not whispering" (900-004) and "not listening or inserting" (900-005), answered to a hedge: the first request got there. */
const ALREADY_ENDED = { reconcile: ['900-004', '900-005'] } as const;
const MODE_TEXT = validationText('gateway.mode');

/**
 * The CC-Gateway client: the whisper family, sign-in/out and event polling, every call through
 * undici on verified keep-alive connections (gateway-http.ts). Every call resolves to an
 * Outcome; none throws, none outlives its timeout, and none sends a byte before its inputs are valid.
 */
export class GatewayClient {
  private readonly options: ResolvedOptions;
  private readonly trust: TlsTrust;
  private readonly http: GatewayHttp;
  private readonly roundTrips = new RoundTrips();
  private readonly logger: Logger;
  private closed = false;

  constructor(options: GatewayClientOptions) {
    this.options = resolveOptions(options);
    try {
      this.trust = new TlsTrust(this.options.caPem, this.options.pinSha256);
    } catch {
      throw new GatewayConfigError('caPem', validationText('client.caUnreadable'));
    }
    this.http = new GatewayHttp(this.options.origin, this.trust, this.options.maxBodyBytes, this.options.timeoutMs);
    this.logger = options.logger ?? nullLogger;
  }

  /** Completed TLS handshakes so far: lets tests and the bench prove connections are reused. */
  get handshakes(): number {
    return this.http.dialer.handshakes;
  }

  /** How long a stop waits for a first answer byte before it is hedged (derived from the measured round trips). */
  get hedgeDelayMs(): number {
    return this.roundTrips.hedgeDelayMs(this.options.timeoutMs);
  }

  stopWhisper(agentId: string, guid: GuidSource, whisperAgentId?: string, opts?: { signal?: AbortSignal }): Promise<Outcome> {
    return this.call({
      method: 'requestStopWhisperAgent',
      hedge: ALREADY_ENDED,
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
      method: 'stopSuperviseOrInsert',
      hedge: ALREADY_ENDED,
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
          message: MODE_TEXT.en,
          zh: MODE_TEXT['zh-CN'],
        }),
      );
    }
    return this.call({
      method: 'requestSwitchInsertWhisperAgent',
      // Back to listen ends the whisper and may be sent twice; to whisper or insert never is.
      ...(mode === 'listen' && { hedge: {} }),
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
    return this.call({ method: 'addSupervise', ids: { agentId, whisperAgentId: workNo }, route: (ids) => listenRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.5 insert / barge in (addInsert, PUT): the customer hears the inspector. */
  insert(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({ method: 'addInsert', ids: { agentId, whisperAgentId: workNo }, route: (ids) => insertRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.8 intercept (PUT): the customer moves to the inspector and the agent is released. */
  intercept(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.call({ method: 'intercept', ids: { agentId, whisperAgentId: workNo }, route: (ids) => interceptRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
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
      lane: 'poll',
      // A poll silent past its hold plus a margin is on a dead connection: replaced on a fresh one.
      hedge: { afterMs: POLL_HOLD_MS },
    });
  }

  /**
   * Checks the gateway is reachable, its certificate is trusted, and it answers like a
   * CC-Gateway. It sends an event poll without a Guid, which a gateway refuses with a
   * retcode and no side effect; any well-formed CC-Gateway answer counts as success.
   */
  async testConnection(): Promise<ConnectionTest> {
    const started = performance.now();
    const request = { http: 'GET' as const, path: pollEventRoute(String(AGENT_ID_MIN)).path, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: null };
    const delivered = this.closed
      ? null
      : await deliver(this.http, this.trust, this.roundTrips, request, { lane: 'command', timeoutMs: this.options.timeoutMs, signal: undefined }, this.options.origin.hostname);
    const presented = delivered?.kind === 'failed' ? this.http.dialer.presentedFor(delivered.error) ?? this.http.dialer.lastPresented : this.http.dialer.lastPresented;
    const certificate = presented ? { subject: certificateSubject(presented), fingerprint256: presented.fingerprint256 } : null;
    const failure: Failure | null =
      delivered === null ? CLIENT_CLOSED : delivered.kind === 'failed' ? delivered.failure : envelopeFailure(delivered.status, delivered.headers, delivered.body);
    const durationMs = Math.round(performance.now() - started);
    this.logger.info('testConnection', { outcome: failure ? failure.kind : 'ok', durationMs });
    return { ok: failure === null, certificate, failure, durationMs };
  }

  /**
   * Opens a verified connection for commands in the background (dialer.ts), so the first urgent
   * call after sign-in (a stop while the event poll holds its connection) pays no TLS handshake.
   * Sends no HTTP request; a no-op when a command connection is already open or opening.
   * Fire-and-forget: never throws, a failure is logged at debug (the call that needs the
   * connection reports it properly).
   */
  prewarm(): void {
    if (this.closed) return;
    this.http.dialer.prewarm().then(
      (outcome) => {
        if (outcome.kind === 'failed') this.logger.debug('prewarm', { outcome: 'failed', code: errorCode(outcome.error) });
        else this.logger.debug('prewarm', { outcome: outcome.kind, ...(outcome.kind === 'skipped' && { reason: outcome.reason }) });
      },
      (error: unknown) => this.logger.debug('prewarm', { outcome: 'failed', code: errorCode(error) }),
    );
  }

  /**
   * While on, a command connection is kept open: re-opened when the gateway closes it or it
   * reaches its idle limit, so a stop minutes into a whisper still finds a verified connection.
   * The session turns it on while the inspector whispers, listens or inserts.
   */
  keepCommandConnectionWarm(on: boolean): void {
    if (this.closed) return;
    this.http.dialer.keepWarm(on);
  }

  /** Drops every connection. Later calls fail without sending anything. */
  close(): void {
    this.closed = true;
    this.http.close();
  }

  private async call<T>(call: Call<T>): Promise<Outcome<T>> {
    const started = performance.now();
    const logIds: LogFields = {};
    const ids: Partial<Record<AgentIdField, string>> = {};
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

    const body = call.body ? call.body() : { ok: true as const, json: null };
    if (!body.ok) return this.refuse(call.method, body.failure, logIds, started, call.quiet);

    const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE };
    if (call.guid !== null) {
      const guid = readGuid(call.guid);
      if (!guid.ok) return this.refuse(call.method, guid.failure, logIds, started, call.quiet);
      headers.Guid = guid.value;
    }
    if (this.closed) return this.refuse(call.method, CLIENT_CLOSED, logIds, started, call.quiet);

    const route = call.route({ agentId: ids.agentId, whisperAgentId: ids.whisperAgentId });
    const delivery: Delivery = {
      lane: call.lane ?? 'command',
      timeoutMs: call.timeoutMs,
      signal: call.signal,
      ...(call.hedge && { hedgeAfterMs: call.hedge.afterMs ?? 0 }),
    };
    const delivered = await deliver(this.http, this.trust, this.roundTrips, { http: route.http, path: route.path, headers, body: body.json }, delivery, this.options.origin.hostname);
    const rawSetGuid = delivered.headers ? delivered.headers['set-guid'] : undefined;
    const setGuid = rawSetGuid === undefined ? null : parseSetGuid(rawSetGuid);
    if (rawSetGuid !== undefined && setGuid === null) {
      // The header's value is never logged: it may be a Guid in a form this check does not know.
      this.logger.warn('Set-GUID header malformed (not a JSESSIONID assignment); ignored', { method: call.method });
    }
    const headersAt = delivered.headersAt ?? performance.now();
    const durationMs = Math.round(performance.now() - started);
    const timing = { setGuid, headersAt, durationMs };

    if (delivered.retried) logIds.retried = 'new-connection';
    let outcome: Outcome<T>;
    if (delivered.kind !== 'response') {
      outcome = { ok: false, failure: delivered.failure, ...timing };
      if (delivered.failure.kind === 'not-http') logIds.parser = delivered.failure.reason;
    } else {
      logIds.status = delivered.status;
      if (delivered.fromHedge) logIds.hedged = true;
      const checked = readEnvelope(delivered.status, delivered.headers, delivered.body);
      if (!checked.ok) outcome = { ok: false, failure: checked.failure, ...timing };
      else if (delivered.fromHedge && call.hedge?.reconcile?.includes(checked.envelope.retcode)) {
        // The first request reached the gateway and did it; the hedge found it done (docs/reliability.md).
        const reconciled = { retcode: checked.envelope.retcode, message: checked.envelope.message };
        outcome = { ok: true, retcode: '0', message: checked.envelope.message, result: {} as T, reconciled, ...timing };
        logIds.reconciled = checked.envelope.retcode;
      } else if (checked.envelope.retcode !== '0') {
        outcome = { ok: false, failure: { kind: 'retcode', retcode: checked.envelope.retcode, gatewayMessage: checked.envelope.message }, ...timing };
      } else {
        const read = call.read(checked.envelope);
        outcome = read.ok ? { ok: true, retcode: '0', message: checked.envelope.message, result: read.result, ...timing } : { ok: false, failure: read.failure, ...timing };
      }
    }
    this.log(call.method, outcome, logIds, call.quiet === true);
    return outcome;
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

const CLIENT_CLOSED: Failure = { kind: 'network', code: 'CLIENT_CLOSED' };

/** null when the answer is a well-formed CC-Gateway result, whatever its retcode. */
function envelopeFailure(...answer: Parameters<typeof readEnvelope>): Failure | null {
  const checked = readEnvelope(...answer);
  return checked.ok ? null : checked.failure;
}

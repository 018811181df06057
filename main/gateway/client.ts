import { AGENT_ID_MIN, type AgentIdField } from '../../app/agent-id';
import type { Failure } from '../../app/failures';
import { validationText } from '../../app/i18n/validation';
import { SWITCH_TYPE, type WhisperMode } from '../../app/whisper';
import { nullLogger, type Logger } from '../log/logger';
import { CallEngine, CLIENT_CLOSED, envelopeFailure, JSON_CONTENT_TYPE, passResult } from './call-engine';
import { GatewayConfigError, POLL_HOLD_MS, resolveOptions, type GatewayClientOptions, type ResolvedOptions } from './client-options';
import { GatewayHttp } from './gateway-http';
import { readPolledEvent, type GatewayEvent } from './gateway-event';
import type { GuidSource } from './guid-header';
import type { ConnectionTest, Outcome } from './outcome';
import {
  cancelListenOrInsertRoute,
  insertRoute,
  interceptRoute,
  listenRoute,
  pollEventRoute,
  rosterRoute,
  signInRoute,
  signOutRoute,
  startWhisperRoute,
  stopWhisperRoute,
  switchWhisperRoute,
} from './routes';
import { readRoster, type RosterRead } from './roster';
import { buildSignInBody, readSignInResult, type SignInBody, type SignInResult } from './sign-in';
import { certificateSubject, errorCode } from './transport-failure';
import { describeCertificate, TlsTrust } from '../platform/trust';

export type { GuidSource } from './guid-header';

const OPTIONAL_TARGET: readonly AgentIdField[] = ['whisperAgentId'];
/** "Not whispering" (900-004) and "not listening or inserting" (900-005), answered to a hedge: the first request got there. */
const ALREADY_ENDED = { reconcile: ['900-004', '900-005'] } as const;
const MODE_TEXT = validationText('gateway.mode');
/** How late past its hold a silent poll may be before it is replaced (protocol §3: the hold is ~10 s). */
const POLL_HEDGE_MARGIN_MS = 2000;

/**
 * The CC-Gateway client: the whisper family, sign-in/out and event polling, every call through
 * undici on verified keep-alive connections (gateway-http.ts). Every call resolves to an
 * Outcome; none throws, none outlives its timeout, and none sends a byte before its inputs are valid.
 * Each public call only describes itself; call-engine.ts runs it.
 */
export class GatewayClient {
  private readonly options: ResolvedOptions;
  private readonly trust: TlsTrust;
  private readonly http: GatewayHttp;
  private readonly logger: Logger;
  private readonly engine: CallEngine;

  constructor(options: GatewayClientOptions) {
    this.options = resolveOptions(options);
    try {
      this.trust = new TlsTrust(this.options.caPem, this.options.pinSha256);
    } catch {
      throw new GatewayConfigError('caPem', validationText('client.caUnreadable'));
    }
    this.http = new GatewayHttp(this.options.origin, this.trust, this.options.maxBodyBytes, this.options.timeoutMs, options.onHandshake);
    this.logger = options.logger ?? nullLogger;
    this.engine = new CallEngine({ options: this.options, trust: this.trust, http: this.http, logger: this.logger });
  }

  /** How long a stop waits for a first answer byte before it is hedged (derived from the measured round trips). */
  get hedgeDelayMs(): number {
    return this.http.roundTrips.hedgeDelayMs(this.options.timeoutMs);
  }

  /** Hedges sent and won so far (a hedge that loses costs a request and, without a standby, a handshake). */
  get hedges(): { readonly sent: number; readonly won: number } {
    return { sent: this.http.roundTrips.hedgesSent, won: this.http.roundTrips.hedgesWon };
  }

  stopWhisper(agentId: string, guid: GuidSource, whisperAgentId?: string, opts?: { signal?: AbortSignal }): Promise<Outcome> {
    return this.engine.run({
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
    return this.engine.run({
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
    return this.engine.run({
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
        this.engine.refuse('requestSwitchInsertWhisperAgent', {
          kind: 'validation',
          field: 'mode',
          problem: 'invalid',
          message: MODE_TEXT.en,
          zh: MODE_TEXT['zh-CN'],
        }),
      );
    }
    return this.engine.run({
      method: 'requestSwitchInsertWhisperAgent',
      // Back to listen ends the whisper and may be sent twice (reconciled like the stop); to whisper or insert never is.
      ...(mode === 'listen' && { hedge: ALREADY_ENDED }),
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
    return this.engine.run({ method: 'addSupervise', ids: { agentId, whisperAgentId: workNo }, route: (ids) => listenRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.5 insert / barge in (addInsert, PUT): the customer hears the inspector. */
  insert(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.engine.run({ method: 'addInsert', ids: { agentId, whisperAgentId: workNo }, route: (ids) => insertRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.8 intercept (PUT): the customer moves to the inspector and the agent is released. */
  intercept(agentId: string, guid: GuidSource, workNo: string): Promise<Outcome> {
    return this.engine.run({ method: 'intercept', ids: { agentId, whisperAgentId: workNo }, route: (ids) => interceptRoute(ids.agentId!, ids.whisperAgentId!), guid, read: passResult, timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  /** §1.9 roster (GET allagent): read by roster.ts; the inspector's own ID is left out. */
  roster(agentId: string, guid: GuidSource): Promise<Outcome<RosterRead>> {
    return this.engine.run({ method: 'searchAllAgents', ids: { agentId }, route: (ids) => rosterRoute(ids.agentId!), guid, read: (envelope) => readRoster(envelope.body.result, agentId, this.options.agentIdUpperBound), timeoutMs: this.options.timeoutMs, signal: undefined });
  }

  signIn(agentId: string, body: SignInBody, opts?: { force?: boolean }): Promise<Outcome<SignInResult>> {
    const force = opts?.force === true;
    return this.engine.run({
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
    return this.engine.run({
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
    return this.engine.run({
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
      // A poll silent well past its hold is on a dead connection: replaced on a fresh one. The margin
      // keeps a gateway that is merely late from holding two polls, whose abandoned answer (an event,
      // a rotated Guid) would be lost.
      hedge: { afterMs: POLL_HOLD_MS + POLL_HEDGE_MARGIN_MS },
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
    const delivered = this.engine.closed
      ? null
      : await this.http.deliver({ request, lane: 'command', timeoutMs: this.options.timeoutMs });
    const presented = delivered?.kind === 'failed' ? this.http.dialer.presentedFor(delivered.error) ?? this.http.dialer.lastPresented : this.http.dialer.lastPresented;
    const certificate = presented ? describeCertificate(presented) : null;
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
    if (this.engine.closed) return;
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
    if (this.engine.closed) return;
    this.http.dialer.keepWarm(on);
  }

  /** Drops every connection. Later calls fail without sending anything. */
  close(): void {
    this.engine.closed = true;
    this.http.close();
  }

}

import { describeFailure } from '../../app/i18n/failure-explanations';
import { notice } from '../../app/i18n/notices';
import { noticeIn, type Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';
import { invalidInput, isSessionGone, retcodeOf } from '../../app/failures';
import type { RosterResult } from '../../app/roster';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';
import { nextMonitoring, type MonitoringInput } from '../../app/monitoring';
import type { GatewayEvent, Outcome } from '../gateway';
import type { Logger } from '../log/logger';
import type { GuidVault } from '../vault/guid-vault';
import { CommandConnectionWarmth } from './command-connection';
import { GuidCustody } from './guid-custody';
import { Heartbeat } from './heartbeat';
import { POLL_HOLD_MS, POLL_MARGIN_MS, STATIC_AFTER_MS, type InspectorSessionDeps, type SessionClient } from './session-options';
import { refused, resultOf, type SessionResult } from './session-result';
import { PublishedState } from './session-state';

export { POLL_HOLD_MS, POLL_MARGIN_MS, STATIC_AFTER_MS, type InspectorSessionDeps } from './session-options';
export type { SessionResult } from './session-result';

export const SESSION_EXPIRED_NOTICE: Notice = notice('session.expired');

const NOT_SIGNED_IN = refused({ kind: 'not-signed-in' });

/**
 * One inspector's session with one gateway: sign-in, resume and sign-out. It is made of
 * - the Guid's custody (guid-custody.ts): memory first, mirrored to the keychain;
 * - the heartbeat (heartbeat.ts): the event poll, connection health, expiry;
 * - the commands sent on the inspector's behalf (below): the whisper (stop, start, switch), the
 *   console (listen, insert, intercept, ending a listen or insert) and the roster read. Each reads
 *   the Guid at send time from the custody, refuses plainly when there is none, calls the gateway
 *   client directly (the stop's way has no layer in between) and reports back a SessionResult; the
 *   monitoring state follows a success (app/monitoring.ts nextMonitoring);
 * - the published state (session-state.ts) and the command connection kept warm while
 *   monitoring a call (command-connection.ts).
 * Every call answers with a SessionResult (domain terms); the actions layer shapes what the
 * surfaces see (main/actions/action-result.ts).
 *
 * Phases: signed-out → signing-in → signed-in ⇄ connection-lost; signed-in or
 * connection-lost → expired when the gateway confirms the session is gone;
 * any → signed-out on sign-out.
 */
export class InspectorSession {
  private readonly client: SessionClient;
  private readonly vault: GuidVault;
  private readonly logger: Logger;
  private readonly agentId: string;
  private readonly phoneNumber: string | null;
  private readonly pollTimeoutMs: number;
  private readonly custody: GuidCustody;
  private readonly state: PublishedState;
  private readonly heartbeat: Heartbeat;
  private readonly wallClock: () => number;
  private readonly stopVaultWatch: () => void;

  constructor(deps: InspectorSessionDeps) {
    this.client = deps.client;
    this.vault = deps.vault;
    this.logger = deps.logger;
    this.agentId = deps.agentId;
    this.phoneNumber = deps.phoneNumber;
    const wallClock = deps.now ?? Date.now;
    this.wallClock = wallClock;
    this.pollTimeoutMs = (deps.pollHoldMs ?? POLL_HOLD_MS) + (deps.pollMarginMs ?? POLL_MARGIN_MS);
    this.custody = new GuidCustody(deps.vault, deps.gatewayOrigin, deps.agentId, wallClock);
    const warmth = new CommandConnectionWarmth((on) => this.client.keepCommandConnectionWarm(on));
    this.state = new PublishedState({
      gatewayOrigin: deps.gatewayOrigin,
      agentId: deps.agentId,
      demo: deps.demo ?? false,
      logger: deps.logger,
      vaultProblem: () => this.vault.problem(),
      onPublish: (snapshot) => warmth.follow(snapshot, this.custody.held),
    });
    const adoptGuid = (outcome: Outcome, epoch: number): void => this.adoptGuid(outcome, epoch);
    this.heartbeat = new Heartbeat({
      client: this.client,
      agentId: this.agentId,
      logger: this.logger,
      custody: this.custody,
      state: this.state,
      wallClock,
      pollTimeoutMs: this.pollTimeoutMs,
      staticAfterMs: deps.staticAfterMs ?? STATIC_AFTER_MS,
      adoptGuid,
      expire: () => this.expire(),
      pacing: {
        ...(deps.pollIntervalMs !== undefined && { intervalMs: deps.pollIntervalMs }),
        ...(deps.pollBackoffInitialMs !== undefined && { backoffInitialMs: deps.pollBackoffInitialMs }),
        ...(deps.pollBackoffMaxMs !== undefined && { backoffMaxMs: deps.pollBackoffMaxMs }),
        ...(deps.lostAfterFailures !== undefined && { lostAfterFailures: deps.lostAfterFailures }),
        ...(deps.lostAfterMs !== undefined && { lostAfterMs: deps.lostAfterMs }),
      },
    });
    this.stopVaultWatch = this.vault.onProblem(() => this.state.publish());
  }

  snapshot(): SessionSnapshot {
    return this.state.snapshot();
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    return this.state.onChange(listener);
  }

  onEvent(listener: (e: GatewayEvent) => void): () => void {
    return this.heartbeat.onEvent(listener);
  }

  /**
   * Signs in with the password and the configured phone number; the client adds the
   * optional fields at their documented defaults (protocol §2.1). A 100-002 answer means the
   * agent is signed in elsewhere: the actions layer then offers the forced sign-in.
   */
  async signIn(password: string, opts: { force?: boolean } = {}): Promise<SessionResult> {
    const force = opts.force === true;
    if (this.state.phase === 'signing-in') {
      return refused(invalidInput('session', validationText('session.signingIn')));
    }
    if (this.custody.held) {
      return refused(invalidInput('session', validationText('session.alreadySignedIn', { agentId: this.agentId })));
    }
    if (!this.phoneNumber) {
      return refused(invalidInput('phoneNumber', validationText('session.noPhone')));
    }
    if (!password) {
      return refused(invalidInput('password', validationText('session.noPassword')));
    }
    const epoch = this.custody.newEpoch();
    this.state.phase = 'signing-in';
    this.state.notice = null;
    this.state.publish();

    const outcome = await this.client.signIn(this.agentId, { password, phonenum: this.phoneNumber }, { force });
    if (epoch !== this.custody.epoch) {
      // Signed out or disposed while the sign-in was under way: do not leave a session open on the gateway.
      if (outcome.ok && outcome.setGuid) void this.client.signOut(this.agentId, outcome.setGuid);
      return refused({ kind: 'not-signed-in' }, outcome.durationMs);
    }
    if (!outcome.ok) {
      this.state.phase = 'signed-out';
      this.logger.info('sign-in refused', { agentId: this.agentId, force, kind: outcome.failure.kind, retcode: retcodeOf(outcome.failure) });
      this.state.publish();
      return resultOf(outcome);
    }
    if (!outcome.setGuid) {
      this.state.phase = 'signed-out';
      this.state.publish();
      return refused({ kind: 'bad-shape', detail: 'the sign-in answer carried no Set-GUID header' }, outcome.durationMs);
    }
    this.custody.drop();
    this.adoptGuid(outcome, epoch);
    this.state.phase = 'signed-in';
    this.state.authMode = null;
    this.state.pollFailures = 0;
    this.state.whisper = null;
    this.heartbeat.clearSuspicion();
    this.logger.info('signed in', { agentId: this.agentId, force });
    // The poll is about to hold the one pooled connection for up to 10 s: the command
    // connection keeps the first stop from paying a TLS handshake (docs/reliability.md).
    this.client.prewarm();
    this.heartbeat.start();
    this.state.publish();
    return resultOf(outcome);
  }

  /** Stops the poller first (no poll follows the logout), then signs out and deletes the kept Guid. */
  async signOut(): Promise<SessionResult> {
    const guid = this.custody.current;
    this.custody.newEpoch();
    await this.heartbeat.stop();
    if (guid === null) {
      this.endSession('signed-out', null);
      return refused({ kind: 'not-signed-in' });
    }
    const outcome = await this.client.signOut(this.agentId, guid);
    this.endSession('signed-out', null);
    await this.custody.forget();
    this.logger.info('signed out', { agentId: this.agentId, ok: outcome.ok, retcode: outcome.ok ? '0' : retcodeOf(outcome.failure) });
    return resultOf(outcome);
  }

  /**
   * At start: tries the Guid kept in the keychain with one poll. Success → signed in
   * without a password; 100-006/000-003 → expired and the stale Guid deleted. Any
   * other failure (gateway unreachable) keeps the Guid for a later try and stays signed out.
   */
  async resume(): Promise<'resumed' | 'expired' | 'none'> {
    if (this.custody.held || this.state.phase === 'signing-in') return 'none';
    if (!(await this.custody.restore())) {
      this.state.publish();
      return 'none';
    }
    const epoch = this.custody.newEpoch();
    this.state.phase = 'signing-in';
    this.state.publish();

    const outcome = await this.client.pollEvent(this.agentId, this.custody.source, { timeoutMs: this.pollTimeoutMs });
    if (epoch !== this.custody.epoch) return 'none';
    this.adoptGuid(outcome, epoch);
    if (outcome.ok) {
      this.state.phase = 'signed-in';
      this.state.notice = null;
      this.logger.info('session resumed', { agentId: this.agentId });
      if (outcome.result) this.heartbeat.dispatch(outcome.result);
      this.client.prewarm(); // as after sign-in: the first stop must not wait for a handshake
      this.heartbeat.start();
      this.state.publish();
      return 'resumed';
    }
    if (isSessionGone(outcome.failure)) {
      await this.expire();
      return 'expired';
    }
    this.custody.drop();
    this.state.phase = 'signed-out';
    this.state.notice = noticeIn((language) => notice('session.notResumed', { reason: describeFailure(outcome.failure, language) })[language]);
    this.state.publish();
    return 'none';
  }

  /** The urgent path: uses the in-memory Guid, never waits for the keychain or the poller. */
  async stopWhisper(target?: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    const outcome = await this.client.stopWhisper(this.agentId, this.custody.source, target);
    const result = this.settle(outcome, epoch, (at) => ({ kind: 'stopped', at }));
    // A stop naming no agent refused with 900-004 is the gateway saying it has no whisper for this
    // inspector [inferred: protocol §1.2 lists 900-004 for the whisper family without saying which
    // state it answers]; the whisper shown is gone, else the next start on that agent would be planned
    // as "already whispering" and send nothing (docs/reliability.md, "Which agent a stop names").
    if (!outcome.ok && target === undefined && epoch === this.custody.epoch && retcodeOf(outcome.failure) === '900-004' && this.state.whisper?.mode === 'whisper') {
      this.state.whisper = nextMonitoring(this.state.whisper, { kind: 'stopped', at: this.wallClock() });
      this.state.publish();
    }
    return result;
  }

  /** Ends a listen or insert on workNo (protocol §1.6): requeststopwhisperagent ends only a whisper (§1.2). */
  async cancelListenOrInsert(workNo: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    return this.settle(await this.client.cancelListenOrInsert(this.agentId, this.custody.source, workNo), epoch, (at) => ({ kind: 'stopped', at }));
  }

  async startWhisper(target: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    return this.settle(await this.client.startWhisper(this.agentId, this.custody.source, target), epoch, (at) => ({ kind: 'started', target, at }));
  }

  async switchMode(mode: WhisperMode, target?: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    const outcome = await this.client.switchWhisper(this.agentId, this.custody.source, mode, target);
    return this.settle(outcome, epoch, (at) => ({ kind: 'switched', mode, target: target ?? null, at }));
  }

  /** §1.4 / §1.5: starts listening to, or barging in on, workNo; the state follows as after a switch. */
  async startMonitoring(mode: 'listen' | 'insert', target: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    const outcome = await (mode === 'listen'
      ? this.client.listen(this.agentId, this.custody.source, target)
      : this.client.insert(this.agentId, this.custody.source, target));
    return this.settle(outcome, epoch, (at) => ({ kind: 'switched', mode, target, at }));
  }

  /** §1.8: the customer moves to the inspector, the agent is released; no QC mode is left. */
  async intercept(target: string): Promise<SessionResult> {
    if (!this.custody.held) return NOT_SIGNED_IN;
    const epoch = this.custody.epoch;
    return this.settle(await this.client.intercept(this.agentId, this.custody.source, target), epoch, (at) => ({ kind: 'stopped', at }));
  }

  /** §1.9: the agents this inspector may monitor. A read: not audited, but it keeps the Guid fresh. */
  async roster(): Promise<RosterResult> {
    if (!this.custody.held) return { ok: false, failure: { kind: 'not-signed-in' } };
    const epoch = this.custody.epoch;
    const outcome = await this.client.roster(this.agentId, this.custody.source);
    this.adoptGuid(outcome, epoch);
    if (!outcome.ok) {
      if (epoch === this.custody.epoch && isSessionGone(outcome.failure)) this.heartbeat.suspectSessionLoss();
      return { ok: false, failure: outcome.failure };
    }
    if (outcome.result.dropped > 0) this.logger.warn('roster rows dropped: unreadable, or outside the agent-ID range', { dropped: outcome.result.dropped });
    return { ok: true, roster: { agents: outcome.result.agents, dropped: outcome.result.dropped, fetchedAt: this.wallClock() } };
  }

  /**
   * After a command's answer: the Guid it brought is taken; in the epoch it was sent in, a success
   * moves the monitoring state and "no such session" is confirmed with a poll.
   */
  private settle(outcome: Outcome, epoch: number, input: (at: number) => MonitoringInput): SessionResult {
    this.adoptGuid(outcome, epoch);
    const current = epoch === this.custody.epoch;
    if (outcome.ok && current) {
      this.state.whisper = nextMonitoring(this.state.whisper, input(this.wallClock()));
      this.state.publish();
    }
    if (!outcome.ok && current && isSessionGone(outcome.failure)) this.heartbeat.suspectSessionLoss();
    return resultOf(outcome);
  }

  /** App shutdown: stops polling and flushes the keychain; the kept Guid stays for the next start's resume. */
  async dispose(): Promise<void> {
    this.custody.newEpoch();
    await this.heartbeat.stop();
    await this.vault.flush();
    this.stopVaultWatch();
    this.state.clearListeners();
    this.heartbeat.clearListeners();
  }

  /** Only dynamic authentication rotates the Guid (protocol §4): seeing one tells us the mode [inferred]. */
  private adoptGuid(outcome: Outcome, epoch: number): void {
    if (this.custody.adopt(outcome, epoch) === 'rotated' && this.state.authMode !== 'dynamic') {
      this.state.authMode = 'dynamic';
      this.state.publish();
    }
  }

  private async expire(): Promise<void> {
    this.custody.newEpoch();
    this.logger.warn('session expired', { agentId: this.agentId });
    this.endSession('expired', SESSION_EXPIRED_NOTICE);
    await this.custody.forget();
  }

  private endSession(phase: 'signed-out' | 'expired', notice: Notice | null): void {
    this.custody.drop();
    this.state.phase = phase;
    this.state.authMode = null;
    this.state.pollFailures = 0;
    this.state.whisper = nextMonitoring(this.state.whisper, { kind: 'session-ended' });
    this.heartbeat.clearSuspicion();
    this.state.notice = notice;
    this.state.publish();
  }
}

import { describeFailure } from '../../app/failure-messages';
import { joinNotices, sameNotice, type Notice } from '../../app/notice';
import { isSessionGone, retcodeOf, validationFailure, type Failure } from '../../app/failures';
import type { ActionResult, WhisperAction } from '../../app/ipc-contract';
import type { RosterResult } from '../../app/roster';
import type { AuthMode, SessionPhase, SessionSnapshot, WhisperMode, WhisperState } from '../../app/whisper';
import { POLL_HOLD_MS, type GatewayClient, type GatewayEvent, type Outcome } from '../gateway';
import type { Logger } from '../log/logger';
import type { GuidVault } from '../vault/guid-vault';
import { Poller, type PollHealth, type PollVerdict } from './poller';
import { reduceWhisper, type WhisperInput } from './whisper-state';

/** Added to the hold so a held poll is never cut short by our own timeout. */
export const POLL_MARGIN_MS = 5_000;

export const SESSION_EXPIRED_NOTICE: Notice = { en: 'Session expired, sign in again.', 'zh-CN': '会话已过期，请重新签入。' };

type SessionClient = Pick<
  GatewayClient,
  | 'signIn'
  | 'signOut'
  | 'pollEvent'
  | 'stopWhisper'
  | 'cancelListenOrInsert'
  | 'startWhisper'
  | 'switchWhisper'
  | 'listen'
  | 'insert'
  | 'intercept'
  | 'roster'
  | 'prewarm'
  | 'keepCommandConnectionWarm'
>;

export interface InspectorSessionDeps {
  client: SessionClient;
  vault: GuidVault;
  logger: Logger;
  /** https://host:port of the gateway; with agentId it names the keychain entry. */
  gatewayOrigin: string;
  agentId: string;
  phoneNumber: string | null;
  demo?: boolean;
  /** Pause between polls, 200–500 ms (default 300). */
  pollIntervalMs?: number;
  /** Wall clock for "whispering since" (epoch ms). */
  now?: () => number;
  pollHoldMs?: number;
  pollMarginMs?: number;
  /** Backoff and connection-lost thresholds, see poller.ts. */
  pollBackoffInitialMs?: number;
  pollBackoffMaxMs?: number;
  lostAfterFailures?: number;
  lostAfterMs?: number;
  /** How long a Guid must keep working unrotated before the session reports static authentication. */
  staticAfterMs?: number;
}

/**
 * Dynamic authentication expires a Guid GUIDTIMEOUT after issue (120 s by default, protocol §4),
 * so a session still answering on an unrotated Guid after that, plus a margin, is static [inferred].
 */
export const STATIC_AFTER_MS = 130_000;

/**
 * One inspector's session with one gateway: sign-in, the heartbeat poller, the
 * Guid and the whisper state. The Guid lives in this object's memory (every request
 * reads it there at send time) and is mirrored to the keychain for resume; it never
 * appears in a snapshot, an event or a log line.
 *
 * Phases: signed-out → signing-in → signed-in ⇄ connection-lost; signed-in or
 * connection-lost → expired when the gateway confirms the session is gone;
 * any → signed-out on sign-out.
 */
export class InspectorSession {
  private readonly client: SessionClient;
  private readonly vault: GuidVault;
  private readonly logger: Logger;
  private readonly gatewayOrigin: string;
  private readonly agentId: string;
  private readonly phoneNumber: string | null;
  private readonly demo: boolean;
  private readonly wallClock: () => number;
  private readonly pollTimeoutMs: number;
  private readonly staticAfterMs: number;
  private readonly poller: Poller;
  private readonly changeListeners = new Set<(s: SessionSnapshot) => void>();
  private readonly eventListeners = new Set<(e: GatewayEvent) => void>();
  private readonly stopVaultWatch: () => void;

  private phase: SessionPhase = 'signed-out';
  /** null until known: a rotation proves dynamic, an old Guid that keeps working proves static. */
  private authMode: AuthMode | null = null;
  private guidAdoptedAt = 0;
  private pollFailures = 0;
  private whisper: WhisperState | null = null;
  private sessionNotice: Notice | null = null;
  private guid: string | null = null;
  /** When the headers that brought the current Guid arrived (performance.now()); newest wins. */
  private guidHeadersAt = Number.NEGATIVE_INFINITY;
  /** Bumped at every sign-in, sign-out and expiry: answers to older requests must not bring a Guid back. */
  private epoch = 0;
  /** A session-loss answer seen and not yet confirmed or cleared by a poll. */
  private sessionLossSuspected = false;
  private lastEmitted: SessionSnapshot | null = null;
  /** Whether the client was last asked to keep the command connection warm. */
  private commandConnectionWarm = false;
  private readonly guidSource = (): string | null => this.guid;

  constructor(deps: InspectorSessionDeps) {
    this.client = deps.client;
    this.vault = deps.vault;
    this.logger = deps.logger;
    this.gatewayOrigin = deps.gatewayOrigin;
    this.agentId = deps.agentId;
    this.phoneNumber = deps.phoneNumber;
    this.demo = deps.demo ?? false;
    this.wallClock = deps.now ?? Date.now;
    this.pollTimeoutMs = (deps.pollHoldMs ?? POLL_HOLD_MS) + (deps.pollMarginMs ?? POLL_MARGIN_MS);
    this.staticAfterMs = deps.staticAfterMs ?? STATIC_AFTER_MS;
    this.poller = new Poller({
      pollOnce: (signal) => this.pollOnce(signal),
      onHealth: (health) => this.onPollHealth(health),
      ...(deps.pollIntervalMs !== undefined && { intervalMs: deps.pollIntervalMs }),
      ...(deps.pollBackoffInitialMs !== undefined && { backoffInitialMs: deps.pollBackoffInitialMs }),
      ...(deps.pollBackoffMaxMs !== undefined && { backoffMaxMs: deps.pollBackoffMaxMs }),
      ...(deps.lostAfterFailures !== undefined && { lostAfterFailures: deps.lostAfterFailures }),
      ...(deps.lostAfterMs !== undefined && { lostAfterMs: deps.lostAfterMs }),
    });
    this.stopVaultWatch = this.vault.onProblem(() => this.emit());
  }

  snapshot(): SessionSnapshot {
    const notice = joinNotices(this.sessionNotice, this.vault.problem());
    return {
      phase: this.phase,
      gatewayUrl: this.gatewayOrigin,
      agentId: this.agentId,
      authMode: this.authMode,
      demo: this.demo,
      pollFailures: this.pollFailures,
      whisper: this.whisper,
      notice,
    };
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onEvent(listener: (e: GatewayEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Signs in with the password and the configured phone number; the client adds the
   * optional fields at their documented defaults (protocol §2.1). A 100-002 answer
   * without `force` only offers the forced sign-in (needsConfirmation).
   */
  async signIn(password: string, opts: { force?: boolean } = {}): Promise<ActionResult> {
    const force = opts.force === true;
    const action: WhisperAction = force ? 'force-sign-in' : 'sign-in';
    if (this.phase === 'signing-in') {
      return failed(action, null, validationFailure('session', 'invalid', 'A sign-in is already in progress.', '正在签入，请稍候。'), 0);
    }
    if (this.guid !== null) {
      return failed(action, null, validationFailure('session', 'invalid', `Agent ${this.agentId} is already signed in here. Sign out first.`, `质检员 ${this.agentId} 已在此签入，请先签出。`), 0);
    }
    if (!this.phoneNumber) {
      return failed(action, null, validationFailure('phoneNumber', 'invalid', 'Set your softphone number in settings before signing in.', '签入前请在设置中填写软电话号码。'), 0);
    }
    if (!password) {
      return failed(action, null, validationFailure('password', 'invalid', 'Enter your password to sign in.', '请输入密码以签入。'), 0);
    }
    const epoch = ++this.epoch;
    this.phase = 'signing-in';
    this.sessionNotice = null;
    this.emit();

    const outcome = await this.client.signIn(this.agentId, { password, phonenum: this.phoneNumber }, { force });
    if (epoch !== this.epoch) {
      // Signed out or disposed while the sign-in was under way: do not leave a session open on the gateway.
      if (outcome.ok && outcome.setGuid) void this.client.signOut(this.agentId, outcome.setGuid);
      return failed(action, null, { kind: 'not-signed-in' }, outcome.durationMs);
    }
    if (!outcome.ok) {
      this.phase = 'signed-out';
      this.logger.info('sign-in refused', { agentId: this.agentId, force, kind: outcome.failure.kind, retcode: retcodeOf(outcome.failure) });
      this.emit();
      const offerForce = !force && outcome.failure.kind === 'retcode' && outcome.failure.retcode === '100-002';
      return { ...failed(action, null, outcome.failure, outcome.durationMs), ...(offerForce && { needsConfirmation: 'force-sign-in' as const }) };
    }
    if (!outcome.setGuid) {
      this.phase = 'signed-out';
      this.emit();
      return failed(action, null, { kind: 'bad-shape', detail: 'the sign-in answer carried no Set-GUID header' }, outcome.durationMs);
    }
    this.guid = null;
    this.guidHeadersAt = Number.NEGATIVE_INFINITY;
    this.adoptGuid(outcome, epoch);
    this.phase = 'signed-in';
    this.authMode = null;
    this.pollFailures = 0;
    this.whisper = null;
    this.sessionLossSuspected = false;
    this.logger.info('signed in', { agentId: this.agentId, force });
    // The poll is about to hold the one pooled connection for up to 10 s: the command
    // connection keeps the first stop from paying a TLS handshake (issue 6).
    this.client.prewarm();
    this.poller.start();
    this.emit();
    return succeeded(action, null, outcome);
  }

  /** Stops the poller first (no poll follows the logout), then signs out and deletes the kept Guid. */
  async signOut(): Promise<ActionResult> {
    const guid = this.guid;
    this.epoch++;
    await this.poller.stop();
    if (guid === null) {
      this.endSession('signed-out', null);
      return failed('sign-out', null, { kind: 'not-signed-in' }, 0);
    }
    const outcome = await this.client.signOut(this.agentId, guid);
    this.endSession('signed-out', null);
    await this.vault.forget(this.gatewayOrigin, this.agentId);
    this.logger.info('signed out', { agentId: this.agentId, ok: outcome.ok, retcode: outcome.ok ? '0' : retcodeOf(outcome.failure) });
    return outcome.ok ? succeeded('sign-out', null, outcome) : failed('sign-out', null, outcome.failure, outcome.durationMs);
  }

  /**
   * At start: tries the Guid kept in the keychain with one poll. Success → signed in
   * without a password; 100-006/000-003 → expired and the stale Guid deleted. Any
   * other failure (gateway unreachable) keeps the Guid for a later try and stays signed out.
   */
  async resume(): Promise<'resumed' | 'expired' | 'none'> {
    if (this.guid !== null || this.phase === 'signing-in') return 'none';
    const stored = await this.vault.load(this.gatewayOrigin, this.agentId);
    if (!stored) {
      this.emit();
      return 'none';
    }
    const epoch = ++this.epoch;
    this.guid = stored;
    this.guidAdoptedAt = this.wallClock();
    this.guidHeadersAt = Number.NEGATIVE_INFINITY;
    this.phase = 'signing-in';
    this.emit();

    const outcome = await this.client.pollEvent(this.agentId, this.guidSource, { timeoutMs: this.pollTimeoutMs });
    if (epoch !== this.epoch) return 'none';
    this.adoptGuid(outcome, epoch);
    if (outcome.ok) {
      this.phase = 'signed-in';
      this.sessionNotice = null;
      this.logger.info('session resumed', { agentId: this.agentId });
      if (outcome.result) this.dispatch(outcome.result);
      this.client.prewarm(); // as after sign-in: the first stop must not wait for a handshake
      this.poller.start();
      this.emit();
      return 'resumed';
    }
    if (isSessionGone(outcome.failure)) {
      await this.expire();
      return 'expired';
    }
    this.guid = null;
    this.phase = 'signed-out';
    this.sessionNotice = {
      en: `The previous session could not be resumed: ${describeFailure(outcome.failure, 'en')}`,
      'zh-CN': `无法恢复上次的会话：${describeFailure(outcome.failure, 'zh-CN')}`,
    };
    this.emit();
    return 'none';
  }

  /** The urgent path: uses the in-memory Guid, never waits for the keychain or the poller. */
  async stopWhisper(target?: string): Promise<ActionResult> {
    if (this.guid === null) return failed('stop', target ?? null, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = await this.client.stopWhisper(this.agentId, this.guidSource, target);
    return this.finishAction('stop', target ?? null, outcome, epoch, (at) => ({ kind: 'stopped', at }));
  }

  /** Ends a listen or insert on workNo (protocol §1.6): requeststopwhisperagent ends only a whisper (§1.2). */
  async cancelListenOrInsert(workNo: string): Promise<ActionResult> {
    if (this.guid === null) return failed('stop', workNo, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = await this.client.cancelListenOrInsert(this.agentId, this.guidSource, workNo);
    return this.finishAction('stop', workNo, outcome, epoch, (at) => ({ kind: 'stopped', at }));
  }

  async startWhisper(target: string): Promise<ActionResult> {
    if (this.guid === null) return failed('start', target, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = await this.client.startWhisper(this.agentId, this.guidSource, target);
    return this.finishAction('start', target, outcome, epoch, (at) => ({ kind: 'started', target, at }));
  }

  async switchMode(mode: WhisperMode, target?: string): Promise<ActionResult> {
    const action: WhisperAction = mode === 'listen' ? 'back-to-listen' : 'switch';
    if (this.guid === null) return failed(action, target ?? null, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = await this.client.switchWhisper(this.agentId, this.guidSource, mode, target);
    return this.finishAction(action, target ?? null, outcome, epoch, (at) => ({ kind: 'switched', mode, target: target ?? null, at }));
  }

  /** §1.4 / §1.5: starts listening to, or barging in on, workNo; the whisper state follows as after a switch. */
  async startMonitoring(mode: 'listen' | 'insert', target: string): Promise<ActionResult> {
    if (this.guid === null) return failed(mode, target, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = mode === 'listen'
      ? await this.client.listen(this.agentId, this.guidSource, target)
      : await this.client.insert(this.agentId, this.guidSource, target);
    return this.finishAction(mode, target, outcome, epoch, (at) => ({ kind: 'switched', mode, target, at }));
  }

  /** §1.8: the customer moves to the inspector, the agent is released; no QC mode is left. */
  async intercept(target: string): Promise<ActionResult> {
    if (this.guid === null) return failed('intercept', target, { kind: 'not-signed-in' }, 0);
    const epoch = this.epoch;
    const outcome = await this.client.intercept(this.agentId, this.guidSource, target);
    return this.finishAction('intercept', target, outcome, epoch, (at) => ({ kind: 'stopped', at }));
  }

  /** §1.9: the agents this inspector may monitor. A read: not audited, but it keeps the Guid fresh. */
  async roster(): Promise<RosterResult> {
    if (this.guid === null) return { ok: false, failure: { kind: 'not-signed-in' } };
    const epoch = this.epoch;
    const outcome = await this.client.roster(this.agentId, this.guidSource);
    this.adoptGuid(outcome, epoch);
    if (!outcome.ok) {
      if (epoch === this.epoch && isSessionGone(outcome.failure)) this.suspectSessionLoss();
      return { ok: false, failure: outcome.failure };
    }
    if (outcome.result.dropped > 0) this.logger.warn('roster rows dropped as unreadable', { dropped: outcome.result.dropped });
    return { ok: true, roster: { agents: outcome.result.agents, dropped: outcome.result.dropped, fetchedAt: this.wallClock() } };
  }

  /** App shutdown: stops polling and flushes the keychain; the kept Guid stays for the next start's resume. */
  async dispose(): Promise<void> {
    this.epoch++;
    await this.poller.stop();
    await this.vault.flush();
    this.stopVaultWatch();
    this.changeListeners.clear();
    this.eventListeners.clear();
  }

  private finishAction(
    action: WhisperAction,
    target: string | null,
    outcome: Outcome,
    epoch: number,
    whisperInput: (at: number) => WhisperInput,
  ): ActionResult {
    this.adoptGuid(outcome, epoch);
    if (outcome.ok) {
      if (epoch === this.epoch) {
        this.whisper = reduceWhisper(this.whisper, whisperInput(this.wallClock()));
        this.emit();
      }
      return succeeded(action, target, outcome);
    }
    if (epoch === this.epoch && isSessionGone(outcome.failure)) this.suspectSessionLoss();
    return failed(action, target, outcome.failure, outcome.durationMs);
  }

  /**
   * Keeps the Guid from the response whose headers arrived last: with a poll and a
   * stop in flight, the older answer must not replace the newer Guid.
   */
  private adoptGuid(outcome: Outcome, epoch: number): void {
    if (epoch !== this.epoch || outcome.setGuid === null) return;
    const at = outcome.headersAt;
    if (at < this.guidHeadersAt) return;
    this.guidHeadersAt = at;
    if (outcome.setGuid === this.guid) return;
    const rotation = this.guid !== null;
    this.guid = outcome.setGuid;
    this.guidAdoptedAt = this.wallClock();
    if (rotation && this.authMode !== 'dynamic') {
      // Only dynamic authentication rotates (protocol §4): seeing one tells us the mode [inferred].
      this.authMode = 'dynamic';
      this.emit();
    }
    this.vault.keep(this.gatewayOrigin, this.agentId, outcome.setGuid);
  }

  private async pollOnce(signal: AbortSignal): Promise<PollVerdict> {
    const epoch = this.epoch;
    const outcome = await this.client.pollEvent(this.agentId, this.guidSource, { timeoutMs: this.pollTimeoutMs, signal });
    if (signal.aborted || epoch !== this.epoch) return 'stop';
    this.adoptGuid(outcome, epoch);
    if (outcome.ok) {
      this.sessionLossSuspected = false;
      if (this.authMode === null && this.wallClock() - this.guidAdoptedAt >= this.staticAfterMs) {
        this.authMode = 'static';
        this.emit();
      }
      if (outcome.result) return this.dispatch(outcome.result) ? 'again' : 'event';
      return 'ok';
    }
    if (!isSessionGone(outcome.failure)) return 'failed';
    if (!this.sessionLossSuspected) {
      // 100-006/000-003 once may be a race with a rotation: confirm with one more poll.
      this.sessionLossSuspected = true;
      this.logger.warn('session loss suspected, confirming with one more poll', { agentId: this.agentId, retcode: retcodeOf(outcome.failure) });
      return 'again';
    }
    await this.expire();
    return 'stop';
  }

  /** Hands the event to subscribers and the whisper state; true when it suggests the session ended. */
  private dispatch(event: GatewayEvent): boolean {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('event listener failed', { eventType: event.eventType, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const whisper = reduceWhisper(this.whisper, { kind: 'event', event, inspectorId: this.agentId, at: this.wallClock() });
    if (whisper !== this.whisper) {
      this.whisper = whisper;
      this.emit();
    }
    // "If that event arrives, the agent is signed out" (protocol §2.4): confirm with a poll.
    if (event.eventType === 'AgentOther_ShutdownService' && (event.workNo === undefined || event.workNo === this.agentId)) {
      this.sessionLossSuspected = true;
      return true;
    }
    return false;
  }

  private suspectSessionLoss(): void {
    this.sessionLossSuspected = true;
    this.poller.pollNow();
  }

  private onPollHealth(health: PollHealth): void {
    this.pollFailures = health.consecutiveFailures;
    if (health.lost && this.phase === 'signed-in') {
      this.phase = 'connection-lost';
      this.logger.warn('connection to the gateway lost', { agentId: this.agentId, failures: health.consecutiveFailures });
    } else if (!health.lost && this.phase === 'connection-lost') {
      this.phase = 'signed-in';
      this.logger.info('connection to the gateway restored', { agentId: this.agentId });
    }
    this.emit();
  }

  private async expire(): Promise<void> {
    this.epoch++;
    this.logger.warn('session expired', { agentId: this.agentId });
    this.endSession('expired', SESSION_EXPIRED_NOTICE);
    await this.vault.forget(this.gatewayOrigin, this.agentId);
  }

  private endSession(phase: 'signed-out' | 'expired', notice: Notice | null): void {
    this.guid = null;
    this.guidHeadersAt = Number.NEGATIVE_INFINITY;
    this.phase = phase;
    this.authMode = null;
    this.pollFailures = 0;
    this.whisper = reduceWhisper(this.whisper, { kind: 'session-ended' });
    this.sessionLossSuspected = false;
    this.sessionNotice = notice;
    this.emit();
  }

  private emit(): void {
    const next = this.snapshot();
    const last = this.lastEmitted;
    if (last && sameSnapshot(last, next)) return;
    this.lastEmitted = next;
    // A stop may come any moment while monitoring a call: keep its connection open until then.
    const monitoring = next.whisper !== null && this.guid !== null;
    if (monitoring !== this.commandConnectionWarm) {
      this.commandConnectionWarm = monitoring;
      this.client.keepCommandConnectionWarm(monitoring);
    }
    for (const listener of this.changeListeners) {
      try {
        listener(next);
      } catch (error) {
        this.logger.error('state listener failed', { reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

function sameSnapshot(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return (
    a.phase === b.phase &&
    a.authMode === b.authMode &&
    a.pollFailures === b.pollFailures &&
    a.whisper === b.whisper &&
    sameNotice(a.notice, b.notice) &&
    a.demo === b.demo
  );
}

function succeeded(action: WhisperAction, target: string | null, outcome: { message: string; durationMs: number }): ActionResult {
  return { ok: true, action, target, retcode: '0', gatewayMessage: outcome.message, durationMs: outcome.durationMs };
}

function failed(action: WhisperAction, target: string | null, failure: Failure, durationMs: number): Extract<ActionResult, { ok: false }> {
  return { ok: false, action, target, failure, durationMs };
}

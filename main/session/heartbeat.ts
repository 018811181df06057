/**
 * The session's heartbeat: the event poll kept running while signed in (poller.ts paces it).
 * Each answer keeps the Guid fresh, feeds the whisper state and the event subscribers, and
 * tells connection health; a "no such session" answer is confirmed by one more poll before
 * the session is declared expired (protocol §2.4, §3).
 */
import { isSessionGone, retcodeOf } from '../../app/failures';
import type { GatewayEvent, Outcome } from '../gateway';
import type { Logger } from '../log/logger';
import type { GuidCustody } from './guid-custody';
import { Poller, type PollerOptions, type PollHealth, type PollVerdict } from './poller';
import type { SessionClient } from './session-options';
import type { PublishedState } from './session-state';
import { nextMonitoring } from '../../app/monitoring';

export interface HeartbeatDeps {
  readonly client: SessionClient;
  readonly agentId: string;
  readonly logger: Logger;
  readonly custody: GuidCustody;
  readonly state: PublishedState;
  readonly wallClock: () => number;
  readonly pollTimeoutMs: number;
  readonly staticAfterMs: number;
  readonly adoptGuid: (outcome: Outcome, epoch: number) => void;
  /** The gateway confirmed the session is gone. */
  readonly expire: () => Promise<void>;
  readonly pacing: Omit<PollerOptions, 'pollOnce' | 'onHealth'>;
}

export class Heartbeat {
  private readonly poller: Poller;
  private readonly eventListeners = new Set<(e: GatewayEvent) => void>();
  /** A session-loss answer seen and not yet confirmed or cleared by a poll. */
  private lossSuspected = false;

  constructor(private readonly deps: HeartbeatDeps) {
    this.poller = new Poller({ ...deps.pacing, pollOnce: (signal) => this.pollOnce(signal), onHealth: (health) => this.onHealth(health) });
  }

  start(): void {
    this.poller.start();
  }

  /** Resolves once no poll is in flight: none follows. */
  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** A new session, or one that ended: no loss is suspected. */
  clearSuspicion(): void {
    this.lossSuspected = false;
  }

  onEvent(listener: (e: GatewayEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  clearListeners(): void {
    this.eventListeners.clear();
  }

  /** A command was answered "no such session": confirm with a poll now. */
  suspectSessionLoss(): void {
    this.lossSuspected = true;
    this.poller.pollNow();
  }

  /** Hands the event to subscribers and the whisper state; true when it suggests the session ended. */
  dispatch(event: GatewayEvent): boolean {
    const { state, logger, agentId } = this.deps;
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error('event listener failed', { eventType: event.eventType, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const whisper = nextMonitoring(state.whisper, { kind: 'event', event, inspectorId: agentId, at: this.deps.wallClock() });
    if (whisper !== state.whisper) {
      state.whisper = whisper;
      state.publish();
    }
    // "If that event arrives, the agent is signed out" (protocol §2.4): confirm with a poll.
    if (event.eventType === 'AgentOther_ShutdownService' && (event.workNo === undefined || event.workNo === agentId)) {
      this.lossSuspected = true;
      return true;
    }
    return false;
  }

  private async pollOnce(signal: AbortSignal): Promise<PollVerdict> {
    const { custody, state, client, agentId } = this.deps;
    const epoch = custody.epoch;
    const outcome = await client.pollEvent(agentId, custody.source, { timeoutMs: this.deps.pollTimeoutMs, signal });
    if (signal.aborted || epoch !== custody.epoch) return 'stop';
    this.deps.adoptGuid(outcome, epoch);
    if (outcome.ok) {
      this.lossSuspected = false;
      if (state.authMode === null && this.deps.wallClock() - custody.adoptedAt >= this.deps.staticAfterMs) {
        state.authMode = 'static';
        state.publish();
      }
      if (outcome.result) return this.dispatch(outcome.result) ? 'again' : 'event';
      return 'ok';
    }
    if (!isSessionGone(outcome.failure)) return 'failed';
    if (!this.lossSuspected) {
      // 100-006/000-003 once may be a race with a rotation: confirm with one more poll.
      this.lossSuspected = true;
      this.deps.logger.warn('session loss suspected, confirming with one more poll', { agentId, retcode: retcodeOf(outcome.failure) });
      return 'again';
    }
    await this.deps.expire();
    return 'stop';
  }

  private onHealth(health: PollHealth): void {
    const { state, logger, agentId } = this.deps;
    state.pollFailures = health.consecutiveFailures;
    if (health.lost && state.phase === 'signed-in') {
      state.phase = 'connection-lost';
      logger.warn('connection to the gateway lost', { agentId, failures: health.consecutiveFailures });
    } else if (!health.lost && state.phase === 'connection-lost') {
      state.phase = 'signed-in';
      logger.info('connection to the gateway restored', { agentId });
    }
    state.publish();
  }
}

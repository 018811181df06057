/**
 * The gateway commands a signed-in session sends on the inspector's behalf: the whisper
 * (stop, start, switch), the console (listen, insert, intercept, ending a listen or insert)
 * and the roster read. Each reads the Guid at send time from the custody, refuses plainly when
 * there is none, and reports back a SessionResult; the whisper state follows a success.
 */
import { isSessionGone } from '../../app/failures';
import type { RosterResult } from '../../app/roster';
import type { WhisperMode } from '../../app/whisper';
import type { Outcome } from '../gateway';
import type { Logger } from '../log/logger';
import type { GuidCustody } from './guid-custody';
import type { SessionClient } from './session-options';
import { refused, resultOf, type SessionResult } from './session-result';
import type { MonitoringInput } from '../../app/monitoring';

/** What the commands need of the session that owns them. */
export interface CommandHost {
  readonly client: SessionClient;
  readonly agentId: string;
  readonly custody: GuidCustody;
  readonly logger: Logger;
  readonly wallClock: () => number;
  /** Takes the Guid an answer brought (and what it says about the authentication mode). */
  adoptGuid(outcome: Outcome, epoch: number): void;
  /** A command succeeded in the current epoch: the whisper state follows. */
  applyWhisper(input: MonitoringInput): void;
  /** The gateway answered "no such session": confirm with a poll. */
  suspectSessionLoss(): void;
}

const NOT_SIGNED_IN = refused({ kind: 'not-signed-in' });

export class SessionCommands {
  constructor(private readonly host: CommandHost) {}

  /** The urgent path: uses the in-memory Guid, never waits for the keychain or the poller. */
  stopWhisper(target?: string): Promise<SessionResult> {
    return this.send((guid) => this.host.client.stopWhisper(this.host.agentId, guid, target), (at) => ({ kind: 'stopped', at }));
  }

  /** Ends a listen or insert on workNo (protocol §1.6): requeststopwhisperagent ends only a whisper (§1.2). */
  cancelListenOrInsert(workNo: string): Promise<SessionResult> {
    return this.send((guid) => this.host.client.cancelListenOrInsert(this.host.agentId, guid, workNo), (at) => ({ kind: 'stopped', at }));
  }

  startWhisper(target: string): Promise<SessionResult> {
    return this.send((guid) => this.host.client.startWhisper(this.host.agentId, guid, target), (at) => ({ kind: 'started', target, at }));
  }

  switchMode(mode: WhisperMode, target?: string): Promise<SessionResult> {
    return this.send(
      (guid) => this.host.client.switchWhisper(this.host.agentId, guid, mode, target),
      (at) => ({ kind: 'switched', mode, target: target ?? null, at }),
    );
  }

  /** §1.4 / §1.5: starts listening to, or barging in on, workNo; the whisper state follows as after a switch. */
  startMonitoring(mode: 'listen' | 'insert', target: string): Promise<SessionResult> {
    const { client, agentId } = this.host;
    return this.send(
      (guid) => (mode === 'listen' ? client.listen(agentId, guid, target) : client.insert(agentId, guid, target)),
      (at) => ({ kind: 'switched', mode, target, at }),
    );
  }

  /** §1.8: the customer moves to the inspector, the agent is released; no QC mode is left. */
  intercept(target: string): Promise<SessionResult> {
    return this.send((guid) => this.host.client.intercept(this.host.agentId, guid, target), (at) => ({ kind: 'stopped', at }));
  }

  /** §1.9: the agents this inspector may monitor. A read: not audited, but it keeps the Guid fresh. */
  async roster(): Promise<RosterResult> {
    const { custody, client, agentId } = this.host;
    if (!custody.held) return { ok: false, failure: { kind: 'not-signed-in' } };
    const epoch = custody.epoch;
    const outcome = await client.roster(agentId, custody.source);
    this.host.adoptGuid(outcome, epoch);
    if (!outcome.ok) {
      if (epoch === custody.epoch && isSessionGone(outcome.failure)) this.host.suspectSessionLoss();
      return { ok: false, failure: outcome.failure };
    }
    if (outcome.result.dropped > 0) this.host.logger.warn('roster rows dropped: unreadable, or outside the agent-ID range', { dropped: outcome.result.dropped });
    return { ok: true, roster: { agents: outcome.result.agents, dropped: outcome.result.dropped, fetchedAt: this.host.wallClock() } };
  }

  private async send(call: (guid: () => string | null) => Promise<Outcome>, whisperInput: (at: number) => MonitoringInput): Promise<SessionResult> {
    const { custody } = this.host;
    if (!custody.held) return NOT_SIGNED_IN;
    const epoch = custody.epoch;
    const outcome = await call(custody.source);
    this.host.adoptGuid(outcome, epoch);
    const current = epoch === custody.epoch;
    if (outcome.ok && current) this.host.applyWhisper(whisperInput(this.host.wallClock()));
    if (!outcome.ok && current && isSessionGone(outcome.failure)) this.host.suspectSessionLoss();
    return resultOf(outcome);
  }
}

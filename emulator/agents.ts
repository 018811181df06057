import type { GuidBook } from './guid-book';
import { Mailbox } from './mailbox';
import type { QcMode } from './types';
import { PHONE_RANGE, SEED_AGENTS, DEMO_PASSWORD, crowdAgents, type OffCallStatus, type Role, type SeedAgent } from './seed';

/**
 * The gateway's view of its agents: who exists in which VDN, who is on a call, who is signed in
 * (through this emulator's API or from a simulated desk client elsewhere), their queued events,
 * and MAXTIME (protocol §3: an agent sending no request for MAXTIME is signed out).
 */
export interface Session {
  /** 'client' = signed in through the API; 'elsewhere' = a desk client the emulator simulates. */
  kind: 'client' | 'elsewhere';
  lastRequestAt: number;
  heldPolls: number;
  mailbox: Mailbox;
}

export interface QcState {
  mode: QcMode;
  target: string | null;
}

export interface AgentRecord {
  id: string;
  vdn: number;
  role: Role;
  name: string;
  /** Roster status while signed in and off a call (protocol §1.9). */
  offCallStatus: OffCallStatus;
  password: string;
  onCall: boolean;
  session: Session | null;
  qc: QcState;
}

/** 'displaced' = another client took the agent over; 'signed-out' = the agent is gone (logout, MAXTIME, control). */
export type SessionEndReason = 'signed-out' | 'displaced';
export type SessionEndListener = (agent: AgentRecord, reason: SessionEndReason) => void;
export type CallEndListener = (agentId: string) => void;

export class AgentBook {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly sessionEndListeners: SessionEndListener[] = [];
  private readonly callEndListeners: CallEndListener[] = [];

  constructor(
    private readonly guids: GuidBook,
    private readonly maxIdleMs: number,
    private readonly now: () => number,
    crowdSize: number,
  ) {
    const seeds: readonly SeedAgent[] = [...SEED_AGENTS, ...crowdAgents(crowdSize)];
    for (const seed of seeds) {
      const record: AgentRecord = {
        id: seed.id,
        vdn: seed.vdn,
        role: seed.role,
        name: seed.name ?? `Agent ${seed.id}`,
        offCallStatus: seed.offCallStatus ?? '4',
        password: DEMO_PASSWORD,
        onCall: seed.onCall,
        session: null,
        qc: { mode: 'idle', target: null },
      };
      if (seed.signedInElsewhere) record.session = this.newSession('elsewhere');
      this.agents.set(seed.id, record);
    }
  }

  get(agentId: string): AgentRecord | undefined {
    return this.agents.get(agentId);
  }

  all(): AgentRecord[] {
    return [...this.agents.values()];
  }

  /**
   * The §1.9 status code the roster shows, computed from the call model: signed out 2, on a call
   * (or monitoring one) 7, otherwise the agent's off-call state. Status 1 ("signed in", no further
   * state) and 0 ("unknown") are codes a real gateway may send; this model never needs them [inferred].
   */
  statusOf(agent: AgentRecord): string {
    if (!agent.session) return '2';
    if (agent.onCall || agent.qc.mode !== 'idle') return '7';
    return agent.role === 'inspector' ? '4' : agent.offCallStatus;
  }

  onSessionEnd(listener: SessionEndListener): void {
    this.sessionEndListeners.push(listener);
  }

  onCallEnd(listener: CallEndListener): void {
    this.callEndListeners.push(listener);
  }

  /** Starts an API session (ending any current one first) and returns its first Guid. */
  startClientSession(agent: AgentRecord): string {
    if (agent.session) this.endSession(agent, 'displaced');
    agent.session = this.newSession('client');
    return this.guids.issue(agent.id);
  }

  /** A simulated desk client takes the agent over (forced sign-in elsewhere): our Guids stop working. */
  displace(agent: AgentRecord): void {
    if (agent.session) this.endSession(agent, 'displaced');
    agent.session = this.newSession('elsewhere');
  }

  endSession(agent: AgentRecord, reason: SessionEndReason): void {
    const session = agent.session;
    if (!session) return;
    for (const listener of this.sessionEndListeners) listener(agent, reason);
    agent.session = null;
    this.guids.revokeAll(agent.id);
    session.mailbox.end();
  }

  /** Any authenticated request keeps the agent alive. */
  touch(agent: AgentRecord): void {
    if (agent.session) agent.session.lastRequestAt = this.now();
  }

  /**
   * MAXTIME. A poll the gateway is still holding counts as contact, and simulated desk
   * sessions are kept alive by their (imaginary) own client [inferred].
   */
  expireIdle(): void {
    const now = this.now();
    for (const agent of this.agents.values()) {
      const s = agent.session;
      if (s && s.kind === 'client' && s.heldPolls === 0 && now - s.lastRequestAt >= this.maxIdleMs) {
        this.endSession(agent, 'signed-out');
      }
    }
  }

  queueEvent(agentId: string, eventType: string, content: unknown): void {
    const agent = this.agents.get(agentId);
    // Nobody is signed in to receive it; the gateway has nowhere to put it [inferred].
    if (!agent?.session) return;
    agent.session.mailbox.push({ eventType, workNo: agentId, content, eventGenTime: Date.now() });
  }

  startCall(agent: AgentRecord): void {
    agent.onCall = true;
  }

  endCall(agent: AgentRecord): void {
    agent.onCall = false;
    for (const listener of this.callEndListeners) listener(agent.id);
  }

  /** Work numbers are decimal, no leading zero, 101–999999 (the 2025 edition's range, a superset of the older 59999). */
  static isWellFormedId(id: string): boolean {
    return /^[1-9][0-9]{2,5}$/.test(id) && Number(id) >= 101;
  }

  static phoneProblem(phone: string): 'not-digits' | 'out-of-range' | null {
    if (!/^[0-9]+$/.test(phone)) return 'not-digits';
    const n = Number(phone);
    return n < PHONE_RANGE.min || n > PHONE_RANGE.max ? 'out-of-range' : null;
  }

  shutdown(): void {
    for (const agent of this.agents.values()) agent.session?.mailbox.end();
  }

  private newSession(kind: Session['kind']): Session {
    return { kind, lastRequestAt: this.now(), heldPolls: 0, mailbox: new Mailbox() };
  }
}

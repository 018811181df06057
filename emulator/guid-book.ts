import { randomUUID } from 'node:crypto';

/**
 * Which Guids each agent holds and whether they still open the door (protocol §4).
 * Static (AUTHMODE 1): one Guid per sign-in, valid until the session ends.
 * Dynamic (AUTHMODE 2): a new Guid every GUIDINTERVAL, each expiring GUIDTIMEOUT after issue.
 */
export interface GuidPolicy {
  mode: 'static' | 'dynamic';
  intervalMs: number;
  timeoutMs: number;
}

interface IssuedGuid {
  value: string;
  issuedAt: number;
}

/** The documented example's shape; the suffix names the gateway node [inferred]. */
function newGuid(): string {
  return `${randomUUID()}.AgentGateway0`;
}

export class GuidBook {
  private readonly live = new Map<string, IssuedGuid[]>();
  private readonly history = new Map<string, string[]>();

  constructor(
    private readonly policy: GuidPolicy,
    private readonly now: () => number,
  ) {}

  issue(agentId: string): string {
    const value = newGuid();
    const held = this.live.get(agentId) ?? [];
    held.push({ value, issuedAt: this.now() });
    this.live.set(agentId, held);
    this.history.set(agentId, [...(this.history.get(agentId) ?? []), value]);
    return value;
  }

  /** Older Guids keep working until their own expiry, so a poll racing a rotation is not refused [inferred]. */
  isValid(agentId: string, guid: string): boolean {
    return this.unexpired(agentId).some((g) => g.value === guid);
  }

  current(agentId: string): string | null {
    const held = this.unexpired(agentId);
    return held.length > 0 ? (held[held.length - 1] as IssuedGuid).value : null;
  }

  /** When the current Guid is due to be replaced; null when it never rotates. */
  rotationDueAt(agentId: string): number | null {
    if (this.policy.mode === 'static') return null;
    const held = this.live.get(agentId);
    const newest = held?.[held.length - 1];
    return newest ? newest.issuedAt + this.policy.intervalMs : null;
  }

  /** Issues the next Guid when GUIDINTERVAL has passed since the current one; returns it, else null. */
  rotateIfDue(agentId: string): string | null {
    const due = this.rotationDueAt(agentId);
    return due !== null && this.now() >= due ? this.issue(agentId) : null;
  }

  /** Keeps only the newest Guid (updateGuid: the page that held the older ones is gone [inferred]). */
  keepOnlyNewest(agentId: string): void {
    const held = this.live.get(agentId);
    if (held && held.length > 1) this.live.set(agentId, held.slice(-1));
  }

  revokeAll(agentId: string): void {
    this.live.delete(agentId);
  }

  issued(agentId: string): string[] {
    return [...(this.history.get(agentId) ?? [])];
  }

  private unexpired(agentId: string): IssuedGuid[] {
    const held = this.live.get(agentId) ?? [];
    if (this.policy.mode === 'static') return held;
    const now = this.now();
    const alive = held.filter((g) => now < g.issuedAt + this.policy.timeoutMs);
    if (alive.length !== held.length) this.live.set(agentId, alive);
    return alive;
  }
}

/**
 * Custody of one session's Guid. It lives in this object's memory (every request reads it
 * through `source` at send time) and is mirrored to the OS keychain for resume; it never
 * appears in a snapshot, an event or a log line.
 *
 * Two guards keep an old answer from bringing back an old Guid:
 * - the epoch, bumped at every sign-in, sign-out and expiry: answers to requests sent in an
 *   earlier epoch are ignored;
 * - the headers' arrival time: with a poll and a stop in flight, the Guid from the headers that
 *   arrived last wins (docs/reliability.md).
 */
import type { GuidVault } from '../vault/guid-vault';

export interface GuidCarrier {
  /** The Guid from a Set-GUID header, if the response had one. */
  readonly setGuid: string | null;
  /** performance.now() when the response headers arrived. */
  readonly headersAt: number;
}

export type Adoption = 'ignored' | 'unchanged' | 'first' | 'rotated';

export class GuidCustody {
  private guid: string | null = null;
  /** When the headers that brought the current Guid arrived; newest wins. */
  private headersAt = Number.NEGATIVE_INFINITY;
  private adoptedAtMs = 0;
  private epochValue = 0;
  /** What every request reads its Guid from, at send time. */
  readonly source = (): string | null => this.guid;

  constructor(
    private readonly vault: GuidVault,
    private readonly gatewayOrigin: string,
    private readonly agentId: string,
    private readonly wallClock: () => number,
  ) {}

  get held(): boolean {
    return this.guid !== null;
  }

  /** The Guid itself, only for the sign-out request. */
  get current(): string | null {
    return this.guid;
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** Wall-clock time the current Guid was adopted (for telling static from dynamic authentication). */
  get adoptedAt(): number {
    return this.adoptedAtMs;
  }

  /** Starts a new epoch: answers to requests sent before are from now on ignored. */
  newEpoch(): number {
    return ++this.epochValue;
  }

  /** Keeps the Guid a response brought, unless it is older than the one held or from an earlier epoch. */
  adopt(carrier: GuidCarrier, epoch: number): Adoption {
    if (epoch !== this.epochValue || carrier.setGuid === null) return 'ignored';
    if (carrier.headersAt < this.headersAt) return 'ignored';
    this.headersAt = carrier.headersAt;
    if (carrier.setGuid === this.guid) return 'unchanged';
    const adoption: Adoption = this.guid === null ? 'first' : 'rotated';
    this.guid = carrier.setGuid;
    this.adoptedAtMs = this.wallClock();
    this.vault.keep(this.gatewayOrigin, this.agentId, carrier.setGuid);
    return adoption;
  }

  /** Takes up the Guid kept in the keychain, if there is one (resume at start). */
  async restore(): Promise<boolean> {
    const stored = await this.vault.load(this.gatewayOrigin, this.agentId);
    if (!stored) return false;
    this.guid = stored;
    this.adoptedAtMs = this.wallClock();
    this.headersAt = Number.NEGATIVE_INFINITY;
    return true;
  }

  /** Lets go of the Guid in memory; the keychain copy stays (see forget). */
  drop(): void {
    this.guid = null;
    this.headersAt = Number.NEGATIVE_INFINITY;
  }

  /** Deletes the keychain copy: the session is over on the gateway. */
  forget(): Promise<void> {
    return this.vault.forget(this.gatewayOrigin, this.agentId);
  }
}

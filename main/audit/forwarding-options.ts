/**
 * What the audit forwarder (audit-forwarder.ts) is given: the trail it reads, its timings
 * (backoff, batch, linger; tests shorten them against a local collector) and where it keeps its cursor.
 */
import type { Logger } from '../log/logger';
import type { ForwardingPolicy } from './forwarding-policy';

/** What the forwarder needs of the audit trail (AuditTrail provides it). */
export interface ForwardingSource {
  readLines(): Promise<string[]>;
  spoolBytes(): Promise<number>;
  onRecord(listener: () => void): () => void;
  setRotationGuard(guard: ((file: string) => Promise<boolean>) | null): void;
}

export interface ForwardingTiming {
  /** A new record waits this long, so records close together share one session. */
  readonly lingerMs: number;
  /** Records per session; the cursor moves once per session. */
  readonly batchSize: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /**
   * The write timeout: a session making no progress for this long fails, and a stalled collector
   * shows as such (state 'waiting', lastError 'stalled') within 2 × this of its last read.
   */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_FORWARDING_TIMING: ForwardingTiming = {
  lingerMs: 250,
  batchSize: 1000,
  backoffInitialMs: 1000,
  backoffMaxMs: 60_000,
  idleTimeoutMs: 2500,
};

export interface AuditForwarderOptions {
  readonly policy: ForwardingPolicy;
  readonly source: ForwardingSource;
  /** The folder of the cursor file (the user-data folder). */
  readonly dir: string;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly hostname?: string;
  readonly timing?: Partial<ForwardingTiming>;
}

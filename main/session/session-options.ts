/**
 * What an inspector session is built from, and the timings it runs on by default.
 */
import { POLL_HOLD_MS, type GatewayClient } from '../gateway';
import type { Logger } from '../log/logger';
import type { GuidVault } from '../vault/guid-vault';

/** The gateway's long-poll hold is the gateway client's to know (protocol §3). */
export { POLL_HOLD_MS };
/** Added to the hold so a held poll is never cut short by our own timeout. */
export const POLL_MARGIN_MS = 5_000;

/**
 * Dynamic authentication expires a Guid GUIDTIMEOUT after issue (120 s by default, protocol §4),
 * so a session still answering on an unrotated Guid after that, plus a margin, is static [inferred].
 */
export const STATIC_AFTER_MS = 130_000;

/** The gateway calls a session makes. */
export type SessionClient = Pick<
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

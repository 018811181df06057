/**
 * When to hedge: a request of a command that asks for an end state (stop, cancel listen/insert,
 * back-to-listen) that has seen no answer byte within the hedge delay is sent again on the warm
 * standby (gateway-http.ts, dialer.ts). Why this is safe, and never done for start or
 * switch-to-whisper or insert: docs/reliability.md, "Hedged stop".
 */

/** Before any answer time is known: the delay a first hedge waits. */
export const HEDGE_FLOOR_MS = 250;
/**
 * Never sooner than this, whatever the answers measured: below it, the client's own event-loop
 * delay on a busy workstation, not the network, is the likely cause of the silence (and it stays
 * well under TCP's 200 ms retransmission timeout, where a hedge must start to beat it).
 */
const HEDGE_MIN_MS = 100;
/** Answer times remembered: the hedge delay follows the recent ones. */
const SAMPLES_KEPT = 200;
/** Fewer samples than this and the p99 is not known yet: the floor stands. */
const SAMPLES_NEEDED = 8;

/**
 * The answer times the client has measured (request sent to headers in, on commands), and the
 * hedges it sent and won. The hedge delay is the p99 of the recent answer times, never below
 * 2 × the quickest (a round trip and the gateway's own work), so a hedge fires only where an
 * answer is truly late rather than where TCP's own loss recovery is about to deliver it.
 */
export class RoundTrips {
  private readonly samples: number[] = [];
  hedgesSent = 0;
  hedgesWon = 0;

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.samples.push(ms);
    if (this.samples.length > SAMPLES_KEPT) this.samples.shift();
  }

  /** The quickest answer in the recent ones (an upper bound of the round trip); null before any. */
  get quickestMs(): number | null {
    return this.samples.length === 0 ? null : Math.min(...this.samples);
  }

  /** p99 of the recent answer times, floor 2 × the quickest and 100 ms; never more than half the deadline. */
  hedgeDelayMs(timeoutMs: number): number {
    if (this.samples.length < SAMPLES_NEEDED) return Math.min(HEDGE_FLOOR_MS, timeoutMs / 2);
    const sorted = [...this.samples].sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
    return Math.min(Math.max(p99, 2 * sorted[0]!, HEDGE_MIN_MS), timeoutMs / 2);
  }
}

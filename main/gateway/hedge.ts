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
 * TCP's minimum retransmission timeout (Linux, RFC 6298 §2.4 allows 1 s; Windows and macOS use
 * 200–300 ms). An answer later than this past the quickest one waited for TCP to resend a lost
 * segment: a hedge is there to beat exactly that wait, so it must start before it.
 */
const TCP_MIN_RTO_MS = 200;
/**
 * Loss recovery is rare (a path losing 1 % of packets delays ~2 % of exchanges). When more of
 * the answers than this are that late, the gateway itself is slow, not the path, and a hedge
 * would only double its work: those answers then count like the others.
 */
const RECOVERY_SHARE_MAX = 0.05;

/**
 * The answer times the client has measured (request written on a kept connection to headers in,
 * first requests of commands only: no handshake in them), and the hedges it sent and won. The
 * hedge delay follows the answers of the commands that may be hedged (stop, cancel, back-to-listen:
 * the gateway's work for a start or a roster query may differ): the p99 of the recent ones that TCP
 * did not have to recover, never below 100 ms nor below twice the quick answer (a round trip and
 * the gateway's own work) unless that would start it after TCP's own recovery (docs/reliability.md,
 * "Hedged stop"). On a lossy path the hedge then fires before TCP's recovery would deliver, where
 * it can win, and on a clean path almost never.
 */
export class RoundTrips {
  /** Every command's answer times (the quickest bounds the keep-alive race: dialer.ts). */
  private readonly samples: number[] = [];
  /** The answer times of commands that may be hedged. */
  private readonly endStateSamples: number[] = [];
  hedgesSent = 0;
  hedgesWon = 0;

  /** One answer time; `endState` when the command asked for an end state and may be hedged. */
  add(ms: number, endState: boolean): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    keep(this.samples, ms);
    if (endState) keep(this.endStateSamples, ms);
  }

  /** The quickest answer in the recent ones (an upper bound of the round trip); null before any. */
  get quickestMs(): number | null {
    return this.samples.length === 0 ? null : Math.min(...this.samples);
  }

  /** When a request of the action, silent so far, is hedged; never more than half the deadline. */
  hedgeDelayMs(timeoutMs: number): number {
    const n = this.endStateSamples.length;
    if (n < SAMPLES_NEEDED) return Math.min(HEDGE_FLOOR_MS, timeoutMs / 2);
    const sorted = [...this.endStateSamples].sort((a, b) => a - b);
    // The quick answer: the p5, so that one answer from a shortcut (a cache, a closer node) does not move the rule.
    const quick = sorted[Math.floor(0.05 * n)]!;
    const unrecovered = sorted.filter((ms) => ms <= quick + TCP_MIN_RTO_MS);
    const recovered = n - unrecovered.length;
    const counted = recovered <= Math.max(1, RECOVERY_SHARE_MAX * n) ? unrecovered : sorted;
    const p99 = counted[Math.min(counted.length - 1, Math.ceil(0.99 * counted.length) - 1)]!;
    // Twice the quick answer, but never so far past it that TCP's recovery would come first.
    const floor = Math.min(2 * quick, quick + TCP_MIN_RTO_MS / 2);
    return Math.min(Math.max(p99, floor, HEDGE_MIN_MS), timeoutMs / 2);
  }
}

function keep(samples: number[], ms: number): void {
  samples.push(ms);
  if (samples.length > SAMPLES_KEPT) samples.shift();
}

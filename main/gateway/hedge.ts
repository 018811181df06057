/**
 * Hedging: a request that has seen no answer byte within a delay is sent again on a fresh
 * connection; the first answer wins and the other is abandoned. Why this is safe for the stop,
 * cancel-listen/insert and back-to-listen, and never done for start or switch-to-whisper or insert:
 * docs/reliability.md, "Hedged stop".
 */

/** Never hedge sooner than this: below it, a busy gateway rather than a lost connection is the likely cause. */
export const HEDGE_FLOOR_MS = 250;
/** A hedge is sent this many smoothed round trips after the request, if still unanswered. */
const HEDGE_RTT_MULTIPLE = 4;
/** Smoothing of the measured round trips (TCP's SRTT gain, RFC 6298). */
const RTT_GAIN = 1 / 8;

/** The round trips the client has measured (request written to headers in), smoothed. */
export class RoundTrips {
  private smoothed: number | null = null;

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.smoothed = this.smoothed === null ? ms : this.smoothed + RTT_GAIN * (ms - this.smoothed);
  }

  /** max(4 × smoothed RTT, 250 ms), and never more than half the deadline: the hedge must have time to answer. */
  hedgeDelayMs(timeoutMs: number): number {
    const derived = Math.max(HEDGE_RTT_MULTIPLE * (this.smoothed ?? 0), HEDGE_FLOOR_MS);
    return Math.min(derived, timeoutMs / 2);
  }
}

export interface Hedgeable<R> {
  /** Starts the first request; it calls `answering` when its first answer byte (the headers) arrives. */
  readonly primary: (answering: () => void) => Promise<R>;
  /** Starts the hedge, on a fresh connection. */
  readonly hedge: () => Promise<R>;
  readonly delayMs: number;
  /** Whether a settled request carries the gateway's answer (any status), rather than a failure. */
  readonly answered: (result: R) => boolean;
  readonly abandonPrimary: () => void;
  readonly abandonHedge: () => void;
}

export interface HedgeResult<R> {
  readonly result: R;
  /** Which request's answer this is. */
  readonly from: 'primary' | 'hedge';
}

/**
 * Races the primary against a hedge sent after `delayMs` of silence. The first answer wins and
 * the other is abandoned; when one fails, the other is still awaited; when both fail, the
 * primary's failure is reported (it ran longest and says most).
 */
export function race<R>(h: Hedgeable<R>): Promise<HedgeResult<R>> {
  return new Promise((resolve) => {
    let done = false;
    let hedgeSent = false;
    let primaryFailed: R | null = null;
    let hedgeFailed = false;
    let primarySettled = false;
    const finish = (result: R, from: 'primary' | 'hedge') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ result, from });
    };
    const timer = setTimeout(() => {
      if (done || primarySettled) return;
      hedgeSent = true;
      void h.hedge().then((result) => {
        if (h.answered(result)) {
          h.abandonPrimary();
          return finish(result, 'hedge');
        }
        hedgeFailed = true;
        if (primaryFailed !== null) finish(primaryFailed, 'primary');
      });
    }, h.delayMs);
    void h
      .primary(() => clearTimeout(timer))
      .then((result) => {
        primarySettled = true;
        if (h.answered(result) || !hedgeSent || hedgeFailed) {
          if (hedgeSent) h.abandonHedge();
          return finish(result, 'primary');
        }
        primaryFailed = result;
      });
  });
}

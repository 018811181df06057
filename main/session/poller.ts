/**
 * The heartbeat: one event poll after another for as long as the session lives.
 * The poll is also what keeps the agent signed in (protocol §3: nothing polled for
 * MAXTIME, 2 minutes by default, signs the agent out) and, in dynamic
 * authentication, the only call that brings the next Guid.
 *
 * Timing, all injectable:
 * - after a successful poll: `intervalMs` (default 300 ms; the protocol asks 200–500 ms),
 *   or the protocol's minimum of 200 ms when the answer carried an event (more may be queued);
 * - after a failed poll (network error, timeout, unexpected answer): exponential
 *   backoff `backoffInitialMs` doubling up to `backoffMaxMs` (500 ms → 1 s → 2 s → 4 s, then 4 s);
 * - "connection lost" is declared at the first failure that is either the
 *   `lostAfterFailures`-th in a row (default 3) or comes `lostAfterMs` (default
 *   15 s) or more after the last good answer. A refusing gateway is therefore
 *   reported within about 1.5 s plus three request durations; a gateway that stops
 *   answering altogether within one poll timeout (hold 10 s + margin 5 s = 15 s).
 *   The first good answer clears it.
 * Sleeping is a plain timer and a poll is one pending request: idling costs nothing.
 */

export type PollVerdict =
  /** The gateway answered normally: reset failure counting. */
  | 'ok'
  /**
   * The gateway answered with an event. It hands out one event per response
   * (protocol §3 [inferred]), so more may be queued: poll again after the
   * shortest pause the protocol allows (200 ms) rather than the usual one, so a
   * call end behind a few other events still reaches the tray promptly.
   */
  | 'event'
  /** Transport or server trouble: count it and back off. */
  | 'failed'
  /** Poll again at once, without waiting (used to confirm a session loss once). */
  | 'again'
  /** The session is over (expired, signed out): the poller ends. */
  | 'stop';

export interface PollHealth {
  readonly consecutiveFailures: number;
  readonly lost: boolean;
}

export interface PollerOptions {
  /** One poll; must settle promptly when `signal` aborts. */
  pollOnce(signal: AbortSignal): Promise<PollVerdict>;
  onHealth(health: PollHealth): void;
  intervalMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  lostAfterFailures?: number;
  lostAfterMs?: number;
  /** Monotonic clock, injectable for tests. */
  now?: () => number;
}

export const POLL_INTERVAL_MS = 300;
export const MIN_POLL_INTERVAL_MS = 200;
export const MAX_POLL_INTERVAL_MS = 500;
export const POLL_BACKOFF_INITIAL_MS = 500;
export const POLL_BACKOFF_MAX_MS = 4_000;
export const LOST_AFTER_FAILURES = 3;
export const LOST_AFTER_MS = 15_000;

export function backoffDelay(failures: number, initialMs = POLL_BACKOFF_INITIAL_MS, maxMs = POLL_BACKOFF_MAX_MS): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20));
}

export class Poller {
  private readonly intervalMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly lostAfterFailures: number;
  private readonly lostAfterMs: number;
  private readonly now: () => number;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private urgent = false;
  private failures = 0;
  private lost = false;
  private lastGoodAt = 0;

  constructor(private readonly options: PollerOptions) {
    this.intervalMs = clampInterval(options.intervalMs ?? POLL_INTERVAL_MS);
    this.backoffInitialMs = options.backoffInitialMs ?? POLL_BACKOFF_INITIAL_MS;
    this.backoffMaxMs = options.backoffMaxMs ?? POLL_BACKOFF_MAX_MS;
    this.lostAfterFailures = options.lostAfterFailures ?? LOST_AFTER_FAILURES;
    this.lostAfterMs = options.lostAfterMs ?? LOST_AFTER_MS;
    this.now = options.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Starts polling unless already running: there is never more than one loop. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.failures = 0;
    this.lost = false;
    this.lastGoodAt = this.now();
    this.loop = this.run(controller.signal).finally(() => {
      if (this.controller === controller) {
        this.controller = null;
        this.loop = null;
      }
    });
  }

  /** Skips the current wait so the next poll goes out now (e.g. to confirm a suspected session loss). */
  pollNow(): void {
    this.urgent = true;
    this.wake?.();
  }

  /** Aborts the poll in flight and resolves once no poll can be sent any more. */
  async stop(): Promise<void> {
    const loop = this.loop;
    this.controller?.abort();
    this.wake?.();
    if (loop) await loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let verdict: PollVerdict;
      try {
        verdict = await this.options.pollOnce(signal);
      } catch {
        verdict = 'failed';
      }
      if (signal.aborted || verdict === 'stop') return;
      if (verdict === 'again') continue;
      if (verdict === 'ok' || verdict === 'event') {
        this.lastGoodAt = this.now();
        this.report(0, false);
        await this.sleep(verdict === 'event' ? Math.min(this.intervalMs, MIN_POLL_INTERVAL_MS) : this.intervalMs, signal);
      } else {
        const failures = this.failures + 1;
        const lost = this.lost || failures >= this.lostAfterFailures || this.now() - this.lastGoodAt >= this.lostAfterMs;
        this.report(failures, lost);
        await this.sleep(backoffDelay(failures, this.backoffInitialMs, this.backoffMaxMs), signal);
      }
    }
  }

  private report(failures: number, lost: boolean): void {
    if (failures === this.failures && lost === this.lost) return;
    this.failures = failures;
    this.lost = lost;
    this.options.onHealth({ consecutiveFailures: failures, lost });
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.urgent) {
        this.urgent = false;
        return resolve();
      }
      const done = (): void => {
        this.urgent = false;
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}

/** Keeps the cadence inside the protocol's 200–500 ms (§3). */
function clampInterval(ms: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, ms));
}

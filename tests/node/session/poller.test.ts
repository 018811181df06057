import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, Poller, type PollHealth, type PollVerdict } from '@main/session/poller';

afterEach(() => {
  vi.useRealTimers();
});

/** A poll that answers with the next scripted verdict after `latencyMs` (fake time), honouring abort. */
function scripted(verdicts: PollVerdict[], latencyMs = 10) {
  const calls: number[] = [];
  let fallback: PollVerdict = 'ok';
  const pollOnce = (signal: AbortSignal): Promise<PollVerdict> => {
    calls.push(Date.now());
    const verdict = verdicts.shift() ?? fallback;
    return new Promise((resolve) => {
      // As the real client does: the abort listener lives only as long as its poll.
      const onAbort = () => {
        clearTimeout(timer);
        resolve('stop');
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(verdict);
      }, latencyMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { calls, pollOnce, setFallback: (v: PollVerdict) => (fallback = v) };
}

describe('heartbeat poller', () => {
  it('backs off exponentially on failures, bounded at a few seconds', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('waits the interval (default 300 ms) between good polls and keeps the interval within 200–500 ms', async () => {
    vi.useFakeTimers({ now: 0 });
    const script = scripted([]);
    const poller = new Poller({ pollOnce: script.pollOnce, onHealth: () => undefined });
    poller.start();
    poller.start(); // a second start never makes a second loop
    await vi.advanceTimersByTimeAsync(3050);
    await poller.stop();
    // each cycle = 10 ms answer + 300 ms pause → 10 polls in 3.05 s, one loop only
    expect(script.calls).toHaveLength(10);
    const gaps = script.calls.slice(1).map((t, i) => t - (script.calls[i] as number));
    expect(new Set(gaps)).toEqual(new Set([310]));

    const fast = scripted([]);
    const clamped = new Poller({ pollOnce: fast.pollOnce, onHealth: () => undefined, intervalMs: 10 });
    clamped.start();
    await vi.advanceTimersByTimeAsync(1000);
    await clamped.stop();
    expect(fast.calls.length).toBeLessThanOrEqual(5); // 210 ms per cycle at least
  });

  it('after an answer that carried an event, waits only the protocol minimum (200 ms), never less', async () => {
    vi.useFakeTimers({ now: 0 });
    const script = scripted(['event', 'event', 'ok']);
    const poller = new Poller({ pollOnce: script.pollOnce, onHealth: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(800);
    await poller.stop();
    // 10 ms answers; 200 ms after each event, then the usual 300 ms after the plain 'ok'
    expect(script.calls).toEqual([0, 210, 420, 730]);
  });

  it('declares the connection lost at the 3rd consecutive failure and recovers at the next good answer', async () => {
    vi.useFakeTimers({ now: 0 });
    const script = scripted(['ok', 'failed', 'failed', 'failed', 'failed', 'ok']);
    const health: PollHealth[] = [];
    const poller = new Poller({ pollOnce: script.pollOnce, onHealth: (h) => health.push(h) });
    poller.start();
    await vi.advanceTimersByTimeAsync(20_000);
    await poller.stop();
    expect(health).toEqual([
      { consecutiveFailures: 1, lost: false },
      { consecutiveFailures: 2, lost: false },
      { consecutiveFailures: 3, lost: true },
      { consecutiveFailures: 4, lost: true },
      { consecutiveFailures: 0, lost: false },
    ]);
    // 500 ms, 1 s, 2 s, 4 s between the failed polls
    const gaps = script.calls.slice(2, 6).map((t, i) => t - (script.calls[i + 1] as number));
    expect(gaps).toEqual([510, 1010, 2010, 4010]);
  });

  it('declares the connection lost at the first failure that comes 15 s after the last good answer (a hanging gateway)', async () => {
    vi.useFakeTimers({ now: 0 });
    const health: PollHealth[] = [];
    let n = 0;
    const pollOnce = (): Promise<PollVerdict> =>
      new Promise((resolve) => setTimeout(() => resolve(n++ === 0 ? 'ok' : 'failed'), n === 0 ? 10 : 15_000));
    const poller = new Poller({ pollOnce, onHealth: (h) => health.push(h), now: () => Date.now() });
    poller.start();
    await vi.advanceTimersByTimeAsync(15_400);
    expect(health).toEqual([{ consecutiveFailures: 1, lost: true }]);
    void poller.stop();
  });

  it('polls again at once on "again" and skips the pause after pollNow()', async () => {
    vi.useFakeTimers({ now: 0 });
    const script = scripted(['again', 'ok', 'ok']);
    const poller = new Poller({ pollOnce: script.pollOnce, onHealth: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(25);
    expect(script.calls).toEqual([0, 10]);
    await vi.advanceTimersByTimeAsync(100); // now sleeping after the 2nd poll
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(3);
    await poller.stop();
  });

  it('stop() aborts the poll in flight and no poll follows; "stop" from a poll ends the loop', async () => {
    vi.useFakeTimers({ now: 0 });
    const script = scripted([], 10_000);
    const poller = new Poller({ pollOnce: script.pollOnce, onHealth: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(50);
    await poller.stop();
    expect(poller.running).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(script.calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);

    const ending = scripted(['ok', 'stop']);
    const p2 = new Poller({ pollOnce: ending.pollOnce, onHealth: () => undefined });
    p2.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ending.calls).toHaveLength(2);
    expect(p2.running).toBe(false);
  });
});

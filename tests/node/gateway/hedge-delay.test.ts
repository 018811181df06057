import { describe, expect, it } from 'vitest';
import { RoundTrips } from '../../../main/gateway/hedge';

/** The hedge delay from the answer times measured (docs/reliability.md, "Hedged stop"). */
const DEADLINE_MS = 5000;

function measured(times: readonly number[]): RoundTrips {
  const roundTrips = new RoundTrips();
  for (const ms of times) roundTrips.add(ms);
  return roundTrips;
}

/** n answer times spread evenly over [from, to]. */
function spread(n: number, from: number, to: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / Math.max(1, n - 1));
}

describe('hedge delay', () => {
  it('before 8 answers are known: 250 ms, and never more than half the deadline', () => {
    expect(measured(spread(7, 20, 30)).hedgeDelayMs(DEADLINE_MS)).toBe(250);
    expect(measured([]).hedgeDelayMs(300)).toBe(150);
  });

  it('a clean 20 ms path: the 100 ms floor', () => {
    expect(measured(spread(200, 20, 30)).hedgeDelayMs(DEADLINE_MS)).toBe(100);
  });

  it('a slow but clean path: the p99, above twice the quickest', () => {
    const delay = measured(spread(200, 150, 190)).hedgeDelayMs(DEADLINE_MS);
    expect(delay).toBeGreaterThanOrEqual(300);
    expect(measured(spread(200, 60, 180)).hedgeDelayMs(DEADLINE_MS)).toBeCloseTo(spread(200, 60, 180)[197]!, 6);
  });

  it("a lossy path: answers that waited for TCP's recovery (quickest + 200 ms) do not set the delay, so the hedge starts before the recovery", () => {
    // 2 % of 200 answers met a loss and came ~250 ms late, the rest within 20–40 ms.
    const times = [...spread(196, 20, 40), 245, 250, 255, 260];
    const delay = measured(times).hedgeDelayMs(DEADLINE_MS);
    expect(delay).toBe(100);
    // Counted in, the p99 would have been a recovery time.
    expect(delay).toBeLessThan(20 + 200);
  });

  it('when more than 5 % of answers are that late, the gateway is slow, not the path: they count', () => {
    const times = [...spread(180, 20, 40), ...spread(20, 400, 600)];
    expect(measured(times).hedgeDelayMs(DEADLINE_MS)).toBeGreaterThanOrEqual(400);
  });

  it('never more than half the deadline', () => {
    expect(measured(spread(200, 1000, 3000)).hedgeDelayMs(DEADLINE_MS)).toBe(2500);
  });
});

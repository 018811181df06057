import { describe, expect, it } from 'vitest';
import { RoundTrips } from '../../../main/gateway/hedge';

/** The hedge delay from the answer times measured (docs/reliability.md, "Hedged stop"). */
const DEADLINE_MS = 5000;

function measured(times: readonly number[], endState = true): RoundTrips {
  const roundTrips = new RoundTrips();
  for (const ms of times) roundTrips.add(ms, endState);
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

  it('a clean path with spread answers: their p99', () => {
    expect(measured(spread(200, 60, 180)).hedgeDelayMs(DEADLINE_MS)).toBeCloseTo(spread(200, 60, 180)[197]!, 6);
  });

  it('a gateway whose own work is slow: twice the quick answer, but never past it by TCP\'s recovery time', () => {
    // 280–320 ms answers: twice the quick one (~560 ms) would start after a recovery (~480–520 ms).
    const delay = measured(spread(200, 280, 320)).hedgeDelayMs(DEADLINE_MS);
    expect(delay).toBeGreaterThanOrEqual(320);
    expect(delay).toBeLessThan(282 + 200);
    // A fast gateway keeps twice the quick answer: 60–70 ms answers hedge at 2 × ~60.
    expect(measured(spread(200, 60, 70)).hedgeDelayMs(DEADLINE_MS)).toBeGreaterThanOrEqual(120);
  });

  it('one answer far quicker than the rest does not move the rule', () => {
    const without = measured(spread(199, 220, 260)).hedgeDelayMs(DEADLINE_MS);
    expect(measured([1, ...spread(199, 220, 260)]).hedgeDelayMs(DEADLINE_MS)).toBe(without);
  });

  it('few answers yet: one recovered answer in ten is already left out', () => {
    expect(measured([...spread(9, 20, 30), 250]).hedgeDelayMs(DEADLINE_MS)).toBe(100);
    // Two in ten is no longer rare: the gateway is that slow, they count.
    expect(measured([...spread(8, 20, 30), 250, 260]).hedgeDelayMs(DEADLINE_MS)).toBeGreaterThanOrEqual(250);
  });

  it('only the commands that may be hedged set the delay; the others only the quickest answer', () => {
    const roundTrips = measured(spread(200, 20, 30), false);
    expect(roundTrips.quickestMs).toBe(20);
    expect(roundTrips.hedgeDelayMs(DEADLINE_MS)).toBe(250);
    for (const ms of spread(20, 300, 400)) roundTrips.add(ms, true);
    expect(roundTrips.hedgeDelayMs(DEADLINE_MS)).toBeGreaterThanOrEqual(390);
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

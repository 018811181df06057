import { describe, expect, it } from 'vitest';
import { offeredActions, planStop, stopKind } from '@app/monitoring';
import type { SessionSnapshot } from '@app/whisper';
import { sessionSnapshot as snapshot } from '@support/session-snapshot';

describe('the actions offered on an agent (roster rows)', () => {
  it('offers the three starts on an agent on a call, or in an unknown state, while nothing is monitored', () => {
    expect(offeredActions('1002', 'talking', snapshot({}))).toEqual(['listen', 'whisper', 'insert']);
    expect(offeredActions('1002', 'unknown', snapshot({}))).toEqual(['listen', 'whisper', 'insert']);
    expect(offeredActions('1004', 'idle', snapshot({}))).toEqual([]);
  });

  it('offers the other modes and take over on the agent monitored, nothing on the others', () => {
    const listening = snapshot({ whisper: { target: '1002', mode: 'listen', since: 0 } });
    expect(offeredActions('1002', 'talking', listening)).toEqual(['whisper', 'insert', 'intercept']);
    expect(offeredActions('1001', 'talking', listening)).toEqual([]);
    const barging = snapshot({ whisper: { target: '1002', mode: 'insert', since: 0 } });
    expect(offeredActions('1002', 'talking', barging)).toEqual(['listen', 'whisper', 'intercept']);
  });

  it('offers nothing unless signed in (an expired session shows no monitoring)', () => {
    expect(offeredActions('1002', 'talking', snapshot({ phase: 'signed-out' }))).toEqual([]);
    expect(offeredActions('1002', 'talking', snapshot({ phase: 'expired', whisper: { target: '1002', mode: 'whisper', since: 0 } }))).toEqual([]);
    expect(offeredActions('1002', 'talking', snapshot({ phase: 'connection-lost' }))).toEqual(['listen', 'whisper', 'insert']);
  });
});

describe('what Stop is called is what it sends', () => {
  it('names the mode it ends, and the whisper stop when a listen or barge-in has no known agent', () => {
    const cases: Array<[SessionSnapshot['whisper'], 'whisper' | 'listen' | 'insert', string]> = [
      [null, 'whisper', 'stop-whisper'],
      [{ target: '1002', mode: 'whisper', since: 0 }, 'whisper', 'stop-whisper'],
      [{ target: '1002', mode: 'listen', since: 0 }, 'listen', 'cancel-monitoring'],
      [{ target: '1002', mode: 'insert', since: 0 }, 'insert', 'cancel-monitoring'],
      // The cancel call needs the agent: without it only the whisper stop can be sent, and Stop says so.
      [{ target: null, mode: 'listen', since: 0 }, 'whisper', 'stop-whisper'],
    ];
    for (const [whisper, kind, plan] of cases) {
      const s = snapshot({ whisper });
      expect(stopKind(s), JSON.stringify(whisper)).toBe(kind);
      expect(planStop(null, s)).toMatchObject({ kind: plan, ends: kind });
    }
  });
});

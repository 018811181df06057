import { describe, expect, it } from 'vitest';
import { nextMonitoring } from '@app/monitoring';

const INSPECTOR = '101';

describe('whisper state reducer', () => {
  it('starts whispering to the target from the own start result', () => {
    expect(nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 })).toEqual({ target: '1002', mode: 'whisper', since: 1000 });
  });

  it('switching mode keeps the target and restarts the clock; the same mode again changes nothing', () => {
    const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
    const listening = nextMonitoring(whispering, { kind: 'switched', mode: 'listen', target: null, at: 5000 });
    expect(listening).toEqual({ target: '1002', mode: 'listen', since: 5000 });
    expect(nextMonitoring(listening, { kind: 'switched', mode: 'listen', target: null, at: 9000 })).toBe(listening);
  });

  it('a switch with nothing known (monitoring started elsewhere) records what the gateway accepted', () => {
    expect(nextMonitoring(null, { kind: 'switched', mode: 'insert', target: '1003', at: 7 })).toEqual({ target: '1003', mode: 'insert', since: 7 });
  });

  it('the own stop and the end of the session clear it', () => {
    const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
    expect(nextMonitoring(whispering, { kind: 'stopped', at: 2000 })).toBeNull();
    expect(nextMonitoring(whispering, { kind: 'session-ended' })).toBeNull();
  });

  it.each(['AgentOther_PhoneRelease', 'AgentState_Ready', 'AgentOther_ShutdownService'])(
    '%s to the inspector while whispering ends the whisper (ended outside the app)',
    (eventType) => {
      const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
      const event = { eventType, workNo: INSPECTOR, content: { phoneState: 3 }, eventGenTime: 5000 };
      expect(nextMonitoring(whispering, { kind: 'event', event, inspectorId: INSPECTOR, at: 5001 })).toBeNull();
    },
  );

  it('ignores an event generated before the current whisper began (queued by the previous stop or the sign-in)', () => {
    const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
    const stale = { eventType: 'AgentState_Ready', workNo: INSPECTOR, content: null, eventGenTime: 999 };
    expect(nextMonitoring(whispering, { kind: 'event', event: stale, inspectorId: INSPECTOR, at: 1001 })).toBe(whispering);
  });

  it('ignores events that do not end the leg, and events for another agent', () => {
    const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
    for (const event of [
      { eventType: 'AgentState_Busy', workNo: INSPECTOR, content: null, eventGenTime: 2000 },
      { eventType: 'AgentOther_PhoneOffhook', workNo: INSPECTOR, content: { type: 'main' }, eventGenTime: 2000 },
      { eventType: 'AgentState_Ready', workNo: '1002', content: null, eventGenTime: 2000 },
    ]) {
      expect(nextMonitoring(whispering, { kind: 'event', event, inspectorId: INSPECTOR, at: 2001 })).toBe(whispering);
    }
  });

  it('BeQcStop naming this inspector ends it; BeQcStart naming it with another qcType changes the mode', () => {
    const whispering = nextMonitoring(null, { kind: 'started', target: '1002', at: 1000 });
    const stop = { eventType: 'AgentOther_BeQcStop', workNo: '1002', content: { qcType: 20172, qcAgentId: 101 }, eventGenTime: 3000 };
    expect(nextMonitoring(whispering, { kind: 'event', event: stop, inspectorId: INSPECTOR, at: 3001 })).toBeNull();
    const otherInspector = { ...stop, content: { qcType: 20172, qcAgentId: 102 } };
    expect(nextMonitoring(whispering, { kind: 'event', event: otherInspector, inspectorId: INSPECTOR, at: 3001 })).toBe(whispering);
    const toListen = { eventType: 'AgentOther_BeQcStart', workNo: '1002', content: { qcType: 8, qcAgentId: '101' }, eventGenTime: 4000 };
    expect(nextMonitoring(whispering, { kind: 'event', event: toListen, inspectorId: INSPECTOR, at: 4001 })).toEqual({
      target: '1002',
      mode: 'listen',
      since: 4000,
    });
  });

  it('events change nothing when no whisper is known', () => {
    const event = { eventType: 'AgentOther_PhoneRelease', workNo: INSPECTOR, content: null };
    expect(nextMonitoring(null, { kind: 'event', event, inspectorId: INSPECTOR, at: 1 })).toBeNull();
  });
});

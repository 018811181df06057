import { describe, expect, it } from 'vitest';
import type { Emulator } from '@emulator/index';
import { BASE, call, drainEvents, qc, retcodeOf, signIn, startWithInspector, emulatorPerTest } from './gateway-http';

/** The quality-control family and its per-inspector state machine (protocol §1, team brief retcodes). */

let emu: Emulator;
let g101: string;
emulatorPerTest(startWithInspector, (started) => ({ emu, guid: g101 } = started));

const start = (target?: string, inspector = '101', guid = g101) =>
  retcodeOf(qc(emu, inspector, 'requestwhisperagent', guid, target === undefined ? '' : `?whisperagentid=${target}`));
const stop = (target?: string, guid = g101) =>
  retcodeOf(qc(emu, '101', 'requeststopwhisperagent', guid, target === undefined ? '' : `?whisperagentid=${target}`));
const switchTo = (query: string, guid = g101) => retcodeOf(qc(emu, '101', 'requestswitchinsertwhisperagent', guid, query));

describe('start whisper (requestwhisperagent)', () => {
  it('starts on an agent on a call in the same VDN, and both sides get their events', async () => {
    const g1002 = await signIn(emu, '1002', { force: true });
    await drainEvents(emu, '1002', g1002);
    expect(await start('1002')).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    expect(await drainEvents(emu, '101', g101)).toEqual([
      { eventType: 'AgentOther_PhoneOffhook', content: { type: 'main' } },
      { eventType: 'AgentState_Busy', content: null },
    ]);
    expect(await drainEvents(emu, '1002', g1002)).toEqual([
      { eventType: 'AgentOther_BeQcStart', content: { qcType: 20172, qcAgentId: 101 } },
    ]);
  });

  it.each([
    ['an agent not on a call', '1004', '900-004'],
    ['an unknown agent', '1999', '900-004'],
    ['an agent in another VDN', '2001', '000-002'],
    ['the inspector himself', '101', '000-005'],
    ['a malformed ID (letters)', 'abc', '000-002'],
    ['a malformed ID (leading zero)', '01002', '000-002'],
    ['a malformed ID (below 101)', '100', '000-002'],
    ['an empty ID', '', '000-002'],
    ['no ID at all', undefined, '000-002'],
  ])('refuses %s with %s', async (_label, target, retcode) => {
    expect(await start(target)).toBe(retcode);
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
  });

  it('refuses an inspector who is not idle with 900-004', async () => {
    expect(await start('1002')).toBe('0');
    expect(await start('1003')).toBe('900-004');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
  });

  it('refuses a repeated whisperagentid with 000-002', async () => {
    expect(await retcodeOf(qc(emu, '101', 'requestwhisperagent', g101, '?whisperagentid=1002&whisperagentid=1003'))).toBe('000-002');
  });

  it('refuses an ordinary agent calling QC interfaces with 900-002', async () => {
    const g1001 = await signIn(emu, '1001', { force: true });
    expect(await start('1002', '1001', g1001)).toBe('900-002');
  });

  it('refuses a bad Guid with 100-006 and changes nothing', async () => {
    expect(await start('1002', '101', 'not-a-guid')).toBe('100-006');
    expect(await start('1002', '102', g101)).toBe('100-006');
    expect(emu.control.qcState('101').mode).toBe('idle');
  });
});

describe('stop whisper (requeststopwhisperagent)', () => {
  it('stops the matching whisper: "0", idle, BeQcStop to the agent and release to the inspector', async () => {
    const g1002 = await signIn(emu, '1002', { force: true });
    expect(await start('1002')).toBe('0');
    await drainEvents(emu, '101', g101);
    await drainEvents(emu, '1002', g1002);
    const answer = await qc(emu, '101', 'requeststopwhisperagent', g101, '?whisperagentid=1002');
    expect(answer.json()).toEqual({ message: '', retcode: '0', result: {} });
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
    expect(await drainEvents(emu, '1002', g1002)).toEqual([
      { eventType: 'AgentOther_BeQcStop', content: { qcType: 20172, qcAgentId: 101 } },
    ]);
    expect(await drainEvents(emu, '101', g101)).toEqual([
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 2 } },
      { eventType: 'AgentState_Ready', content: null },
    ]);
  });

  it('stops the current whisper when no target is given', async () => {
    expect(await start('1002')).toBe('0');
    expect(await stop()).toBe('0');
    expect(emu.control.qcState('101').mode).toBe('idle');
  });

  it('refuses a different target with 900-004 and keeps whispering', async () => {
    expect(await start('1002')).toBe('0');
    expect(await stop('1003')).toBe('900-004');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
  });

  it('refuses when not whispering (900-004), including a second stop', async () => {
    expect(await stop('1002')).toBe('900-004');
    expect(await start('1002')).toBe('0');
    expect(await stop('1002')).toBe('0');
    expect(await stop('1002')).toBe('900-004');
  });

  it('refuses a malformed target with 000-002', async () => {
    expect(await start('1002')).toBe('0');
    expect(await stop('1e3')).toBe('000-002');
    expect(await stop('%201002')).toBe('000-002');
  });

  it('refuses a stop while listening (a whisper is what it stops)', async () => {
    expect(await start('1002')).toBe('0');
    expect(await switchTo('?switchtype=0')).toBe('0');
    expect(await stop()).toBe('900-004');
  });

  it('refuses a missing Guid with 100-006', async () => {
    expect(await start('1002')).toBe('0');
    expect(await retcodeOf(call(emu, 'POST', `${BASE}/qualitycontrol/101/requeststopwhisperagent`))).toBe('100-006');
    expect(emu.control.qcState('101').mode).toBe('whisper');
  });
});

describe('switch (requestswitchinsertwhisperagent)', () => {
  it('moves among listen, insert and whisper, telling the agent each time', async () => {
    const g1002 = await signIn(emu, '1002', { force: true });
    await drainEvents(emu, '1002', g1002);
    expect(await start('1002')).toBe('0');
    expect(await switchTo('?switchtype=0')).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'listen', target: '1002' });
    expect(await switchTo('?whisperagentid=1002&switchtype=1')).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'insert', target: '1002' });
    expect(await switchTo('?switchtype=2')).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    expect((await drainEvents(emu, '1002', g1002)).map((e) => e.content)).toEqual([
      { qcType: 20172, qcAgentId: 101 },
      { qcType: 8, qcAgentId: 101 },
      { qcType: 9, qcAgentId: 101 },
      { qcType: 20172, qcAgentId: 101 },
    ]);
  });

  it('refuses when idle with 900-004', async () => {
    expect(await switchTo('?switchtype=0')).toBe('900-004');
  });

  it.each([['?switchtype=3'], ['?switchtype='], [''], ['?switchtype=x'], ['?switchtype=0&switchtype=1']])(
    'refuses bad switchtype %j with 000-002',
    async (query) => {
      expect(await start('1002')).toBe('0');
      expect(await switchTo(query)).toBe('000-002');
      expect(emu.control.qcState('101').mode).toBe('whisper');
    },
  );

  it('refuses another target with 900-004', async () => {
    expect(await start('1002')).toBe('0');
    expect(await switchTo('?whisperagentid=1003&switchtype=0')).toBe('900-004');
  });
});

describe('simulated calls', () => {
  it('endCall releases every inspector on that call (PhoneRelease phoneState 3, Ready) and idles them', async () => {
    const g102 = await signIn(emu, '102');
    await drainEvents(emu, '102', g102);
    expect(await start('1002')).toBe('0');
    expect(await start('1002', '102', g102)).toBe('0');
    expect(await switchTo('?switchtype=0')).toBe('0');
    await drainEvents(emu, '101', g101);
    await drainEvents(emu, '102', g102);
    emu.control.endCall('1002');
    for (const [inspector, guid] of [['101', g101], ['102', g102]] as const) {
      expect(emu.control.qcState(inspector)).toEqual({ mode: 'idle', target: null });
      expect(await drainEvents(emu, inspector, guid)).toEqual([
        { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 3 } },
        { eventType: 'AgentState_Ready', content: null },
      ]);
    }
    expect(await start('1002')).toBe('900-004');
    emu.control.startCall('1002');
    expect(await start('1002')).toBe('0');
  });

  it('startCall makes an idle agent whisperable', async () => {
    expect(await start('1004')).toBe('900-004');
    emu.control.startCall('1004');
    expect(await start('1004')).toBe('0');
  });

  it('signing the inspector out ends the whisper and tells the agent', async () => {
    const g1002 = await signIn(emu, '1002', { force: true });
    await drainEvents(emu, '1002', g1002);
    expect(await start('1002')).toBe('0');
    await drainEvents(emu, '1002', g1002);
    expect(await retcodeOf(call(emu, 'DELETE', `${BASE}/onlineagent/101/logout`, { guid: g101 }))).toBe('0');
    expect(emu.control.qcState('101').mode).toBe('idle');
    expect((await drainEvents(emu, '1002', g1002)).map((e) => e.eventType)).toEqual(['AgentOther_BeQcStop']);
  });
});

describe('HTTP surface', () => {
  it.each([
    ['GET', 'qualitycontrol/101/requeststopwhisperagent', 'POST'],
    ['PUT', 'qualitycontrol/101/requestwhisperagent', 'POST'],
    ['POST', 'onlineagent/101', 'PUT'],
    ['POST', 'agentevent/101', 'GET'],
    ['GET', 'onlineagent/101/logout', 'DELETE'],
  ])('refuses %s on %s with HTTP 405, Allow and a JSON 000-002', async (method, tail, allowed) => {
    const answer = await call(emu, method, `${BASE}/${tail}`, { guid: g101 });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allowed);
    expect(answer.json().retcode).toBe('000-002');
  });

  it.each([['/agentgateway/resource/qualitycontrol/101/requeststopwhisper'], ['/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent/'], ['/'], ['/agentgateway/resource/onlineagent/101/updateguid']])(
    'answers HTTP 404 for unknown path %s',
    async (path) => {
      expect((await call(emu, 'POST', path, { guid: g101 })).status).toBe(404);
    },
  );
});

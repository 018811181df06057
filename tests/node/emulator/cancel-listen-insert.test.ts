import { describe, expect, it } from 'vitest';
import type { Emulator } from '@emulator/index';
import { BASE, call, drainEvents, qc, retcodeOf, signIn, startWithInspector, emulatorPerTest } from './gateway-http';

/** §1.6 cancel listen or insert: DELETE qualitycontrol/{agentid}/{workNo}. */

let emu: Emulator;
let g101: string;
emulatorPerTest(startWithInspector, (started) => ({ emu, guid: g101 } = started));

/** guid null = no Guid header at all. */
const cancel = (workNo: string, guid: string | null = g101) => call(emu, 'DELETE', `${BASE}/qualitycontrol/101/${workNo}`, guid === null ? {} : { guid });
const whisperTo = (target: string) => retcodeOf(qc(emu, '101', 'requestwhisperagent', g101, `?whisperagentid=${target}`));
const switchTo = (switchtype: string) => retcodeOf(qc(emu, '101', 'requestswitchinsertwhisperagent', g101, `?switchtype=${switchtype}`));

describe('cancel listen or insert (stopSuperviseOrInsert)', () => {
  it.each([
    ['listen', '0', 8],
    ['insert', '1', 9],
  ])('ends a %s: "0", idle, PhoneRelease + Ready to the inspector, BeQcStop to the agent', async (_mode, switchtype, qcType) => {
    const g1002 = await signIn(emu, '1002', { force: true });
    expect(await whisperTo('1002')).toBe('0');
    expect(await switchTo(switchtype)).toBe('0');
    await drainEvents(emu, '101', g101);
    await drainEvents(emu, '1002', g1002);

    const answer = await cancel('1002');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ message: '', retcode: '0', result: {} });
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
    expect(await drainEvents(emu, '101', g101)).toEqual([
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 2 } },
      { eventType: 'AgentState_Ready', content: null },
    ]);
    expect(await drainEvents(emu, '1002', g1002)).toEqual([{ eventType: 'AgentOther_BeQcStop', content: { qcType, qcAgentId: 101 } }]);
    // Nothing left to cancel.
    expect(await retcodeOf(cancel('1002'))).toBe('900-004');
  });

  it('refuses a whisper with 900-004 and keeps whispering (requeststopwhisperagent stops a whisper)', async () => {
    expect(await whisperTo('1002')).toBe('0');
    expect(await retcodeOf(cancel('1002'))).toBe('900-004');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
  });

  it('refuses an idle inspector and another target with 900-004', async () => {
    expect(await retcodeOf(cancel('1002'))).toBe('900-004');
    expect(await whisperTo('1002')).toBe('0');
    expect(await switchTo('0')).toBe('0');
    expect(await retcodeOf(cancel('1003'))).toBe('900-004');
    expect(emu.control.qcState('101')).toEqual({ mode: 'listen', target: '1002' });
  });

  it('refuses a bad or missing Guid with 100-006 and changes nothing', async () => {
    expect(await whisperTo('1002')).toBe('0');
    expect(await switchTo('0')).toBe('0');
    expect(await retcodeOf(cancel('1002', 'not-a-guid'))).toBe('100-006');
    expect(await retcodeOf(cancel('1002', null))).toBe('100-006');
    expect(emu.control.qcState('101')).toEqual({ mode: 'listen', target: '1002' });
  });

  it('refuses a malformed workNo with 000-002, and a non-numeric one is an unknown path', async () => {
    expect(await retcodeOf(cancel('01002'))).toBe('000-002');
    expect((await cancel('requeststopwhisper')).status).toBe(404);
  });

  it('accepts DELETE only (405 with Allow: DELETE), and other QC paths keep their own method', async () => {
    const post = await call(emu, 'POST', `${BASE}/qualitycontrol/101/1002`, { guid: g101 });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('DELETE');
    const onStop = await call(emu, 'DELETE', `${BASE}/qualitycontrol/101/requeststopwhisperagent`, { guid: g101 });
    expect(onStop.status).toBe(405);
    expect(onStop.headers.allow).toBe('POST');
  });

  it('is journalled and takes injected faults under its route name', async () => {
    expect(await whisperTo('1002')).toBe('0');
    expect(await switchTo('0')).toBe('0');
    emu.clearJournal();
    emu.injectFault('stopSuperviseOrInsert', { kind: 'retcode', retcode: '900-003' }, 1);
    expect(await retcodeOf(cancel('1002'))).toBe('900-003');
    expect(emu.control.qcState('101').mode).toBe('listen');
    expect(await retcodeOf(cancel('1002'))).toBe('0');
    expect(emu.journal.map((e) => [e.method, e.path, e.headers['guid']])).toEqual([
      ['DELETE', `${BASE}/qualitycontrol/101/1002`, g101],
      ['DELETE', `${BASE}/qualitycontrol/101/1002`, g101],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import type { TlsMaterial } from '@emulator/pki';
import { BASE, call, drainEvents, qc, retcodeOf, signIn, startWithInspector, emulatorPerTest } from './gateway-http';

/**
 * The inspector's console routes: §1.4 listen (addsupervise), §1.5 insert (addinsert),
 * §1.8 intercept, §1.9 the roster (allagent), with their state machine, events and refusals.
 */

let emu: Emulator;
let g101: string;
let tls: TlsMaterial;
emulatorPerTest(async (fileTls) => ({ ...(await startWithInspector(fileTls)), tls: fileTls }), (started) => ({ emu, guid: g101, tls } = started));

const put = (op: string, workNo: string, guid: string | null = g101) =>
  call(emu, 'PUT', `${BASE}/qualitycontrol/101/${op}/${workNo}`, guid === null ? {} : { guid });
const listen = (workNo: string, guid?: string | null) => put('addsupervise', workNo, guid);
const insert = (workNo: string, guid?: string | null) => put('addinsert', workNo, guid);
const intercept = (workNo: string, guid?: string | null) => put('intercept', workNo, guid);
const roster = (guid = g101, inspector = '101') => call(emu, 'GET', `${BASE}/qualitycontrol/${inspector}/allagent`, { guid });

describe('listen and insert (addsupervise, addinsert)', () => {
  it.each([
    ['listen', listen, 8],
    ['insert', insert, 9],
  ] as const)('%s: "0", the state, Alerting/Offhook/Busy to the inspector, BeQcStart qcType %s to the agent', async (mode, start, qcType) => {
    const g1002 = await signIn(emu, '1002', { force: true });
    await drainEvents(emu, '1002', g1002);
    const answer = await start('1002');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"message":"","retcode":"0","result":{}}');
    expect(emu.control.qcState('101')).toEqual({ mode, target: '1002' });
    expect(await drainEvents(emu, '101', g101)).toEqual([
      { eventType: 'AgentOther_PhoneAlerting', content: null },
      { eventType: 'AgentOther_PhoneOffhook', content: { type: 'main' } },
      { eventType: 'AgentState_Busy', content: null },
    ]);
    expect(await drainEvents(emu, '1002', g1002)).toEqual([{ eventType: 'AgentOther_BeQcStart', content: { qcType, qcAgentId: 101 } }]);

    // Cancel (§1.6) ends it with BeQcStop of the same qcType.
    expect(await retcodeOf(call(emu, 'DELETE', `${BASE}/qualitycontrol/101/1002`, { guid: g101 }))).toBe('0');
    expect(await drainEvents(emu, '1002', g1002)).toEqual([{ eventType: 'AgentOther_BeQcStop', content: { qcType, qcAgentId: 101 } }]);
    expect(emu.control.qcState('101').mode).toBe('idle');
  });

  it('listen then switch to whisper then stop whisper: the whole listen → whisper → stop path', async () => {
    expect(await retcodeOf(listen('1002'))).toBe('0');
    expect(await retcodeOf(qc(emu, '101', 'requestswitchinsertwhisperagent', g101, '?switchtype=2&whisperagentid=1002'))).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    expect(await retcodeOf(qc(emu, '101', 'requeststopwhisperagent', g101, '?whisperagentid=1002'))).toBe('0');
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
  });

  it.each([
    ['yourself (000-005)', '101', '000-005'],
    ['an agent not on a call (900-004)', '1004', '900-004'],
    ['an unknown agent (900-004)', '1999', '900-004'],
    ['an agent of another VDN (000-002)', '2001', '000-002'],
    ['a malformed work number (000-002)', '01002', '000-002'],
  ])('refuses %s and stays idle', async (_name, workNo, retcode) => {
    expect(await retcodeOf(listen(workNo))).toBe(retcode);
    expect(await retcodeOf(insert(workNo))).toBe(retcode);
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
  });

  it('refuses a start while already monitoring with 900-005 (wrong state) and keeps the first', async () => {
    expect(await retcodeOf(listen('1002'))).toBe('0');
    expect(await retcodeOf(insert('1003'))).toBe('900-005');
    expect(await retcodeOf(listen('1002'))).toBe('900-005');
    expect(await retcodeOf(qc(emu, '101', 'requestwhisperagent', g101, '?whisperagentid=1003'))).toBe('900-004');
    expect(emu.control.qcState('101')).toEqual({ mode: 'listen', target: '1002' });
  });

  it('refuses an agent (not an inspector) with 900-002 and a bad Guid with 100-006', async () => {
    const g1001 = await signIn(emu, '1001', { force: true });
    expect(await retcodeOf(call(emu, 'PUT', `${BASE}/qualitycontrol/1001/addsupervise/1002`, { guid: g1001 }))).toBe('900-002');
    expect(await retcodeOf(listen('1002', 'not-a-guid'))).toBe('100-006');
    expect(await retcodeOf(insert('1002', null))).toBe('100-006');
    expect(emu.control.qcState('101').mode).toBe('idle');
  });

  it('accepts PUT only: POST answers 405 with Allow: PUT', async () => {
    for (const op of ['addsupervise', 'addinsert', 'intercept']) {
      const answer = await call(emu, 'POST', `${BASE}/qualitycontrol/101/${op}/1002`, { guid: g101 });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('PUT');
    }
  });

  it('releases the inspector when the call ends during a listen', async () => {
    expect(await retcodeOf(listen('1003'))).toBe('0');
    await drainEvents(emu, '101', g101);
    emu.control.endCall('1003');
    expect(emu.control.qcState('101').mode).toBe('idle');
    expect(await drainEvents(emu, '101', g101)).toEqual([
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 3 } },
      { eventType: 'AgentState_Ready', content: null },
    ]);
  });
});

describe('intercept', () => {
  it.each([
    ['listening', listen, 8],
    ['inserted', insert, 9],
  ] as const)('while %s: "0", the agent is told the QC ended and is released, the customer stays with the inspector', async (_name, start, qcType) => {
    const g1002 = await signIn(emu, '1002', { force: true });
    expect(await retcodeOf(start('1002'))).toBe('0');
    await drainEvents(emu, '101', g101);
    await drainEvents(emu, '1002', g1002);

    const answer = await intercept('1002');
    expect(answer.text).toBe('{"message":"","retcode":"0","result":{}}');
    expect(emu.control.qcState('101')).toEqual({ mode: 'idle', target: null });
    expect(await drainEvents(emu, '1002', g1002)).toEqual([
      { eventType: 'AgentOther_BeQcStop', content: { qcType, qcAgentId: 101 } },
      { eventType: 'AgentOther_PhoneRelease', content: { phoneState: 3 } },
      { eventType: 'AgentState_Ready', content: null },
    ]);
    // The agent is off the call (idle, status 4) and the inspector is on it (talking, status 7).
    const rows = (await roster()).json().result as { workno: string; status: string }[];
    expect(rows.find((r) => r.workno === '1002')?.status).toBe('4');
    expect(rows.find((r) => r.workno === '101')?.status).toBe('7');
    // 1002 is off the call now, so there is nothing to listen to.
    expect(await retcodeOf(listen('1002'))).toBe('900-004');
  });

  it('works from a whisper too', async () => {
    expect(await retcodeOf(qc(emu, '101', 'requestwhisperagent', g101, '?whisperagentid=1001'))).toBe('0');
    expect(await retcodeOf(intercept('1001'))).toBe('0');
    expect(emu.control.qcState('101').mode).toBe('idle');
  });

  it('refuses an idle inspector or another target with 900-005, yourself with 000-005', async () => {
    expect(await retcodeOf(intercept('1002'))).toBe('900-005');
    expect(await retcodeOf(listen('1002'))).toBe('0');
    expect(await retcodeOf(intercept('1003'))).toBe('900-005');
    expect(await retcodeOf(intercept('101'))).toBe('000-005');
    expect(emu.control.qcState('101')).toEqual({ mode: 'listen', target: '1002' });
  });
});

describe('roster (allagent)', () => {
  it('lists every agent of the VDN as {workno, name, status}, byte-exact, with status codes from the call model', async () => {
    const answer = await roster();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = answer.json();
    expect(body.retcode).toBe('0');
    const rows = body.result as { workno: string; name: string; status: string }[];
    expect(answer.text.startsWith('{"message":"","retcode":"0","result":[{"workno":"101","name":"Chen Jing","status":"4"},{"workno":"102","name":"Ana Souza","status":"2"},{"workno":"1001","name":"Wang Fang","status":"7"}')).toBe(true);
    // 2 inspectors + 4 seeded agents + the default crowd of 56; VDN 2 is not in it.
    expect(rows).toHaveLength(62);
    expect(rows.some((r) => r.workno.startsWith('20'))).toBe(false);
    const statuses = new Set(rows.map((r) => r.status));
    for (const code of ['2', '3', '4', '5', '7', '8']) expect(statuses.has(code)).toBe(true);
    expect(rows.find((r) => r.workno === '1004')).toEqual({ workno: '1004', name: 'Zhang Wei', status: '4' });
  });

  it('follows the call model: a call that ends or starts changes the status', async () => {
    emu.control.endCall('1001');
    emu.control.startCall('1004');
    const rows = (await roster()).json().result as { workno: string; status: string }[];
    expect(rows.find((r) => r.workno === '1001')?.status).toBe('4');
    expect(rows.find((r) => r.workno === '1004')?.status).toBe('7');
  });

  it('refuses an ordinary agent with 900-002 and a bad Guid with 100-006; GET only', async () => {
    const g1001 = await signIn(emu, '1001', { force: true });
    expect(await retcodeOf(roster(g1001, '1001'))).toBe('900-002');
    expect(await retcodeOf(roster('not-a-guid'))).toBe('100-006');
    expect((await call(emu, 'POST', `${BASE}/qualitycontrol/101/allagent`, { guid: g101 })).status).toBe(405);
  });

  it('injects faults per route like the others', async () => {
    emu.injectFault('allAgent', { kind: 'raw-body', body: '{"message":"","retcode":"0","result":[{"workno":"1001","name":"x","status":"42"}]}' }, 1);
    expect((await roster()).text).toContain('"status":"42"');
    emu.injectFault('addSupervise', { kind: 'retcode', retcode: '900-003' }, 1);
    expect(await retcodeOf(listen('1002'))).toBe('900-003');
    expect(emu.control.qcState('101').mode).toBe('idle');
    emu.injectFault('intercept', { kind: 'http-status', status: 503 }, 1);
    expect((await intercept('1002')).status).toBe(503);
  });
});

describe('crowd size', () => {
  it('populates several hundred agents for measurements', async () => {
    const big = await startEmulator({ tls, authMode: 'static', pollHoldMs: 20, crowdSize: 500 });
    try {
      const guid = await signIn(big, '101');
      const rows = (await call(big, 'GET', `${BASE}/qualitycontrol/101/allagent`, { guid })).json().result as unknown[];
      expect(rows).toHaveLength(506);
    } finally {
      await big.close();
    }
  });
});

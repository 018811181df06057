import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { BASE, call, drainEvents, poll, retcodeOf, signIn, signInBody, emulatorPerTest } from './gateway-http';

const GUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.AgentGateway0$/;

let emu: Emulator;
emulatorPerTest(async (tls) => ({ emu: await startEmulator({ pollHoldMs: 50, tls }) }), (started) => ({ emu } = started));

const login = (agentId: string, body: string, path = '') => call(emu, 'PUT', `${BASE}/onlineagent/${agentId}${path}`, { body });

describe('sign-in (PUT onlineagent/{id})', () => {
  it('answers Set-GUID: JSESSIONID=<guid> and the §2.1 result object', async () => {
    const answer = await login('101', signInBody());
    expect(answer.status).toBe(200);
    expect(answer.headers['set-guid']).toMatch(/^JSESSIONID=/);
    expect(answer.setGuid).toMatch(GUID_SHAPE);
    expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = answer.json();
    expect(body).toMatchObject({ retcode: '0', message: '' });
    expect(body.result).toEqual({
      vdnid: '1',
      workno: '101',
      mediatype: 'TTF',
      loginTime: expect.stringMatching(/^\d{13}$/),
      isForceChange: 'false',
      serverName: 'AgentGateway',
      timeRemaining: '',
    });
    expect(emu.control.currentGuid('101')).toBe(answer.setGuid);
    expect(emu.control.issuedGuids('101')).toEqual([answer.setGuid]);
  });

  it('queues AgentOther_InService then AgentState_Ready, each with eventGenTime', async () => {
    const guid = await signIn(emu, '101');
    const first = (await poll(emu, '101', guid)).json().event as Record<string, unknown>;
    expect(first).toEqual({ eventType: 'AgentOther_InService', workNo: '101', content: null, eventGenTime: expect.any(Number) });
    expect((await drainEvents(emu, '101', guid)).map((e) => e.eventType)).toEqual(['AgentState_Ready']);
  });

  it('adds the status-specific event for status 3 and 5', async () => {
    const guid = await signIn(emu, '101', { body: signInBody({ status: 3 }) });
    expect((await drainEvents(emu, '101', guid)).map((e) => e.eventType)).toEqual([
      'AgentOther_InService',
      'AgentState_Ready',
      'AgentState_SetNotReady_Success',
    ]);
  });

  it.each([
    ['wrong password', '101', { password: 'nope', phonenum: '70101' }, '100-004'],
    ['unknown agent', '4242', { password: 'Inspect0r!', phonenum: '70101' }, '100-004'],
    ['missing password', '101', { phonenum: '70101' }, '100-001'],
    ['missing phonenum', '101', { password: 'Inspect0r!' }, '100-001'],
    ['numeric phonenum', '101', { password: 'Inspect0r!', phonenum: 70101 }, '100-001'],
    ['phone with non-digits', '101', { password: 'Inspect0r!', phonenum: '7010a' }, '100-013'],
    ['phone below the range', '101', { password: 'Inspect0r!', phonenum: '69999' }, '100-014'],
    ['phone above the range', '101', { password: 'Inspect0r!', phonenum: '80000' }, '100-014'],
    ['bad agenttype', '101', { password: 'Inspect0r!', phonenum: '70101', agenttype: 5 }, '100-012'],
    ['bad status', '101', { password: 'Inspect0r!', phonenum: '70101', status: 9 }, '100-011'],
    ['non-boolean autoanswer', '101', { password: 'Inspect0r!', phonenum: '70101', autoanswer: 'yes' }, '100-011'],
    ['IPv6 ip', '101', { password: 'Inspect0r!', phonenum: '70101', ip: '::1' }, '100-016'],
  ])('refuses %s (agent %s) without issuing a Guid', async (_label, agentId, body, retcode) => {
    const answer = await login(agentId, JSON.stringify(body));
    expect(answer.json().retcode).toBe(retcode);
    expect(answer.setGuid).toBeNull();
    expect(emu.control.currentGuid(agentId)).toBeNull();
  });

  it('accepts the phone range edges 70000 and 79999', async () => {
    await signIn(emu, '101', { body: signInBody({ phonenum: '70000' }) });
    await signIn(emu, '102', { body: signInBody({ phonenum: '79999' }) });
  });

  it('refuses a body that is not JSON with 100-001', async () => {
    expect((await login('101', 'password=Inspect0r!')).json().retcode).toBe('100-001');
  });

  it('refuses a second sign-in with 100-002 and keeps the first session', async () => {
    const guid = await signIn(emu, '101');
    const again = await login('101', signInBody());
    expect(again.json().retcode).toBe('100-002');
    expect(again.setGuid).toBeNull();
    expect((await poll(emu, '101', guid)).json().retcode).toBe('0');
  });

  it('refuses seeded agents signed in at their desks with 100-002; 2002 is free', async () => {
    for (const agentId of ['1001', '1002', '1003', '1004', '2001']) {
      expect((await login(agentId, signInBody())).json().retcode).toBe('100-002');
    }
    await signIn(emu, '2002');
  });

  it('honours setPassword', async () => {
    emu.control.setPassword('101', 'Other-pass1');
    expect((await login('101', signInBody())).json().retcode).toBe('100-004');
    expect((await login('101', signInBody({ password: 'Other-pass1' }))).json().retcode).toBe('0');
  });

  it('refuses a malformed agent ID in the path with 000-002', async () => {
    expect((await login('0101', signInBody())).json().retcode).toBe('000-002');
  });
});

describe('forced sign-in (PUT onlineagent/{id}/forcelogin)', () => {
  it('displaces the previous session: its Guid stops working, the new one works', async () => {
    const first = await signIn(emu, '101');
    const answer = await login('101', signInBody(), '/forcelogin');
    expect(answer.json().retcode).toBe('0');
    expect(answer.setGuid).toMatch(GUID_SHAPE);
    expect(answer.setGuid).not.toBe(first);
    expect((await poll(emu, '101', first)).json().retcode).toBe('100-006');
    expect((await poll(emu, '101', answer.setGuid as string)).json().retcode).toBe('0');
  });

  it('signs in an agent held by a simulated desk client', async () => {
    const guid = await signIn(emu, '1002', { force: true });
    expect((await poll(emu, '1002', guid)).json().retcode).toBe('0');
  });

  it('still checks the password (100-004)', async () => {
    expect((await login('101', signInBody({ password: 'x' }), '/forcelogin')).json().retcode).toBe('100-004');
  });
});

describe('session control', () => {
  it('sign-out (DELETE …/logout) ends the session; the Guid then gets 100-006', async () => {
    const guid = await signIn(emu, '101');
    expect(await retcodeOf(call(emu, 'DELETE', `${BASE}/onlineagent/101/logout`, { guid }))).toBe('0');
    expect(await retcodeOf(poll(emu, '101', guid))).toBe('100-006');
    expect(await retcodeOf(call(emu, 'DELETE', `${BASE}/onlineagent/101/logout`, { guid }))).toBe('100-006');
    expect(emu.control.currentGuid('101')).toBeNull();
    await signIn(emu, '101');
  });

  it('control.displace invalidates the Guid and makes the next sign-in answer 100-002', async () => {
    const guid = await signIn(emu, '101');
    emu.control.displace('101');
    expect(await retcodeOf(poll(emu, '101', guid))).toBe('100-006');
    expect((await login('101', signInBody())).json().retcode).toBe('100-002');
    await signIn(emu, '101', { force: true });
  });

  it('control.signOutAgent signs the agent out completely', async () => {
    const guid = await signIn(emu, '101');
    emu.control.signOutAgent('101');
    expect(await retcodeOf(poll(emu, '101', guid))).toBe('100-006');
    await signIn(emu, '101');
  });

  it('control calls naming an agent that does not exist throw instead of passing silently', () => {
    expect(() => emu.control.endCall('9999')).toThrow(/no agent 9999/);
    expect(() => emu.control.displace('9999')).toThrow(/no agent 9999/);
    expect(() => emu.control.pushEvent('9999', { eventType: 'X' })).toThrow(/no agent 9999/);
    expect(emu.control.currentGuid('9999')).toBeNull();
    expect(emu.control.qcState('9999')).toEqual({ mode: 'idle', target: null });
  });

  it('updateGuid returns a new Guid in result.guid and retires the old one', async () => {
    const old = await signIn(emu, '101');
    const answer = await call(emu, 'PUT', `${BASE}/onlineagent/101/updateGuid`, { guid: old });
    const fresh = (answer.json().result as { guid: string }).guid;
    expect(fresh).toMatch(GUID_SHAPE);
    expect(fresh).not.toBe(old);
    expect(await retcodeOf(poll(emu, '101', fresh))).toBe('0');
    expect(await retcodeOf(poll(emu, '101', old))).toBe('100-006');
    expect(emu.control.issuedGuids('101')).toEqual([old, fresh]);
  });
});

describe('authentication header and content type', () => {
  it('accepts the Guid header in any case and refuses missing, foreign or made-up Guids with 100-006', async () => {
    const guid = await signIn(emu, '101');
    const other = await signIn(emu, '102');
    const path = `${BASE}/agentevent/101`;
    expect(await retcodeOf(call(emu, 'GET', path, { headers: { guid } }))).toBe('0');
    expect(await retcodeOf(call(emu, 'GET', path, { headers: { GUID: guid } }))).toBe('0');
    expect(await retcodeOf(call(emu, 'GET', path))).toBe('100-006');
    expect(await retcodeOf(call(emu, 'GET', path, { guid: other }))).toBe('100-006');
    expect(await retcodeOf(call(emu, 'GET', path, { guid: `${guid}x` }))).toBe('100-006');
    expect(await retcodeOf(call(emu, 'GET', path, { guid: '' }))).toBe('100-006');
  });

  it('is lenient on Content-Type case and spaces but refuses a missing or different one (000-002)', async () => {
    expect((await call(emu, 'PUT', `${BASE}/onlineagent/101`, { body: signInBody(), contentType: 'Application/JSON;Charset=utf-8' })).json().retcode).toBe('0');
    expect((await call(emu, 'PUT', `${BASE}/onlineagent/102`, { body: signInBody(), contentType: null })).json().retcode).toBe('000-002');
    expect((await call(emu, 'PUT', `${BASE}/onlineagent/102`, { body: signInBody(), contentType: 'application/json' })).json().retcode).toBe('000-002');
    expect((await call(emu, 'PUT', `${BASE}/onlineagent/102`, { body: signInBody(), contentType: 'text/plain' })).json().retcode).toBe('000-002');
    expect(emu.journal.map((e) => e.headers['content-type'])).toEqual([
      'Application/JSON;Charset=utf-8',
      undefined,
      'application/json',
      'text/plain',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { CONTENT_TYPE, PASSWORD, PHONE, useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** The whisper family, sign-in/out and polling against the real emulator, with the bytes on the wire. */
let fx: GatewayFixture;
let guid: string;
useGatewayFixture({ signIn: 'each' }, (f, g) => ([fx, guid] = [f, g]));

function lastRequest() {
  const entry = fx.emulator.journal.at(-1);
  if (!entry) throw new Error('nothing reached the emulator');
  return entry;
}

/** Exactly the two documented headers (plus what HTTP itself needs), and no body at all. */
function expectQcWire(path: string, query: Record<string, string>) {
  const entry = lastRequest();
  expect(entry.method).toBe('POST');
  expect(entry.path).toBe(path);
  expect(entry.query).toEqual(query);
  expect(entry.headers['content-type']).toBe(CONTENT_TYPE);
  expect(entry.headers['guid']).toBe(guid);
  expect(entry.headers['content-length']).toBe('0');
  expect(entry.headers['transfer-encoding']).toBeUndefined();
  expect(Object.keys(entry.headers).sort()).toEqual(['connection', 'content-length', 'content-type', 'guid', 'host']);
  expect(entry.body).toBe('');
}

describe('stop whisper (requestStopWhisperAgent)', () => {
  it('with a target: POST …/requeststopwhisperagent?whisperagentid=N, and the inspector is idle again', async () => {
    expect((await fx.client.startWhisper('101', guid, '1001')).ok).toBe(true);
    const outcome = await fx.client.stopWhisper('101', guid, '1001');
    expect(outcome).toMatchObject({ ok: true, retcode: '0', message: '', result: {} });
    expectQcWire('/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent', { whisperagentid: '1001' });
    expect(fx.emulator.control.qcState('101')).toEqual({ mode: 'idle', target: null });
  });

  it('without a target: no whisperagentid in the URL at all', async () => {
    await fx.client.startWhisper('101', guid, '1002');
    const outcome = await fx.client.stopWhisper('101', guid);
    expect(outcome.ok).toBe(true);
    expectQcWire('/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent', {});
    expect(lastRequest().path).not.toContain('?');
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
  });

  it('when not whispering: the gateway refusal is a retcode failure with its message', async () => {
    const outcome = await fx.client.stopWhisper('101', guid);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ kind: 'retcode', retcode: '900-004' });
    if (outcome.failure.kind === 'retcode') expect(outcome.failure.gatewayMessage).not.toBe('');
  });

  it('reads the Guid from a provider at send time', async () => {
    await fx.client.startWhisper('101', guid, '1001');
    const outcome = await fx.client.stopWhisper('101', () => guid);
    expect(outcome.ok).toBe(true);
    expect(lastRequest().headers['guid']).toBe(guid);
  });

  it('with a stale Guid: 100-006', async () => {
    const outcome = await fx.client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.AgentGateway0');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-006' } });
  });
});

describe('start whisper (requestWhisperAgent)', () => {
  it('POST …/requestwhisperagent?whisperagentid=N puts the inspector in whisper mode', async () => {
    const outcome = await fx.client.startWhisper('101', guid, '1003');
    expect(outcome).toMatchObject({ ok: true, retcode: '0' });
    expectQcWire('/agentgateway/resource/qualitycontrol/101/requestwhisperagent', { whisperagentid: '1003' });
    expect(fx.emulator.control.qcState('101')).toEqual({ mode: 'whisper', target: '1003' });
    await fx.client.stopWhisper('101', guid);
  });

  it('refusals come back as retcodes: other VDN 000-002, self 000-005, no call 900-004', async () => {
    expect(await fx.client.startWhisper('101', guid, '2001')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '000-002' } });
    expect(await fx.client.startWhisper('101', guid, '101')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '000-005' } });
    expect(await fx.client.startWhisper('101', guid, '1004')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
  });
});

describe('switch (requestSwitchInsertWhisperAgent)', () => {
  it.each([
    ['listen', '0'],
    ['insert', '1'],
    ['whisper', '2'],
  ] as const)('%s sends switchtype=%s and the emulator changes mode', async (mode, switchtype) => {
    await fx.client.startWhisper('101', guid, '1001');
    const outcome = await fx.client.switchWhisper('101', guid, mode, '1001');
    expect(outcome).toMatchObject({ ok: true, retcode: '0' });
    expectQcWire('/agentgateway/resource/qualitycontrol/101/requestswitchinsertwhisperagent', { whisperagentid: '1001', switchtype });
    expect(fx.emulator.control.qcState('101').mode).toBe(mode);
    // Back to whisper so the stop ends the session cleanly.
    await fx.client.switchWhisper('101', guid, 'whisper');
    expect(lastRequest().query).toEqual({ switchtype: '2' });
    expect((await fx.client.stopWhisper('101', guid)).ok).toBe(true);
  });

  it('when idle: 900-004', async () => {
    expect(await fx.client.switchWhisper('101', guid, 'listen')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
  });

  it('an unknown mode is refused before sending', async () => {
    const outcome = await fx.client.switchWhisper('101', guid, 'barge' as never);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'mode' } });
    expect(fx.emulator.journal).toHaveLength(0);
  });
});

describe('sign-in, sign-out, events', () => {
  it('sign-in: PUT onlineagent/{id} with the documented defaults, Set-GUID parsed, result read', async () => {
    await fx.client.signOut('101', guid);
    fx.emulator.clearJournal();
    const outcome = await fx.client.signIn('101', { password: PASSWORD, phonenum: PHONE });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.setGuid).toBe(fx.emulator.control.currentGuid('101'));
    expect(outcome.result).toMatchObject({ vdnid: '1', workno: '101', mediatype: 'TTF', serverName: 'AgentGateway' });
    expect(typeof outcome.headersAt).toBe('number');
    const entry = lastRequest();
    expect(entry.method).toBe('PUT');
    expect(entry.path).toBe('/agentgateway/resource/onlineagent/101');
    expect(entry.headers['content-type']).toBe(CONTENT_TYPE);
    expect(entry.headers['guid']).toBeUndefined();
    expect(JSON.parse(entry.body)).toEqual({
      password: PASSWORD,
      phonenum: PHONE,
      autoanswer: true,
      autoenteridle: true,
      releasephone: true,
      agenttype: 4,
      status: 4,
      ip: '127.0.0.1',
    });
  });

  it('already signed in: 100-002; forced sign-in goes to …/forcelogin and gets a new Guid', async () => {
    const again = await fx.client.signIn('101', { password: PASSWORD, phonenum: PHONE });
    expect(again).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-002' } });
    const forced = await fx.client.signIn('101', { password: PASSWORD, phonenum: PHONE, status: 3 }, { force: true });
    expect(forced.ok).toBe(true);
    expect(forced.setGuid).not.toBe(guid);
    expect(lastRequest().path).toBe('/agentgateway/resource/onlineagent/101/forcelogin');
    expect(JSON.parse(lastRequest().body)).toMatchObject({ status: 3 });
  });

  it('wrong password: 100-004; bad sign-in body refused before sending, password never echoed', async () => {
    expect(await fx.client.signIn('102', { password: 'nope', phonenum: PHONE })).toMatchObject({
      ok: false,
      failure: { kind: 'retcode', retcode: '100-004' },
    });
    fx.emulator.clearJournal();
    const cases = [
      [{ password: '', phonenum: PHONE }, 'password'],
      [{ password: 'secret-pw', phonenum: '' }, 'phonenum'],
      [{ password: 'secret-pw', phonenum: PHONE, agenttype: 7 }, 'agenttype'],
      [{ password: 'secret-pw', phonenum: PHONE, status: 9 }, 'status'],
      [{ password: 'secret-pw', phonenum: PHONE, ip: '::1' }, 'ip'],
      [{ password: 'secret-pw', phonenum: PHONE, autoanswer: 'yes' as never }, 'autoanswer'],
    ] as const;
    for (const [body, field] of cases) {
      const outcome = await fx.client.signIn('102', body);
      expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field } });
      expect(JSON.stringify(outcome)).not.toContain('secret-pw');
    }
    expect(fx.emulator.journal).toHaveLength(0);
  });

  it('sign-out: DELETE onlineagent/{id}/logout with the Guid and no body; the Guid is dead afterwards', async () => {
    const outcome = await fx.client.signOut('101', guid);
    expect(outcome).toMatchObject({ ok: true, retcode: '0' });
    const entry = lastRequest();
    expect(entry.method).toBe('DELETE');
    expect(entry.path).toBe('/agentgateway/resource/onlineagent/101/logout');
    expect(entry.headers['content-type']).toBe(CONTENT_TYPE);
    expect(entry.headers['guid']).toBe(guid);
    expect(entry.body).toBe('');
    expect(await fx.client.stopWhisper('101', guid)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-006' } });
  });

  it('poll: GET agentevent/{id} returns queued events, then null after the hold', async () => {
    const first = await fx.client.pollEvent('101', guid);
    expect(first).toMatchObject({ ok: true, result: { workNo: '101' } });
    const entry = lastRequest();
    expect(entry.method).toBe('GET');
    expect(entry.path).toBe('/agentgateway/resource/agentevent/101');
    expect(entry.query).toEqual({});
    expect(entry.headers['guid']).toBe(guid);
    expect(entry.headers['content-type']).toBe(CONTENT_TYPE);

    let outcome = first;
    for (let i = 0; i < 10 && outcome.ok && outcome.result !== null; i++) outcome = await fx.client.pollEvent('101', guid);
    expect(outcome).toMatchObject({ ok: true, result: null });

    fx.emulator.control.pushEvent('101', { eventType: 'QC_AgentState_Notify', content: { subtype: 'QC_AgentState_Login' } });
    expect(await fx.client.pollEvent('101', guid)).toMatchObject({
      ok: true,
      result: { eventType: 'QC_AgentState_Notify', workNo: '101', content: { subtype: 'QC_AgentState_Login' } },
    });
  });

  it('a missing Guid (provider returns null) is not-signed-in and nothing is sent', async () => {
    for (const call of [
      () => fx.client.stopWhisper('101', () => null),
      () => fx.client.startWhisper('101', '', '1001'),
      () => fx.client.switchWhisper('101', () => null, 'listen'),
      () => fx.client.signOut('101', () => null),
      () => fx.client.pollEvent('101', () => null),
    ]) {
      expect(await call()).toMatchObject({ ok: false, failure: { kind: 'not-signed-in' }, setGuid: null });
    }
    const malformed = await fx.client.stopWhisper('101', 'bad guid\r\nX-Injected: 1');
    expect(malformed).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'guid' } });
    expect(JSON.stringify(malformed)).not.toContain('X-Injected');
    expect(fx.emulator.journal).toHaveLength(0);
  });
});

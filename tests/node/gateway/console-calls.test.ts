import { describe, expect, it } from 'vitest';
import { readRoster } from '@main/gateway/roster';
import { CONTENT_TYPE, useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** listen, insert, intercept and roster against the real emulator, with the bytes on the wire. */
let fx: GatewayFixture;
let guid: string;
useGatewayFixture({ signIn: 'each', calls: ['1001', '1002', '1003'] }, (f, g) => ([fx, guid] = [f, g]));

function onlyRequest() {
  expect(fx.emulator.journal).toHaveLength(1);
  const entry = fx.emulator.journal[0]!;
  expect(entry.headers['content-type']).toBe(CONTENT_TYPE);
  expect(entry.headers['guid']).toBe(guid);
  expect(entry.headers['transfer-encoding']).toBeUndefined();
  expect(entry.query).toEqual({});
  expect(entry.body).toBe('');
  return entry;
}

describe('listen, insert, intercept', () => {
  it.each([
    ['listen', 'addsupervise', 'listen'],
    ['insert', 'addinsert', 'insert'],
  ] as const)('%s: PUT …/qualitycontrol/101/%s/1002, no body, and the gateway is in that mode', async (call, segment, mode) => {
    const outcome = await fx.client[call]('101', guid, '1002');
    expect(outcome).toMatchObject({ ok: true, retcode: '0', result: {} });
    const entry = onlyRequest();
    expect(entry.method).toBe('PUT');
    expect(entry.path).toBe(`/agentgateway/resource/qualitycontrol/101/${segment}/1002`);
    expect(fx.emulator.control.qcState('101')).toEqual({ mode, target: '1002' });
    expect((await fx.client.cancelListenOrInsert('101', guid, '1002')).ok).toBe(true);
  });

  it('intercept: PUT …/qualitycontrol/101/intercept/1003 after a listen; the inspector is idle and the agent off the call', async () => {
    expect((await fx.client.listen('101', guid, '1003')).ok).toBe(true);
    fx.emulator.clearJournal();
    const outcome = await fx.client.intercept('101', guid, '1003');
    expect(outcome.ok).toBe(true);
    const entry = onlyRequest();
    expect(entry.method).toBe('PUT');
    expect(entry.path).toBe('/agentgateway/resource/qualitycontrol/101/intercept/1003');
    expect(fx.emulator.control.qcState('101').mode).toBe('idle');
    fx.emulator.control.endCall('101');
  });

  it('refusals come back as retcode failures: 000-005 yourself, 900-004 not on a call, 900-005 wrong state', async () => {
    expect(await fx.client.listen('101', guid, '101')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '000-005' } });
    expect(await fx.client.insert('101', guid, '1004')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(await fx.client.intercept('101', guid, '1002')).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-005' } });
  });

  it('validates the target before sending anything, and logs method names and IDs, never the Guid', async () => {
    const bad = await fx.client.listen('101', guid, '01002');
    expect(bad).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'whisperAgentId' } });
    expect(fx.emulator.journal).toEqual([]);
    const before = fx.logLines.length;
    await fx.client.insert('101', () => guid, '1002');
    await fx.client.cancelListenOrInsert('101', guid, '1002');
    const lines = fx.logLines.slice(before);
    expect(lines[0]).toMatch(/^info addInsert agentId=101 whisperAgentId=1002 status=200 retcode=0 durationMs=\d+$/);
    expect(lines.join('\n')).not.toContain(guid);
  });
});

describe('roster', () => {
  it('GET …/qualitycontrol/101/allagent: the VDN sorted by ID, without the inspector, statuses read', async () => {
    const outcome = await fx.client.roster('101', guid);
    const entry = onlyRequest();
    expect(entry.method).toBe('GET');
    expect(entry.path).toBe('/agentgateway/resource/qualitycontrol/101/allagent');
    if (!outcome.ok) throw new Error(`roster failed: ${outcome.failure.kind}`);
    const ids = outcome.result.agents.map((a) => a.workNo);
    expect(ids).not.toContain('101');
    expect(ids.slice(0, 5)).toEqual(['102', '1001', '1002', '1003', '1004']);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
    expect(outcome.result.agents.find((a) => a.workNo === '1002')).toEqual({ workNo: '1002', name: 'Li Na', status: 'talking' });
    expect(outcome.result.dropped).toBe(0);
    expect(fx.logLines.at(-1)).toMatch(/^info searchAllAgents agentId=101 status=200 retcode=0 durationMs=\d+$/);
  });

  it('an unknown status code shows as unknown and a malformed row is dropped and counted, not fatal', async () => {
    const body = JSON.stringify({
      message: '',
      retcode: '0',
      result: [
        { workno: '1001', name: 'A', status: '7' },
        { workno: '1002', name: 'B', status: '42' },
        { workno: 'x', name: 'C', status: '4' },
        null,
        { name: 'no id' },
        { workno: 1003, name: 'numeric ID', status: 4 },
      ],
    });
    fx.emulator.injectFault('allAgent', { kind: 'raw-body', body }, 1);
    const outcome = await fx.client.roster('101', guid);
    if (!outcome.ok) throw new Error(`roster failed: ${outcome.failure.kind}`);
    expect(outcome.result.agents).toEqual([
      { workNo: '1001', name: 'A', status: 'talking' },
      { workNo: '1002', name: 'B', status: 'unknown' },
      { workNo: '1003', name: 'numeric ID', status: 'idle' },
    ]);
    expect(outcome.result.dropped).toBe(3);
  });

  it('a result that is not an array is a bad-shape failure; a retcode is a retcode failure', async () => {
    fx.emulator.injectFault('allAgent', { kind: 'raw-body', body: '{"message":"","retcode":"0","result":{}}' }, 1);
    expect(await fx.client.roster('101', guid)).toMatchObject({ ok: false, failure: { kind: 'bad-shape' } });
    fx.emulator.injectFault('allAgent', { kind: 'retcode', retcode: '000-003' }, 1);
    expect(await fx.client.roster('101', guid)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '000-003' } });
  });
});

describe('readRoster (the boundary)', () => {
  it('strips control and bidi characters from names, bounds their length, and drops duplicate IDs', () => {
    const read = readRoster(
      [
        { workno: '1001', name: '\u202eevil\u0007 name', status: '4' },
        { workno: '1001', name: 'again', status: '4' },
        { workno: '1002', name: 'x'.repeat(500), status: '__proto__' },
      ],
      '101',
    );
    if (!read.ok) throw new Error('not read');
    expect(read.result.agents[0]).toEqual({ workNo: '1001', name: 'evil name', status: 'idle' });
    expect(read.result.agents[1]!.name).toHaveLength(64);
    expect(read.result.agents[1]!.status).toBe('unknown');
    expect(read.result.dropped).toBe(1);
  });
});

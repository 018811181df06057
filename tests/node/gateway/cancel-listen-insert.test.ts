import { describe, expect, it } from 'vitest';
import { GatewayClient } from '@main/gateway';
import { CONTENT_TYPE, useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** cancelListenOrInsert (§1.6, log name stopSuperviseOrInsert) against the real emulator, with the bytes on the wire. */
let fx: GatewayFixture;
let guid: string;
useGatewayFixture({ signIn: 'each', calls: ['1002'] }, (f, g) => ([fx, guid] = [f, g]));

async function monitor(mode: 'listen' | 'insert'): Promise<void> {
  expect((await fx.client.startWhisper('101', guid, '1002')).ok).toBe(true);
  expect((await fx.client.switchWhisper('101', guid, mode)).ok).toBe(true);
  fx.emulator.clearJournal();
}

describe('cancelListenOrInsert (stopSuperviseOrInsert)', () => {
  it.each(['listen', 'insert'] as const)('ends a %s: DELETE …/qualitycontrol/101/1002 with the two headers and no body', async (mode) => {
    await monitor(mode);
    const outcome = await fx.client.cancelListenOrInsert('101', guid, '1002');
    expect(outcome).toMatchObject({ ok: true, retcode: '0', message: '', result: {} });
    expect(fx.emulator.journal).toHaveLength(1);
    const entry = fx.emulator.journal[0]!;
    expect(entry.method).toBe('DELETE');
    expect(entry.path).toBe('/agentgateway/resource/qualitycontrol/101/1002');
    expect(entry.query).toEqual({});
    expect(entry.headers['content-type']).toBe(CONTENT_TYPE);
    expect(entry.headers['guid']).toBe(guid);
    expect(entry.headers['transfer-encoding']).toBeUndefined();
    expect(Object.keys(entry.headers).sort()).toEqual(['connection', 'content-type', 'guid', 'host']);
    expect(entry.body).toBe('');
    expect(fx.emulator.control.qcState('101')).toEqual({ mode: 'idle', target: null });
  });

  it('logs the method name and IDs, never the Guid', async () => {
    await monitor('listen');
    const before = fx.logLines.length;
    await fx.client.cancelListenOrInsert('101', () => guid, '1002');
    const lines = fx.logLines.slice(before);
    expect(lines).toEqual([expect.stringMatching(/^info stopSuperviseOrInsert agentId=101 whisperAgentId=1002 status=200 retcode=0 durationMs=\d+$/)]);
    expect(lines.join('\n')).not.toContain(guid);
  });

  it('a whisper is not what it ends: 900-004 as a retcode failure, still whispering', async () => {
    expect((await fx.client.startWhisper('101', guid, '1002')).ok).toBe(true);
    const outcome = await fx.client.cancelListenOrInsert('101', guid, '1002');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(fx.emulator.control.qcState('101').mode).toBe('whisper');
    await fx.client.stopWhisper('101', guid);
  });

  it('with a stale Guid: 100-006', async () => {
    await monitor('listen');
    const outcome = await fx.client.cancelListenOrInsert('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.AgentGateway0', '1002');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-006' } });
    expect(fx.emulator.control.qcState('101').mode).toBe('listen');
    await fx.client.cancelListenOrInsert('101', guid, '1002');
  });

  it.each([
    ['missing', '', 'missing'],
    ['leading zero', '01002', 'not-decimal'],
    ['a path segment', '1002/../x', 'not-decimal'],
    ['out of range', '60000', 'out-of-range'],
  ])('refuses a %s workNo before sending anything', async (_label, workNo, problem) => {
    fx.emulator.clearJournal();
    const outcome = await fx.client.cancelListenOrInsert('101', guid, workNo);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'whisperAgentId', problem } });
    expect(fx.emulator.journal).toEqual([]);
  });

  it('is on the stable module path', () => {
    expect(typeof GatewayClient.prototype.cancelListenOrInsert).toBe('function');
  });
});

import { describe, expect, it } from 'vitest';
import { useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** Agent IDs are checked before any byte leaves: a refused input never reaches the emulator. */
let fx: GatewayFixture;
let guid: string;
useGatewayFixture({}, (f, g) => ([fx, guid] = [f, g]));

const INVALID: ReadonlyArray<[label: string, value: unknown, problem: string]> = [
  ['100 (below 101)', '100', 'out-of-range'],
  ['60000 (above 59999)', '60000', 'out-of-range'],
  ['999999 (needs the 2025 bound)', '999999', 'out-of-range'],
  ["'0101' (leading zero)", '0101', 'not-decimal'],
  ["' 101' (space)", ' 101', 'not-decimal'],
  ["'1e3' (exponent)", '1e3', 'not-decimal'],
  ["'' (empty)", '', 'missing'],
  ['missing (undefined)', undefined, 'missing'],
  ['a number, not a string', 101, 'not-decimal'],
];

describe('agent ID (the caller) on every call', () => {
  const calls = {
    stopWhisper: (id: string) => fx.client.stopWhisper(id, guid),
    startWhisper: (id: string) => fx.client.startWhisper(id, guid, '1001'),
    switchWhisper: (id: string) => fx.client.switchWhisper(id, guid, 'listen'),
    signIn: (id: string) => fx.client.signIn(id, { password: 'x', phonenum: '70101' }),
    signOut: (id: string) => fx.client.signOut(id, guid),
    pollEvent: (id: string) => fx.client.pollEvent(id, guid),
  };
  for (const [name, call] of Object.entries(calls)) {
    it.each(INVALID)(`${name}: %s is refused with field agentId and the range 101–59999`, async (_label, value, problem) => {
      const outcome = await call(value as string);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.failure).toMatchObject({ kind: 'validation', field: 'agentId', problem });
      if (outcome.failure.kind === 'validation') expect(outcome.failure.message).toContain('101–59999');
      expect(outcome.setGuid).toBeNull();
      expect(fx.emulator.journal).toHaveLength(0);
    });
  }
});

describe('target agent ID (whisperagentid)', () => {
  it.each(INVALID)('stop with target %s is refused with field whisperAgentId', async (_label, value, problem) => {
    if (value === undefined) return; // no target is a valid stop; covered by the start case below
    const outcome = await fx.client.stopWhisper('101', guid, value as string);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'whisperAgentId', problem } });
    expect(fx.emulator.journal).toHaveLength(0);
  });

  it.each(INVALID)('start with target %s is refused (the target is required there)', async (_label, value, problem) => {
    const outcome = await fx.client.startWhisper('101', guid, value as string);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'whisperAgentId', problem } });
    expect(fx.emulator.journal).toHaveLength(0);
  });

  it('switch with an invalid target is refused too', async () => {
    const outcome = await fx.client.switchWhisper('101', guid, 'insert', '60000');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'whisperAgentId', problem: 'out-of-range' } });
    expect(fx.emulator.journal).toHaveLength(0);
  });
});

describe('valid bounds reach the gateway', () => {
  it('101 and 59999 are sent', async () => {
    await fx.client.stopWhisper('101', guid, '59999');
    await fx.client.stopWhisper('59999', guid);
    expect(fx.emulator.journal.map((e) => `${e.path}?${new URLSearchParams(e.query)}`)).toEqual([
      '/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent?whisperagentid=59999',
      '/agentgateway/resource/qualitycontrol/59999/requeststopwhisperagent?',
    ]);
  });

  it('999999 is sent once the 2025 bound is configured, and 1000000 still is not', async () => {
    const wide = fx.newClient({ agentIdUpperBound: 999999 });
    const sent = await wide.stopWhisper('999999', guid, '999999');
    expect(sent.ok).toBe(false); // the emulator does not know that agent: a gateway answer, not a validation
    if (!sent.ok) expect(sent.failure.kind).toBe('retcode');
    expect(fx.emulator.journal).toHaveLength(1);
    expect(fx.emulator.journal[0]?.query).toEqual({ whisperagentid: '999999' });

    const tooBig = await wide.stopWhisper('1000000', guid);
    expect(tooBig).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'agentId', problem: 'not-decimal' } });
    if (!tooBig.ok && tooBig.failure.kind === 'validation') expect(tooBig.failure.message).toContain('101–999999');
    expect(fx.emulator.journal).toHaveLength(1);
  });
});

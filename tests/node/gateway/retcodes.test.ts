import { describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import { RETCODES } from '@app/i18n/retcodes';
import { useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** Every catalogue code, as the gateway would send it, surfaces as a typed retcode failure. */
let fx: GatewayFixture;
let guid: string;
useGatewayFixture({}, (f, g) => ([fx, guid] = [f, g]));

describe('every retcode in app/i18n/retcodes.ts', () => {
  it.each(Object.keys(RETCODES))('%s on a stop → kind retcode with the code, the gateway message and a catalogue explanation', async (code) => {
    fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: code, message: `gateway says ${code}` }, 1);
    const outcome = await fx.client.stopWhisper('101', guid, '1001');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: code, gatewayMessage: `gateway says ${code}` } });
    if (outcome.ok) return;
    expect(describeFailure(outcome.failure, 'en')).toBe(RETCODES[code]?.en);
    expect(describeFailure(outcome.failure, 'zh-CN')).toBe(RETCODES[code]?.zh);
  });

  it('an unknown code is still a retcode failure, explained as unknown', async () => {
    fx.emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '999-999', message: 'new thing' }, 1);
    const outcome = await fx.client.stopWhisper('101', guid);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '999-999', gatewayMessage: 'new thing' } });
    if (!outcome.ok) expect(describeFailure(outcome.failure)).toContain('999-999');
  });

  it.each([
    ['requestWhisperAgent', () => fx.client.startWhisper('101', guid, '1001')],
    ['requestSwitchInsertWhisperAgent', () => fx.client.switchWhisper('101', guid, 'listen')],
    ['getAgentEvent', () => fx.client.pollEvent('101', guid)],
    ['login', () => fx.client.signIn('101', { password: 'x', phonenum: '70101' })],
    ['logout', () => fx.client.signOut('101', guid)],
  ] as const)('%s maps a retcode the same way', async (route, call) => {
    fx.emulator.injectFault(route, { kind: 'retcode', retcode: '100-007', message: 'internal' }, 1);
    expect(await call()).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-007', gatewayMessage: 'internal' } });
  });
});

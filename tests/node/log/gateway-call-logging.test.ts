import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayFixture, PASSWORD, type GatewayFixture } from '../gateway/gateway-fixture';

/** What a gateway call leaves in the log: method, agent IDs, retcode or failure, duration — never the Guid or password. */
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ pollHoldMs: 200 });
});
afterAll(() => fx.close());

describe('gateway call logging', () => {
  it('a full whisper session logs each method with IDs, retcode and duration, and no secret', async () => {
    const guid = await fx.signIn('101');
    await fx.client.startWhisper('101', guid, '1001');
    await fx.client.switchWhisper('101', guid, 'listen', '1001');
    await fx.client.switchWhisper('101', guid, 'whisper');
    await fx.client.pollEvent('101', guid);
    await fx.client.stopWhisper('101', guid, '1001');
    await fx.client.stopWhisper('101', guid);
    await fx.client.signOut('101', guid);

    const lines = fx.logLines;
    expect(lines).toContainEqual(expect.stringMatching(/^info forceLogin agentId=101 status=200 retcode=0 durationMs=\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^info requestWhisperAgent agentId=101 whisperAgentId=1001 status=200 retcode=0 durationMs=\d+$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^info requestSwitchInsertWhisperAgent agentId=101 whisperAgentId=1001 mode=listen switchtype=0 status=200 retcode=0 durationMs=\d+$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^info requestStopWhisperAgent agentId=101 whisperAgentId=1001 status=200 retcode=0 durationMs=\d+$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^warn requestStopWhisperAgent agentId=101 status=200 failure=retcode retcode=900-004 durationMs=\d+$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^info logout agentId=101 status=200 retcode=0 durationMs=\d+$/));
    // Polls are frequent: debug only.
    expect(lines.filter((l) => l.includes('getAgentEvent')).every((l) => l.startsWith('debug '))).toBe(true);

    const all = lines.join('\n');
    for (const issued of fx.emulator.control.issuedGuids('101')) expect(all).not.toContain(issued);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  });

  it('refusals before sending are logged as such, without echoing the rejected input', async () => {
    fx.logLines.length = 0;
    await fx.client.stopWhisper('101', 'some-guid', ' 0101 ');
    expect(fx.logLines).toEqual([
      expect.stringMatching(/^warn requestStopWhisperAgent agentId=101 field=whisperAgentId problem=not-decimal sent=false failure=validation durationMs=\d+$/),
    ]);
  });
});

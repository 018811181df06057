import { describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { parseExternalTrigger, performExternalTrigger } from '@main/surfaces/external-triggers';
import { createLogger, memoryLogSink } from '@main/log/logger';

describe('parseExternalTrigger', () => {
  it('accepts exactly --stop, --back-to-listen and the two whisper-control links', () => {
    expect(parseExternalTrigger(['--stop'])).toEqual({ action: 'stop', refused: [] });
    expect(parseExternalTrigger(['--back-to-listen'])).toEqual({ action: 'back-to-listen', refused: [] });
    expect(parseExternalTrigger('whisper-control://stop')).toEqual({ action: 'stop', refused: [] });
    expect(parseExternalTrigger('whisper-control://back-to-listen')).toEqual({ action: 'back-to-listen', refused: [] });
    expect(parseExternalTrigger('whisper-control://stop/')).toEqual({ action: 'stop', refused: [] });
    expect(parseExternalTrigger(['--stop', '--stop'])).toEqual({ action: 'stop', refused: [] });
  });

  it('refuses everything else, and conflicting triggers', () => {
    const refused = [
      '--Stop', '--stop=1', '-stop', 'stop', '--start', '--whisper=1002', '--back-to-listen ', 'whisper-control://start',
      'whisper-control://stop?whisperagentid=1002', 'whisper-control://stop#x', 'WHISPER-CONTROL://STOP', 'whisper-control:stop',
      'whisper-control://stop/../start', 'https://evil.example/stop', 'file:///etc/passwd', '', '--stop\u0000', '٭stop',
    ];
    for (const input of refused) {
      const parsed = parseExternalTrigger(input);
      expect(parsed.action, JSON.stringify(input)).toBeNull();
      expect(parsed.refused).toHaveLength(1);
    }
    expect(parseExternalTrigger(['--stop', '--back-to-listen']).action).toBeNull();
    expect(parseExternalTrigger([]).action).toBeNull();
    expect(parseExternalTrigger([42 as unknown as string]).refused).toEqual(['<number>']);
  });

  it('keeps an accepted trigger next to stray arguments, and shortens what it logs', () => {
    const parsed = parseExternalTrigger(['--enable-logging', '--stop', 'x'.repeat(10_000)]);
    expect(parsed.action).toBe('stop');
    expect(parsed.refused[0]).toBe('--enable-logging');
    expect(parsed.refused[1]!.length).toBeLessThanOrEqual(81);
  });
});

describe('performExternalTrigger', () => {
  function recorder() {
    const calls: string[] = [];
    const result = { ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: '', durationMs: 1 } as ActionResult;
    return {
      calls,
      actions: {
        stop: async (r: { trigger: string }) => (calls.push(`stop:${r.trigger}`), result),
        backToListen: async (r: { trigger: string }) => (calls.push(`back-to-listen:${r.trigger}`), { ...result, action: 'back-to-listen' as const }),
      },
    };
  }

  it('performs the one accepted action with the external trigger; refuses and logs the rest', async () => {
    const sink = memoryLogSink();
    const logger = createLogger(sink);
    const r = recorder();
    expect(await performExternalTrigger(['--stop'], { actions: r.actions, logger })).toMatchObject({ ok: true });
    expect(await performExternalTrigger('whisper-control://back-to-listen', { actions: r.actions, logger })).toMatchObject({ action: 'back-to-listen' });
    expect(await performExternalTrigger(['--evil', 'whisper-control://start'], { actions: r.actions, logger })).toBeNull();
    expect(r.calls).toEqual(['stop:external', 'back-to-listen:external']);
    expect(sink.lines.filter((l) => l.startsWith('warn external trigger refused'))).toHaveLength(2);
  });
});

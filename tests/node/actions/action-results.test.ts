/**
 * The actions layer builds each ActionResult from the session's domain answer (SessionResult):
 * the contract's fields only, with what the product rules add (the forced sign-in offer, the
 * verified stop's retry, the reconciled stop).
 */
import { describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import { SIGNED_OUT, type SessionSnapshot } from '@app/whisper';
import type { SessionPort, SessionResult } from '@main/actions/session-port';
import { WhisperActions } from '@main/actions/whisper-actions';
import { createLogger, memoryLogSink } from '@main/log/logger';

const OK: SessionResult = { ok: true, retcode: '0', message: 'success', durationMs: 4 };
const whispering: SessionSnapshot = { ...SIGNED_OUT, phase: 'signed-in', agentId: '101', whisper: { mode: 'whisper', target: '1002', since: 0 } };

function actionsOver(session: Partial<SessionPort>) {
  const recorded: unknown[] = [];
  const port = { snapshot: () => whispering, ...session } as SessionPort;
  const actions = new WhisperActions({
    session: () => port,
    notConfiguredDetail: () => ({ en: 'none', 'zh-CN': '无' }),
    settings: () => ({ bargeGuard: true }),
    audit: { record: (result) => recorded.push(result) },
    logger: createLogger(memoryLogSink()),
  });
  return { actions, recorded };
}

describe('ActionResult built once from the session answer', () => {
  it('a sign-in refused because the agent is signed in elsewhere (100-002) offers the forced sign-in; a forced one does not', async () => {
    const elsewhere: SessionResult = { ok: false, failure: { kind: 'retcode', retcode: '100-002', gatewayMessage: 'signed in' }, durationMs: 7 };
    const { actions } = actionsOver({ signIn: async () => elsewhere });
    expect(await actions.signIn({ trigger: 'panel', password: 'pw' })).toEqual({
      ok: false, action: 'sign-in', target: null, failure: elsewhere.failure, durationMs: 7, needsConfirmation: 'force-sign-in',
    });
    expect(await actions.signIn({ trigger: 'panel', password: 'pw', force: true })).toEqual({
      ok: false, action: 'force-sign-in', target: null, failure: elsewhere.failure, durationMs: 7,
    });
  });

  it('a success carries the gateway message, and reconciled only when the hedge found the stop done', async () => {
    const { actions, recorded } = actionsOver({
      // The hedged stop naming 1002 is reconciled; the stop without a target that confirms it finds nothing whispering.
      stopWhisper: async (target?: string) =>
        target === undefined
          ? { ok: false as const, failure: { kind: 'retcode' as const, retcode: '900-004', gatewayMessage: 'not whispering' }, durationMs: 4 }
          : { ...OK, reconciled: { retcode: '900-004', message: 'not whispering' } },
      startWhisper: async () => OK,
    });
    const stopped = await actions.stop({ trigger: 'tray' });
    expect(stopped).toEqual({ ok: true, action: 'stop', target: '1002', retcode: '0', gatewayMessage: 'success', durationMs: 4, ended: 'whisper', reconciled: true });
    expect(recorded).toEqual([stopped]);
    expect(await actions.start({ trigger: 'panel', whisperAgentId: '1003' })).toEqual({
      ok: true, action: 'start', target: '1003', retcode: '0', gatewayMessage: 'success', durationMs: 4,
    });
  });
});

describe('words from the truth: an internal error is not the network', () => {
  it('a stop that throws inside the app is an internal failure, worded so in both languages, saying the whisper may still run', async () => {
    const { actions, recorded } = actionsOver({
      stopWhisper: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const result = await actions.stop({ trigger: 'tray' });
    expect(result).toMatchObject({ ok: false, action: 'stop', target: '1002', failure: { kind: 'internal', code: 'ERR_UNEXPECTED' } });
    expect(recorded).toEqual([result]);
    if (result.ok) throw new Error('expected a failure');
    const en = describeFailure(result.failure, 'en');
    const zh = describeFailure(result.failure, 'zh-CN');
    expect(en).toContain('internal error');
    expect(en).toContain('the whisper may still be running');
    expect(en).toContain('Press Stop again, or check in the gateway console');
    expect(en).not.toMatch(/network/i);
    expect(zh).toContain('内部错误');
    expect(zh).toContain('耳语可能仍在进行');
    expect(zh).not.toContain('网络');
  });
});

describe('a stop that fails inside the app does not hold up the next one', () => {
  it('the session lookup throwing comes back as an internal failure, and the next stop is sent', async () => {
    let calls = 0;
    const recorded: unknown[] = [];
    const actions = new WhisperActions({
      session: () => {
        calls += 1;
        if (calls === 1) throw new Error('no session host');
        return { snapshot: () => whispering, stopWhisper: async () => OK } as unknown as SessionPort;
      },
      notConfiguredDetail: () => ({ en: 'none', 'zh-CN': '无' }),
      settings: () => ({ bargeGuard: true }),
      audit: { record: (result) => recorded.push(result) },
      logger: createLogger(memoryLogSink()),
    });
    expect(await actions.stop({ trigger: 'tray' })).toMatchObject({ ok: false, failure: { kind: 'internal' } });
    expect(await actions.stop({ trigger: 'tray' })).toMatchObject({ ok: true, action: 'stop', target: '1002' });
    expect(recorded).toHaveLength(2);
  });
});

describe('a start on the agent already monitored is a switch (app/monitoring.ts planStart)', () => {
  const listening: SessionSnapshot = { ...whispering, whisper: { mode: 'listen', target: '1002', since: 0 } };

  function recordingSession(snapshot: SessionSnapshot) {
    const sent: string[] = [];
    const session: Partial<SessionPort> = {
      snapshot: () => snapshot,
      startWhisper: async (target) => (sent.push(`start ${target}`), OK),
      switchMode: async (mode, target) => (sent.push(`switch ${mode} ${target}`), OK),
      startMonitoring: async (mode, target) => (sent.push(`${mode} ${target}`), OK),
    };
    return { session, sent };
  }

  it('whisper on the agent listened to sends the switch, and the result, history and audit say switch', async () => {
    const { session, sent } = recordingSession(listening);
    const { actions, recorded } = actionsOver(session);
    const result = await actions.start({ trigger: 'tray', whisperAgentId: '1002' });
    expect(sent).toEqual(['switch whisper 1002']);
    expect(result).toMatchObject({ ok: true, action: 'switch', target: '1002' });
    expect(recorded).toEqual([result]);
  });

  it('listen on the agent whispered to sends the switch; on another agent, the start', async () => {
    const { session, sent } = recordingSession(whispering);
    const { actions } = actionsOver(session);
    expect(await actions.listen({ trigger: 'tray', whisperAgentId: '1002' })).toMatchObject({ ok: true, action: 'switch', target: '1002' });
    expect(await actions.listen({ trigger: 'tray', whisperAgentId: '1003' })).toMatchObject({ ok: true, action: 'listen', target: '1003' });
    expect(sent).toEqual(['switch listen 1002', 'listen 1003']);
  });

  it('the mode already on that agent sends nothing', async () => {
    const { session, sent } = recordingSession(listening);
    const { actions } = actionsOver(session);
    expect(await actions.listen({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true, action: 'listen', target: '1002' });
    expect(sent).toEqual([]);
  });
});

describe('a switch names the agent it acts on (app/monitoring.ts planSwitch)', () => {
  it('without a named agent, the switch sends and records the agent monitored', async () => {
    const sent: string[] = [];
    const { actions, recorded } = actionsOver({ switchMode: async (mode, target) => (sent.push(`switch ${mode} ${target}`), OK) });
    const result = await actions.switchMode({ trigger: 'panel', mode: 'listen' });
    expect(sent).toEqual(['switch listen 1002']);
    expect(result).toMatchObject({ ok: true, action: 'switch', target: '1002' });
    expect(recorded).toEqual([result]);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '@app/ipc-contract';
import { isIpcRefusal, REFUSAL_SHAPED_CHANNELS } from '@app/ipc-refusal';
import { createIpcHandlers, HANDLED_CHANNELS } from '@main/ipc/handlers';
import { isTrustedSender } from '@main/ipc/sender';
import { INSPECTOR, PANEL_SENDER, startHarness, type Harness } from './harness';
import { readZip } from '@support/read-zip';
import { explainFailure } from '@app/i18n/failure-explanations';

let h: Harness;
const opened: string[] = [];
const responses: unknown[] = [];

beforeAll(async () => {
  h = await startHarness({ services: { desktop: { openFolder: async (folder) => (opened.push(folder), true) } } });
});
afterAll(async () => {
  await h.close();
});

async function call<C extends RequestChannel>(channel: C, request: unknown): Promise<Awaited<ReturnType<Harness['handlers'][C]>>> {
  const response = await h.handlers[channel](request, PANEL_SENDER);
  responses.push(response);
  return response as Awaited<ReturnType<Harness['handlers'][C]>>;
}

describe('IPC handlers: one per contract channel', () => {
  it('handles exactly the request channels of the contract', () => {
    expect([...HANDLED_CHANNELS].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.keys(h.handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('runs every channel’s happy path against the emulator', async () => {
    const initial = await call('session:get-state', {});
    expect(initial).toMatchObject({ phase: 'signed-out', demo: true, gatewayUrl: h.emulator.url, agentId: INSPECTOR });

    const signIn = await call('session:sign-in', { password: 'Inspect0r!' });
    expect(signIn).toMatchObject({ ok: true, action: 'sign-in' });
    expect(await call('session:get-state', undefined)).toMatchObject({ phase: 'signed-in', agentId: INSPECTOR, demo: true });

    expect(await call('whisper:start', { whisperAgentId: '1002' })).toMatchObject({ ok: true, action: 'start', target: '1002' });
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target: '1002' });

    expect(await call('whisper:switch', { mode: 'insert', whisperAgentId: '1002', confirmed: true })).toMatchObject({ ok: true, action: 'switch' });
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('insert');
    expect(await call('whisper:switch', { mode: 'whisper', whisperAgentId: '1002' })).toMatchObject({ ok: true });
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('whisper');

    expect(await call('whisper:back-to-listen', {})).toMatchObject({ ok: true, action: 'back-to-listen' });
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('listen');
    expect(h.requests('requestswitchinsertwhisperagent').at(-1)?.query['switchtype']).toBe('0');

    expect(await call('whisper:switch', { mode: 'whisper' })).toMatchObject({ ok: true });
    expect(await call('whisper:stop', { whisperAgentId: '1002' })).toMatchObject({ ok: true, action: 'stop', target: '1002' });
    expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'idle', target: null });

    const history = await call('history:get', {});
    expect(Array.isArray(history) && history.map((e) => e.action)).toEqual([
      'sign-in', 'start', 'switch', 'switch', 'back-to-listen', 'switch', 'stop',
    ]);

    const view = await call('settings:get', {});
    expect(view).toMatchObject({ settings: { reminderAfterMinutes: 5, bargeGuard: true }, locked: [] });
    const saved = await call('settings:save', { changes: { reminderAfterMinutes: 3, language: 'zh-CN' } });
    expect(saved).toMatchObject({ ok: true, view: { settings: { reminderAfterMinutes: 3, language: 'zh-CN' } } });
    expect(h.services.snapshot().phase).toBe('signed-in'); // a non-gateway setting does not rebuild the session

    const test = await call('settings:test-connection', {});
    expect(test).toMatchObject({ ok: true, failure: null, certificate: { fingerprint256: h.emulator.serverFingerprint256 } });

    const csv = await call('history:export-csv', {});
    expect(csv).toMatchObject({ ok: true });
    const csvPath = (csv as { path: string }).path;
    expect(readFileSync(csvPath, 'utf8').split('\r\n')[0]).toBe('time,action,trigger,target,ok,retcode,failure,durationMs,retriedWithoutTarget');

    expect(await call('app:open-logs-folder', {})).toEqual({ ok: true });
    expect(opened).toEqual([h.services.logsDir]);

    const diagnostics = await call('app:export-diagnostics', {});
    expect(diagnostics).toMatchObject({ ok: true });
    const diagnosticsPath = (diagnostics as { path: string }).path;
    const bundle = readZip(readFileSync(diagnosticsPath));
    expect(bundle.map((e) => e.name)).toEqual(expect.arrayContaining(['about.json', 'connection-test.json', 'settings/effective.json', 'session.json', 'history.json', 'audit-forwarding.json']));
    const bundleText = bundle.map((e) => e.content.toString('utf8')).join('\n');

    expect(await call('session:sign-out', {})).toMatchObject({ ok: true, action: 'sign-out' });
    expect(h.services.snapshot().phase).toBe('signed-out');

    // Nothing that crossed IPC, and nothing exported, carries a Guid or the password.
    const secrets = [...h.emulator.control.issuedGuids(INSPECTOR), 'Inspect0r!'];
    expect(secrets.length).toBeGreaterThan(1);
    const crossed = [JSON.stringify(responses), readFileSync(csvPath, 'utf8'), bundleText].join('\n');
    for (const secret of secrets) expect(crossed).not.toContain(secret);
  });

  it('never throws: an unexpected error in a service comes back as typed data', async () => {
    const boom = () => {
      throw Object.assign(new Error('boom'), { code: 'EBOOM' });
    };
    const broken = createIpcHandlers({
      ...h.services,
      snapshot: boom,
      history: boom,
      saveSettings: async () => boom(),
      actions: { ...h.services.actions, start: async () => boom() },
    });
    // An error inside the app is worded as an internal error, never as the network.
    const failure = { kind: 'internal', code: 'EBOOM' } as const;
    expect(await broken['session:get-state']({}, PANEL_SENDER)).toEqual({ ok: false, refused: 'internal-error', failure, explanation: explainFailure(failure) });
    expect(await broken['history:get']({}, PANEL_SENDER)).toMatchObject({ refused: 'internal-error' });
    expect(await broken['settings:save']({ changes: {} }, PANEL_SENDER)).toMatchObject({ ok: false, errors: [{ key: 'request' }] });
    expect(await broken['whisper:start']({ whisperAgentId: '1002' }, PANEL_SENDER)).toMatchObject({ ok: false, action: 'start', failure, explanation: explainFailure(failure) });
    expect(h.logLines.some((line) => line.startsWith('error IPC handler failed unexpectedly channel=session:get-state'))).toBe(true);
  });

  it('words every failure it sends in both panel languages, and leaves successes alone', async () => {
    const refused = await h.handlers['whisper:stop']({ whisperAgentId: '60000' }, PANEL_SENDER);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.explanation).toEqual(explainFailure(refused.failure));
    expect(refused.explanation?.en).toContain('101–59999');
    expect(refused.explanation?.['zh-CN']).toBe('目标工号 60000 超出允许范围 101–59999。');
    const notDecimal = await h.handlers['whisper:start']({ whisperAgentId: '0101' }, PANEL_SENDER);
    expect(notDecimal).toMatchObject({ ok: false, explanation: { 'zh-CN': '目标工号只能是数字，不含前导零或空格（101–59999）。' } });
    const foreign = await h.handlers['whisper:stop']({}, { url: 'https://evil.example/', isMainFrame: true });
    expect(foreign).toMatchObject({ ok: false, explanation: { 'zh-CN': '此请求并非来自 Whisper Control 面板，已被拒绝。' } });
    expect(await h.handlers['session:get-state']({}, PANEL_SENDER)).not.toHaveProperty('explanation');
  });

  it('answers open-logs-folder with ok:false where no desktop is wired (plain Node)', async () => {
    const bare = createIpcHandlers({ ...h.services, openLogsFolder: async () => ({ ok: false }) });
    expect(await bare['app:open-logs-folder']({}, PANEL_SENDER)).toEqual({ ok: false });
  });
});

describe('IPC sender check', () => {
  const untrusted = [
    { url: 'https://evil.example/index.html', isMainFrame: true },
    { url: 'file:///tmp/index.html', isMainFrame: true },
    { url: 'app://whisper-control.evil/index.html', isMainFrame: true },
    { url: 'app://whisper-control@evil/index.html', isMainFrame: true },
    { url: 'app://whisper-control:8080/index.html', isMainFrame: true },
    { url: 'http://localhost:5173/', isMainFrame: true },
    { url: 'app://whisper-control/index.html', isMainFrame: false },
    { url: '', isMainFrame: true },
    { url: 'not a url', isMainFrame: true },
  ];

  it('trusts only our own page in the main frame, and the dev server only when passed explicitly', () => {
    expect(isTrustedSender(PANEL_SENDER)).toBe(true);
    expect(isTrustedSender({ url: 'app://whisper-control/', isMainFrame: true })).toBe(true);
    for (const sender of untrusted) expect(isTrustedSender(sender), sender.url).toBe(false);
    const dev = { devServerUrl: 'http://localhost:5173' };
    expect(isTrustedSender({ url: 'http://localhost:5173/index.html', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/index.html', isMainFrame: false }, dev)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5174/index.html', isMainFrame: true }, dev)).toBe(false);
    expect(isTrustedSender({ url: 'http://evil.example/', isMainFrame: true }, dev)).toBe(false);
  });

  it('refuses every channel from another origin or a sub-frame, before any gateway request', async () => {
    await h.signIn();
    h.emulator.clearJournal();
    const valid: Record<RequestChannel, unknown> = {
      'whisper:stop': {},
      'whisper:start': { whisperAgentId: '1002' },
      'whisper:switch': { mode: 'listen' },
      'whisper:back-to-listen': {},
      'whisper:listen': { whisperAgentId: '1002' },
      'whisper:insert': { whisperAgentId: '1002', confirmed: true },
      'whisper:intercept': { whisperAgentId: '1002', confirmed: true },
      'roster:get': {},
      'session:get-state': {},
      'session:sign-in': { password: 'Inspect0r!' },
      'session:sign-out': {},
      'settings:get': {},
      'settings:save': { changes: { language: 'en' } },
      'settings:test-connection': {},
      'history:get': {},
      'history:export-csv': {},
      'app:open-logs-folder': {},
      'app:export-diagnostics': {},
      'audit-forwarding:get-status': {},
    };
    const historyBefore = h.services.history().length;
    for (const channel of REQUEST_CHANNELS) {
      for (const sender of [untrusted[0]!, untrusted[6]!]) {
        const response = await h.handlers[channel](valid[channel], sender);
        if ((REFUSAL_SHAPED_CHANNELS as readonly string[]).includes(channel)) {
          expect(isIpcRefusal(response), channel).toBe(true);
          expect(response).toMatchObject({ refused: 'untrusted-sender', failure: { kind: 'validation', field: 'sender' } });
        } else if (channel === 'settings:save') {
          expect(response).toMatchObject({ ok: false, errors: [{ key: 'sender' }] });
        } else {
          expect(response, channel).toMatchObject({ ok: false, failure: { kind: 'validation', field: 'sender' } });
        }
      }
    }
    const gatewayRequests = h.emulator.journal.filter((e) => !e.path.includes('agentevent'));
    expect(gatewayRequests).toEqual([]);
    expect(h.services.history().length).toBe(historyBefore);
    expect(h.services.settings().language).not.toBe('en');
    expect(h.emulator.control.qcState(INSPECTOR).mode).toBe('idle');
  });
});

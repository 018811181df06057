/**
 * Leak scan (docs/reliability.md, "Leak scan"): a scripted full session through the real composition root and IPC
 * handlers against the emulator with fast Guid rotation — sign-in, ≥ 50 rotations (with a few
 * injected gateway faults on the way), start, switch, barge, back-to-listen, stop, refused and
 * failing actions, exports, sign-out, sign-in again, restart over the same user-data folder,
 * resume, sign-out. Every Guid the emulator issued and the password are then searched for in:
 * the log file electron-log wrote (debug level), everything printed to the console, every file
 * in the user-data folder (UTF-8 and UTF-16LE), and everything that crossed the IPC boundary
 * (each handler response and each state-change and history payload). Expected: 0 occurrences.
 *
 * The keychain is the real Secret Service when the test runner provides a throwaway one
 * (WHISPER_TEST_KEYRING, see scripts/test.sh); otherwise an in-memory stand-in that outlives the
 * "restart" as a keychain would. Either way the Guid kept for resume lives outside the user-data
 * folder, so the folder scan must find nothing — and the successful resume proves it was kept.
 */
import { performExternalTrigger } from '@main/surfaces/external-triggers';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import electronLog from 'electron-log/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestChannel, RequestOf } from '@app/ipc-contract';
import { startEmulator, type Emulator } from '@emulator/index';
import { createIpcHandlers, type IpcHandlers } from '@main/ipc/handlers';
import { APP_ORIGIN } from '@main/ipc/sender';
import { deferredLogSink, type FlushableLogSink } from '@main/log/deferred-log-sink';
import { electronLogSink } from '@main/log/electron-log-sink';
import { createLogger } from '@main/log/logger';
import { configureLogFile } from '@main/platform/log-files';
import { createAppServices, type AppServices } from '@main/compose';
import { VAULT_SERVICE, vaultAccount, type SecretStore } from '@main/vault/guid-vault';
import { keytarStore } from '@main/vault/keytar-store';
import { needlesOf, scanFiles, scanText, type Finding, type Secret } from './leak-scan';
import { recordFigures } from '@support/figures';

const INSPECTOR = '101';
const PHONE = '70101';
/** Distinctive, so any occurrence is ours; ≤ 32 characters (protocol §2.1). */
const PASSWORD = 'Leak-Canary!7qZx-pw';
const ROTATIONS = 50;
const SENDER = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const useRealKeyring = Boolean(process.env.WHISPER_TEST_KEYRING);

function memorySecretStore(): SecretStore {
  const entries = new Map<string, string>();
  return {
    get: async (service, account) => entries.get(`${service}\n${account}`) ?? null,
    set: async (service, account, value) => void entries.set(`${service}\n${account}`, value),
    delete: async (service, account) => entries.delete(`${service}\n${account}`),
  };
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number, tick?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('leak scan of a full session', () => {
  let emulator: Emulator;
  let userDataDir: string;
  let outsideDir: string;
  let logFile = '';
  const logSinks: FlushableLogSink[] = [];
  const secretStore: SecretStore = useRealKeyring ? keytarStore() : memorySecretStore();
  const crossedIpc: string[] = [];
  const consoleOutput: string[] = [];
  const restores: Array<() => void> = [];
  let issued: string[] = [];
  let resumeResult = '';
  let keptAfterSignOut: string | null = 'not read';

  async function openApp(logId: string): Promise<{ services: AppServices; call: <C extends RequestChannel>(c: C, r: RequestOf<C>) => Promise<unknown> }> {
    const log = electronLog.create({ logId });
    log.transports.console.level = 'debug';
    // electron-log keeps its own references to the console methods from load time, so the
    // console spies below cannot see its lines: take what its console transport would print
    // (kept out of the test output, like everything else captured here).
    log.transports.console.writeFn = (options) => void consoleOutput.push(`electron-log console: ${format(...options.message.data)}`);
    logFile = configureLogFile(log, { directory: join(userDataDir, 'logs'), level: 'debug' });
    // As main/index.ts composes it: lines reach electron-log after the turn (flushed before the scan).
    const sink = deferredLogSink(electronLogSink(log));
    logSinks.push(sink);
    const services = await createAppServices({
      userDataDir,
      policyPath: join(outsideDir, 'no-policy.json'),
      logger: createLogger(sink),
      secretStore,
      sessionTuning: { pollIntervalMs: 200, pollHoldMs: 30, pollBackoffInitialMs: 50, pollBackoffMaxMs: 200 },
    });
    services.onSnapshot((s) => crossedIpc.push(`session:state-changed ${JSON.stringify(s)}`));
    services.onHistory((h) => crossedIpc.push(`history:changed ${JSON.stringify(h)}`));
    services.onSettings((v) => crossedIpc.push(`settings:changed ${JSON.stringify(v)}`));
    services.onReminder((r) => crossedIpc.push(`reminder ${JSON.stringify(r)}`));
    const handlers: IpcHandlers = createIpcHandlers(services);
    const call = async <C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<unknown> => {
      const response = await (handlers[channel] as (r: unknown, s: typeof SENDER) => Promise<unknown>)(request, SENDER);
      crossedIpc.push(`${channel} → ${JSON.stringify(response)}`);
      return response;
    };
    return { services, call };
  }

  const rotations = () => emulator.control.issuedGuids(INSPECTOR).length;

  beforeAll(async () => {
    emulator = await startEmulator({ guidIntervalMs: 50, guidTimeoutMs: 3000, pollHoldMs: 30 });
    emulator.control.setPassword(INSPECTOR, PASSWORD);
    userDataDir = await mkdtemp(join(tmpdir(), 'whisper-leak-userdata-'));
    outsideDir = await mkdtemp(join(tmpdir(), 'whisper-leak-outside-'));
    const caFile = join(outsideDir, 'gateway-ca.pem');
    await writeFile(caFile, emulator.caPem);

    const capture = (stream: string) => (...args: unknown[]) => void consoleOutput.push(`${stream}: ${format(...args)}`);
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = vi.spyOn(console, method).mockImplementation(capture(`console.${method}`));
      restores.push(() => spy.mockRestore());
    }
    for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
      const spy = vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        consoleOutput.push(`${name}: ${String(chunk)}`);
        return true;
      }) as typeof stream.write);
      restores.push(() => spy.mockRestore());
    }

    try {
      // ---- First run of the app.
      const first = await openApp('leak-first');
      expect(await first.call('settings:save', { changes: { gatewayUrl: emulator.url, caFile, agentId: INSPECTOR, phoneNumber: PHONE } })).toMatchObject({ ok: true });
      await first.services.settled();
      expect(await first.call('session:sign-in', { password: PASSWORD })).toMatchObject({ ok: true });

      // ≥ 50 rotations, with the panel reading state meanwhile and a few gateway faults on the way
      // (error paths are where credentials usually leak).
      const faults = [
        () => emulator.injectFault('getAgentEvent', { kind: 'retcode', retcode: '100-006' }, 1),
        () => emulator.injectFault('getAgentEvent', { kind: 'invalid-json' }, 1),
        () => emulator.injectFault('getAgentEvent', { kind: 'http-status', status: 500, html: true }, 1),
        () => emulator.injectFault('getAgentEvent', { kind: 'reset' }, 1),
      ];
      let tick = 0;
      await until(`${ROTATIONS} rotations`, () => rotations() >= ROTATIONS + 1, 60_000, async () => {
        tick += 1;
        if (tick % 40 === 0) faults[(tick / 40) % faults.length]?.();
        if (tick % 10 === 0) await first.call('session:get-state', {});
      });
      await until('a healthy session after the faults', () => first.services.snapshot().phase === 'signed-in' && first.services.snapshot().pollFailures === 0, 10_000);

      // Every whisper-family action, successes and failures.
      expect(await first.call('whisper:start', { whisperAgentId: '1001' })).toMatchObject({ ok: true });
      expect(await first.call('whisper:switch', { mode: 'listen' })).toMatchObject({ ok: true });
      expect(await first.call('whisper:switch', { mode: 'insert' })).toMatchObject({ ok: false, needsConfirmation: 'barge' });
      expect(await first.call('whisper:switch', { mode: 'insert', confirmed: true })).toMatchObject({ ok: true });
      expect(await first.call('whisper:switch', { mode: 'whisper', whisperAgentId: '1001' })).toMatchObject({ ok: true });
      expect(await first.call('whisper:back-to-listen', {})).toMatchObject({ ok: true });
      expect(await first.call('whisper:switch', { mode: 'whisper' })).toMatchObject({ ok: true });
      expect(await first.call('whisper:stop', { whisperAgentId: '1001' })).toMatchObject({ ok: true });
      expect(await first.call('whisper:start', { whisperAgentId: '2001' })).toMatchObject({ ok: false, failure: { retcode: '000-002' } });
      expect(await first.call('whisper:stop', { whisperAgentId: '1002' })).toMatchObject({ ok: false, retriedWithoutTarget: true });
      expect(await first.call('whisper:start', { whisperAgentId: '1e3' } as RequestOf<'whisper:start'>)).toMatchObject({ ok: false, failure: { kind: 'validation' } });
      expect(await first.call('session:sign-in', { password: PASSWORD })).toMatchObject({ ok: false });
      emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '100-006' }, 1);
      expect(await first.call('whisper:stop', {})).toMatchObject({ ok: false, failure: { retcode: '100-006' } });
      await until('the suspected session loss to clear', () => first.services.snapshot().phase === 'signed-in', 10_000);
      expect(await performExternalTrigger(['--stop'], { actions: first.services.actions, logger: first.services.logger })).not.toBeNull();
      await first.call('settings:get', {});
      await first.call('settings:test-connection', {});
      await first.call('history:get', {});
      expect(await first.call('history:export-csv', {})).toMatchObject({ ok: true });
      expect(await first.call('app:export-diagnostics', {})).toMatchObject({ ok: true });
      expect(await first.call('session:sign-out', {})).toMatchObject({ ok: true });

      // Sign in again and leave the app without signing out: the Guid stays in the keychain.
      expect(await first.call('session:sign-in', { password: PASSWORD })).toMatchObject({ ok: true });
      const before = rotations();
      await until('rotations after the second sign-in', () => rotations() >= before + 5, 20_000);
      await first.services.dispose();

      // ---- Restart over the same user-data folder, resume from the keychain.
      const second = await openApp('leak-second');
      resumeResult = await second.services.resume();
      const afterResume = rotations();
      await until('rotations after resume', () => rotations() >= afterResume + 5, 20_000);
      expect(await second.call('whisper:start', { whisperAgentId: '1003' })).toMatchObject({ ok: true });
      expect(await second.call('whisper:stop', {})).toMatchObject({ ok: true });
      expect(await second.call('session:sign-out', {})).toMatchObject({ ok: true });
      await second.services.dispose();
      keptAfterSignOut = await secretStore.get(VAULT_SERVICE, vaultAccount(new URL(emulator.url).origin, INSPECTOR));
    } finally {
      for (const restore of restores.splice(0)) restore();
    }
    issued = emulator.control.issuedGuids(INSPECTOR);
    for (const sink of logSinks) sink.flush();
    const logBytes = (await readFile(logFile)).length;
    recordFigures(
      'leak-scan',
      { guidsIssued: issued.length, ipcPayloads: crossedIpc.length, consoleLines: consoleOutput.length, logFileBytes: logBytes, keychain: useRealKeyring ? 'Secret Service (gnome-keyring)' : 'in-memory stand-in' },
    );
  }, 180_000);

  afterAll(async () => {
    for (const restore of restores.splice(0)) restore();
    await emulator?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (outsideDir) await rm(outsideDir, { recursive: true, force: true });
  });

  const secrets = (): Secret[] => [{ label: 'password', value: PASSWORD }, ...issued.map((value, i) => ({ label: `Guid #${i}`, value }))];

  it('ran the whole script: ≥ 50 rotations, a resume from the keychain, nothing kept after sign-out', () => {
    expect(issued.length).toBeGreaterThanOrEqual(ROTATIONS + 1 + 1 + 5 + 5);
    expect(new Set(issued).size).toBe(issued.length);
    expect(resumeResult).toBe('resumed');
    expect(keptAfterSignOut).toBeNull();
  });

  it('searches for values that really went over the wire', () => {
    // The emulator's journal saw every Guid as a request header: the needles match real traffic.
    const wire = JSON.stringify(emulator.journal);
    const needles = needlesOf(secrets());
    const seen = new Set(scanText('journal', wire, needles).map((f) => f.secret));
    expect(seen.has('password')).toBe(true);
    expect(issued.filter((_, i) => seen.has(`Guid #${i}`)).length).toBeGreaterThanOrEqual(ROTATIONS);
  });

  it('finds no Guid or password in the log file', async () => {
    const text = await readFile(logFile, 'utf8');
    // The log is real and detailed: stops at info, polls at debug, the gateway's failures.
    expect(text).toContain('requestStopWhisperAgent');
    expect(text).toContain('getAgentEvent');
    expect(text).toContain('100-006');
    expect(scanText('main.log', text, needlesOf(secrets()))).toEqual([]);
  });

  it('finds no Guid or password in the console output', () => {
    const text = consoleOutput.join('\n');
    expect(text).toContain('requestStopWhisperAgent');
    expect(scanText('console', text, needlesOf(secrets()))).toEqual([]);
  });

  it('finds no Guid or password in any file of the user-data folder', () => {
    const { files, units, findings } = scanFiles(userDataDir, needlesOf(secrets()));
    // The folder holds what the app writes: settings, audit trail, logs, exports — and the
    // diagnostics bundle is opened, not scanned as compressed bytes.
    expect(files.some((f) => f.startsWith('logs'))).toBe(true);
    expect(files.some((f) => f.startsWith('exports'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(units.some((u) => u.includes('.zip!'))).toBe(true);
    recordFigures('leak-scan-user-data-files', units);
    expect(findings).toEqual([] as Finding[]);
  });

  it('finds no Guid or password in anything that crossed IPC', () => {
    expect(crossedIpc.length).toBeGreaterThan(20);
    expect(crossedIpc.some((p) => p.startsWith('session:state-changed'))).toBe(true);
    expect(crossedIpc.some((p) => p.startsWith('history:changed'))).toBe(true);
    const findings = crossedIpc.flatMap((payload, i) => scanText(`IPC payload #${i} (${payload.slice(0, 40)})`, payload, needlesOf(secrets())));
    expect(findings).toEqual([]);
  });
});

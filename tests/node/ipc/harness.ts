/**
 * Real services against the real emulator for the ipc, actions and audit tests:
 * a temporary user-data folder, an in-memory logger (scanned for secrets) and
 * an in-memory keychain; nothing on the HTTPS path is mocked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '@emulator/index';
import { createIpcHandlers, type IpcHandlers } from '@main/ipc/handlers';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { createAppServices, type AppServices, type AppServicesOptions } from '@main/compose';
import type { SecretStore } from '@main/vault/guid-vault';

export const PANEL_SENDER = { url: 'app://whisper-control/index.html', isMainFrame: true } as const;
export const DEMO_PASSWORD = 'Inspect0r!';
export const INSPECTOR = '101';

/** A keychain in memory: the vault's own behaviour is tested elsewhere against a real Secret Service. */
export function memorySecretStore(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    set: async (service, account, value) => void entries.set(`${service}|${account}`, value),
    delete: async (service, account) => entries.delete(`${service}|${account}`),
  };
}

export interface Harness {
  readonly emulator: Emulator;
  readonly services: AppServices;
  readonly handlers: IpcHandlers;
  readonly logLines: string[];
  readonly userDataDir: string;
  readonly secretStore: ReturnType<typeof memorySecretStore>;
  /** Requests the emulator received for one route name (e.g. 'requeststopwhisperagent'). */
  requests(pathPart: string): Emulator['journal'];
  signIn(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly emulator?: EmulatorOptions;
  readonly services?: Partial<Omit<AppServicesOptions, 'userDataDir' | 'logger' | 'secretStore'>>;
  /** Share an already running emulator (it is not closed by this harness). */
  readonly sharedEmulator?: Emulator;
  /** The person's settings file as the app finds it at start. */
  readonly settingsFile?: Record<string, unknown>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = options.sharedEmulator ?? (await startEmulator({ pollHoldMs: 300, ...options.emulator }));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wc-services-'));
  if (options.settingsFile) await writeFile(path.join(userDataDir, 'settings.json'), JSON.stringify(options.settingsFile));
  const sink = memoryLogSink();
  const logger = createLogger(sink);
  const secretStore = memorySecretStore();
  const services = await createAppServices({
    userDataDir,
    policyPath: path.join(userDataDir, 'no-policy.json'),
    logger,
    secretStore,
    demoGateway: { url: emulator.url, caPem: emulator.caPem },
    sessionTuning: { pollHoldMs: options.emulator?.pollHoldMs ?? 300, pollMarginMs: 2000 },
    ...options.services,
  });
  const handlers = createIpcHandlers(services);
  return {
    emulator,
    services,
    handlers,
    logLines: sink.lines,
    userDataDir,
    secretStore,
    requests: (pathPart) => emulator.journal.filter((entry) => entry.path.toLowerCase().includes(pathPart.toLowerCase())),
    async signIn() {
      const result = await handlers['session:sign-in']({ password: DEMO_PASSWORD }, PANEL_SENDER);
      if (!('ok' in result) || !result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
    },
    async close() {
      await services.dispose();
      if (!options.sharedEmulator) await emulator.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `use` on a harness of its own, closed afterwards whatever happens. */
export async function withHarness<T>(options: HarnessOptions, use: (harness: Harness) => Promise<T>): Promise<T> {
  const harness = await startHarness(options);
  try {
    return await use(harness);
  } finally {
    await harness.close();
  }
}

/** Waits until `check` passes (polling every 20 ms), or fails after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** One signed-in harness shared by a test file's tests: started before them, closed after. */
export function useSignedInHarness(assign: (harness: Harness) => void): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    await harness.signIn();
    assign(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
}

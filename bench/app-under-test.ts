/**
 * The privileged side exactly as the app composes it — createAppServices + createIpcHandlers,
 * electron-log writing a real log file, the audit trail on disk — pointed at the emulator
 * through ordinary settings (gateway URL, CA file, agent, phone). Only Electron is absent:
 * the handlers are called as ipcMain.handle would call them, with our own page as the sender,
 * and the state-change notification is the services' snapshot stream the Electron wiring forwards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import type { SessionSnapshot } from '../app/whisper';
import { createIpcHandlers, type IpcHandlers } from '../main/ipc/handlers';
import { APP_ORIGIN, type IpcSender } from '../main/ipc/sender';
import { deferredLogSink } from '../main/log/deferred-log-sink';
import { electronLogSink } from '../main/log/electron-log-sink';
import { createLogger } from '../main/log/logger';
import { configureLogFile } from '../main/platform/log-files';
import { createAppServices, type AppServices } from '../main/compose';
import type { SessionTuning } from '../main/session/session-host';
import type { SecretStore } from '../main/vault/guid-vault';

export const TRUSTED_SENDER: IpcSender = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

/** What the bench uses of the services: the settings to point them at the emulator, the snapshot stream to time against. */
export type BenchServices = Pick<AppServices, 'logger' | 'snapshot' | 'onSnapshot' | 'saveSettings' | 'settled' | 'dispose'>;

export interface AppUnderTest {
  readonly services: BenchServices;
  readonly handlers: IpcHandlers;
  readonly userDataDir: string;
  readonly logFile: string;
  /** Resolves with the first published snapshot that satisfies the predicate. */
  nextSnapshot(predicate: (s: SessionSnapshot) => boolean): Promise<SessionSnapshot>;
  dispose(): Promise<void>;
}

/** The keychain is not on the stop path (the vault writes behind it); a map keeps the bench independent of a desktop keyring. */
export function memorySecretStore(): SecretStore {
  const entries = new Map<string, string>();
  return {
    get: async (service, account) => entries.get(`${service}\n${account}`) ?? null,
    set: async (service, account, value) => void entries.set(`${service}\n${account}`, value),
    delete: async (service, account) => entries.delete(`${service}\n${account}`),
  };
}

let logInstances = 0;

export async function startAppUnderTest(options: {
  gatewayUrl: string;
  caPem: string;
  agentId: string;
  phoneNumber: string;
  secretStore?: SecretStore;
  sessionTuning?: SessionTuning;
  userDataDir?: string;
}): Promise<AppUnderTest> {
  const ownsDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'whisper-bench-')));
  const log = electronLog.create({ logId: `bench-${process.pid}-${++logInstances}` });
  log.transports.console.level = false;
  const logFile = configureLogFile(log, { directory: join(userDataDir, 'logs'), level: 'info' });
  // What-if knob for profiling only (not the shipped configuration): electron-log writing asynchronously.
  if (process.env.BENCH_WHATIF_ASYNC_LOG === '1') log.transports.file.sync = false;
  // As main/index.ts composes it: lines reach electron-log after the current turn.
  const logger = createLogger(deferredLogSink(electronLogSink(log)));

  const caFile = join(userDataDir, 'gateway-ca.pem');
  await writeFile(caFile, options.caPem);
  const services = await createAppServices({
    userDataDir,
    policyPath: join(userDataDir, 'no-policy.json'),
    logger,
    secretStore: options.secretStore ?? memorySecretStore(),
    ...(options.sessionTuning && { sessionTuning: options.sessionTuning }),
  });
  const saved = await services.saveSettings({ gatewayUrl: options.gatewayUrl, caFile, agentId: options.agentId, phoneNumber: options.phoneNumber });
  if (!saved.ok) throw new Error(`settings refused: ${saved.errors.map((e) => `${e.key}: ${e.message}`).join('; ')}`);
  await services.settled();
  const handlers = createIpcHandlers(services);

  return {
    services,
    handlers,
    userDataDir,
    logFile,
    nextSnapshot: (predicate) =>
      new Promise((resolve) => {
        const unsubscribe = services.onSnapshot((snapshot) => {
          if (!predicate(snapshot)) return;
          unsubscribe();
          resolve(snapshot);
        });
      }),
    async dispose() {
      await services.dispose();
      services.logger.flush?.();
      if (ownsDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

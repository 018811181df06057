/**
 * The main side of Whisper Control without Electron, for the browser test tier and `npm run preview`:
 * the embedded emulator, the REAL services (main/compose.ts) and the REAL IPC handlers
 * (main/ipc/handlers.ts), registered through main's own ipcMain registration
 * (main/electron/ipc-registration.ts), and the built panel served on 127.0.0.1 as the dev-server page
 * those handlers trust. Only two things stand in for Electron: the ipcMain object (a map of handle()
 * listeners, fed by whichever transport carries the page's calls: a Playwright binding in the tests,
 * token-checked HTTP in the preview) and the WebContents that receives events (`attach`).
 * Dev-only: never part of a packaged build (electron-builder.yml packs out/** alone).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventChannel, EventChannels } from '../../app/ipc-contract';
import type { Settings } from '../../app/settings';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index';
import { createEventSender, registerIpcHandlers } from '../../main/electron/ipc-registration';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createLogger, memoryLogSink, type LogSink } from '../../main/log/logger';
import { createAppServices, type AppServices } from '../../main/compose';
import type { SessionTuning } from '../../main/session/session-host';
import type { SecretStore } from '../../main/vault/guid-vault';
import { serveDirectory, type StaticServerOptions } from './static-server';

export const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

export interface BridgeHostOptions {
  /** Where the keychain stands: the tests' and the preview's are in memory, never the developer's own. */
  readonly secretStore: SecretStore;
  /** An admin policy file (main/settings/policy.ts) for this run. */
  readonly policy?: { readonly defaults?: Partial<Settings>; readonly locked?: Partial<Settings>; readonly auditForwarding?: Readonly<Record<string, unknown>> };
  readonly emulator?: EmulatorOptions;
  readonly sessionTuning?: SessionTuning;
  /** Apply policy file changes while running, checked every `intervalMs` (main does, main/electron/services-loader.ts). */
  readonly watchPolicy?: { readonly intervalMs?: number };
  /** Where log lines go besides `logLines` (the preview echoes them to its console). */
  readonly logSink?: LogSink;
  /** The built panel to serve; out/renderer unless a test gives its own. */
  readonly rendererDir?: string;
  /** How the page server answers the bridge's own routes and rewrites the page (the preview). */
  readonly server?: StaticServerOptions;
}

/** The page's frame, as Electron reports the sender of an IPC call. */
export interface SenderFrame {
  readonly url: string;
  readonly isMainFrame: boolean;
}

/** Where main's events for the page go (a stand-in for the panel's WebContents). */
export interface EventTarget {
  url(): string;
  isClosed(): boolean;
  deliver(channel: EventChannel, payload: unknown): void;
}

export interface BridgeHost {
  /** The page server's http://127.0.0.1:PORT. */
  readonly url: string;
  readonly emulator: Emulator;
  readonly services: AppServices;
  /** The admin policy file this run reads (written from `policy` when given; a test may change it). */
  readonly policyPath: string;
  readonly logLines: readonly string[];
  readonly openedFolders: readonly string[];
  /** What ipcRenderer.invoke(channel, request) reaches in main, sent from `frame`. */
  invoke(channel: string, request: unknown, frame: SenderFrame): Promise<unknown>;
  /** Sends main's events (session state, history, settings) to `target` from now on; returns the detach. */
  attach(target: EventTarget): () => void;
  close(): Promise<void>;
}

type InvokeListener = (event: IpcMainInvokeEvent, request: unknown) => unknown;

export async function openBridgeHost(options: BridgeHostOptions): Promise<BridgeHost> {
  const emulator = await startEmulator({ host: '127.0.0.1', ...options.emulator });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wc-bridge-'));
  const policyPath = path.join(userDataDir, 'policy.json');
  if (options.policy) await writeFile(policyPath, JSON.stringify(options.policy));
  const memory = memoryLogSink();
  const echo = options.logSink;
  const sink: LogSink = echo ? { ...memory, write: (...args: Parameters<LogSink['write']>) => (memory.write(...args), echo.write(...args)) } : memory;
  const openedFolders: string[] = [];
  const services = await createAppServices({
    userDataDir,
    policyPath,
    logger: createLogger(sink),
    secretStore: options.secretStore,
    demoGateway: { url: emulator.url, caPem: emulator.caPem },
    desktop: { openFolder: async (folder) => (openedFolders.push(folder), true) },
    sessionTuning: options.sessionTuning,
    ...(options.watchPolicy && { watchPolicy: options.watchPolicy }),
  });

  const server = await serveDirectory(options.rendererDir ?? RENDERER_DIR, options.server);
  // The loopback page stands where electron-vite's dev server would: trusted by the same option.
  const trust = { devServerUrl: server.url };
  const registered = new Map<string, InvokeListener>();
  const ipcMain = {
    handle: (channel: string, listener: InvokeListener) => void registered.set(channel, listener),
    removeHandler: (channel: string) => void registered.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  const unregister = registerIpcHandlers(ipcMain, createIpcHandlers(services, trust));

  const targets = new Set<EventTarget>();
  const sendTo = (target: EventTarget) =>
    createEventSender(
      () =>
        ({
          isDestroyed: () => target.isClosed(),
          getURL: () => target.url(),
          send: (channel: EventChannel, payload: unknown) => target.deliver(channel, payload),
        }) as unknown as WebContents,
      trust,
    );
  const broadcast = <C extends EventChannel>(channel: C, payload: EventChannels[C]) => {
    for (const target of targets) sendTo(target)(channel, payload);
  };
  const offSnapshot = services.onSnapshot((snapshot) => broadcast('session:state-changed', snapshot as EventChannels['session:state-changed']));
  const offHistory = services.onHistory((history) => broadcast('history:changed', history));
  const offSettings = services.onSettings((view) => broadcast('settings:changed', view));

  return {
    url: server.url,
    emulator,
    services,
    policyPath,
    logLines: memory.lines,
    openedFolders,
    async invoke(channel, request, frame) {
      const listener = registered.get(channel);
      // What ipcRenderer.invoke reports for a channel nobody handles.
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      // Electron's senderFrame: a main frame has no parent.
      const senderFrame = { url: frame.url, parent: frame.isMainFrame ? null : {} };
      return listener({ senderFrame } as unknown as IpcMainInvokeEvent, request);
    },
    attach(target) {
      targets.add(target);
      return () => void targets.delete(target);
    },
    async close() {
      offSnapshot();
      offHistory();
      offSettings();
      unregister();
      targets.clear();
      await server.close();
      await services.dispose();
      await emulator.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

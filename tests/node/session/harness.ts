import { startEmulator, type Emulator, type EmulatorOptions, type JournalEntry } from '@emulator/index';
import { generateServerTls } from '@emulator/pki';
import type { SessionPhase, SessionSnapshot } from '@app/whisper';
import { GatewayClient } from '@main/gateway';
import { handshakeCounter } from '@support/handshake-count';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { InspectorSession, type InspectorSessionDeps } from '@main/session/session';
import { GuidVault, type SecretStore } from '@main/vault/guid-vault';
import { MemorySecretStore } from '../vault/memory-secret-store';

export const PASSWORD = 'Inspect0r!';
export const PHONE = '70101';

/** One certificate for every emulator in a test file: key generation is the slow part. */
let tls: ReturnType<typeof generateServerTls> | null = null;

export interface Rig {
  emulator: Emulator;
  client: GatewayClient;
  /** The client's completed TLS handshakes, counted through its diagnostic hook. */
  handshakes(): number;
  store: SecretStore;
  vault: GuidVault;
  session: InspectorSession;
  logLines: string[];
  snapshots: SessionSnapshot[];
  phases(): SessionPhase[];
  /** Another session (new client, same emulator), for displacement and resume. */
  another(overrides?: Partial<RigSessionOptions>): { client: GatewayClient; handshakes(): number; vault: GuidVault; session: InspectorSession };
  close(): Promise<void>;
}

export interface RigSessionOptions {
  agentId: string;
  phoneNumber: string | null;
  store: SecretStore;
  timeoutMs: number;
  session: Partial<InspectorSessionDeps>;
}

export async function startRig(options: { emulator?: EmulatorOptions; emulatorInstance?: Emulator } & Partial<RigSessionOptions> = {}): Promise<Rig> {
  tls ??= generateServerTls();
  const emulator = options.emulatorInstance ?? (await startEmulator({ tls, ...options.emulator }));
  const sink = memoryLogSink();
  const logger = createLogger(sink);
  const closers: Array<() => Promise<void> | void> = [];

  const build = (o: Partial<RigSessionOptions>) => {
    const store = o.store ?? new MemorySecretStore();
    const counter = handshakeCounter();
    const client = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem, timeoutMs: o.timeoutMs ?? 5000, logger, onHandshake: counter.onHandshake });
    const vault = new GuidVault(store, { logger, coalesceMs: 10 });
    const session = new InspectorSession({
      client,
      vault,
      logger,
      gatewayOrigin: emulator.url,
      agentId: o.agentId ?? '101',
      phoneNumber: o.phoneNumber === undefined ? PHONE : o.phoneNumber,
      ...o.session,
    });
    closers.push(async () => {
      await session.dispose();
      client.close();
    });
    return { store, client, handshakes: counter.count, vault, session };
  };

  const main = build(options);
  const snapshots: SessionSnapshot[] = [];
  main.session.onChange((s) => snapshots.push(s));
  return {
    emulator,
    ...main,
    logLines: sink.lines,
    snapshots,
    phases: () => snapshots.map((s) => s.phase),
    another: (overrides = {}) => build({ ...options, ...overrides }),
    close: async () => {
      for (const close of closers.reverse()) await close();
      if (!options.emulatorInstance) await emulator.close();
    },
  };
}

/** Requests that name this agent in their path (sign-in, polls, QC calls, logout). */
export function requestsOf(journal: readonly JournalEntry[], agentId: string): JournalEntry[] {
  return journal.filter((e) => e.path.split('/').includes(agentId));
}

export function routeOf(entry: JournalEntry): string {
  const parts = entry.path.split('/');
  if (entry.path.includes('/agentevent/')) return 'getAgentEvent';
  if (entry.path.endsWith('/logout')) return 'logout';
  if (entry.path.endsWith('/forcelogin')) return 'forceLogin';
  if (entry.path.includes('/onlineagent/') && entry.method === 'PUT') return 'login';
  return parts[parts.length - 1] ?? entry.path;
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

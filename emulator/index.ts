import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AgentBook } from './agents';
import type { GatewayState } from './context';
import { FaultBook } from './faults';
import { GuidBook } from './guid-book';
import { Journal } from './journal';
import { generateServerTls } from './pki';
import { QualityControl } from './quality-control';
import { DEFAULT_CROWD_SIZE } from './seed';
import { startServer } from './server';
import type { Emulator, EmulatorOptions } from './types';

/**
 * A CC-Gateway emulator over real HTTPS, written from the protocol reference (shared/cc-gateway-protocol.md) alone,
 * never from the client's code, so it checks the client instead of agreeing with it.
 */
export type { Emulator, EmulatorControl, EmulatorOptions, Fault, JournalEntry, QcMode, RouteName } from './types';
export { generateTestPki, type TestPki, type TlsMaterial } from './pki';
export { DEMO_PASSWORD, DEMO_PHONE, SEED_AGENTS } from './seed';

/** How often MAXTIME is checked between requests (it is also checked on every request). */
const IDLE_SWEEP_MAX_MS = 1000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const maxIdleMs = options.maxIdleMs ?? 120_000;
  const now = () => Date.now();
  const guids = new GuidBook(
    { mode: options.authMode ?? 'dynamic', intervalMs: options.guidIntervalMs ?? 60_000, timeoutMs: options.guidTimeoutMs ?? 120_000 },
    now,
  );
  const book = new AgentBook(guids, maxIdleMs, now, options.crowdSize ?? DEFAULT_CROWD_SIZE);
  const qc = new QualityControl(book);
  const state: GatewayState = { book, guids, qc, pollHoldMs: options.pollHoldMs ?? 10_000 };
  const journal = new Journal();
  const faults = new FaultBook();

  const tls = options.tls ?? generateServerTls();
  if (options.caOutPath) {
    mkdirSync(dirname(options.caOutPath), { recursive: true });
    writeFileSync(options.caOutPath, tls.ca);
  }
  const gateway = await startServer(tls, host, options.port ?? 0, { state, journal, faults }, options.keepAliveTimeoutMs);
  const address = gateway.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator: listening address unavailable');
  const sweep = setInterval(() => book.expireIdle(), Math.max(10, Math.min(IDLE_SWEEP_MAX_MS, maxIdleMs / 4)));
  sweep.unref();

  const known = (agentId: string) => {
    const agent = book.get(agentId);
    // A typo in a test should fail loudly, not pass against an agent that does not exist.
    if (!agent) throw new Error(`emulator control: no agent ${agentId} in the seeded data`);
    return agent;
  };
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    caPem: tls.ca,
    caPath: options.caOutPath ?? null,
    serverCertPem: tls.cert,
    serverFingerprint256: new X509Certificate(tls.cert).fingerprint256,
    journal: journal.entries,
    clearJournal: () => journal.clear(),
    injectFault: (route, fault, times) => faults.inject(route, fault, times),
    clearFaults: () => faults.clear(),
    control: {
      endCall: (agentId) => book.endCall(known(agentId)),
      startCall: (agentId) => book.startCall(known(agentId)),
      displace: (agentId) => book.displace(known(agentId)),
      signOutAgent: (agentId) => book.endSession(known(agentId), 'signed-out'),
      currentGuid: (agentId) => guids.current(agentId),
      issuedGuids: (agentId) => guids.issued(agentId),
      qcState: (inspectorId) => qc.state(inspectorId),
      pushEvent: (agentId, event) => book.queueEvent(known(agentId).id, event.eventType, event.content ?? null),
      setPassword: (agentId, password) => {
        known(agentId).password = password;
      },
    },
    close: async () => {
      clearInterval(sweep);
      book.shutdown();
      await gateway.close();
    },
  };
}

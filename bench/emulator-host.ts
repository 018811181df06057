/**
 * Child-process entry that runs the CC-Gateway emulator for the benchmark, so the gateway's
 * CPU time and event-loop work are not charged to the process being measured (as on a real
 * workstation, where the gateway is another machine). Driven over the fork IPC channel by
 * bench/emulator-process.ts; loopback only.
 */
import { startEmulator, type EmulatorOptions, type Fault, type RouteName } from '../emulator/index';
import type { HostReply, HostRequest, HostReady } from './emulator-protocol';

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? '{}') as EmulatorOptions;
  // Loopback only: 127.0.0.1, or the gateway's 127.0.19.2 inside the lossy bench's namespace (lossy-stops.ts).
  const host = options.host !== undefined && /^127\./.test(options.host) ? options.host : '127.0.0.1';
  const emulator = await startEmulator({ ...options, host });
  const send = (message: HostReady | HostReply) => process.send?.(message);

  const operations: Record<HostRequest['op'], (args: readonly unknown[]) => unknown> = {
    currentGuid: ([agentId]) => emulator.control.currentGuid(String(agentId)),
    issuedGuids: ([agentId]) => emulator.control.issuedGuids(String(agentId)),
    qcState: ([inspectorId]) => emulator.control.qcState(String(inspectorId)),
    lastRequestTo: ([pathFragment]) => [...emulator.journal].reverse().find((entry) => entry.path.includes(String(pathFragment))) ?? null,
    journalLength: () => emulator.journal.length,
    clearJournal: () => emulator.clearJournal(),
    injectFault: ([route, fault, times]) => emulator.injectFault(route as RouteName, fault as Fault, times as number | undefined),
    clearFaults: () => emulator.clearFaults(),
    close: async () => {
      await emulator.close();
      setImmediate(() => process.exit(0));
    },
  };

  process.on('message', (raw) => {
    const request = raw as HostRequest;
    Promise.resolve()
      .then(() => operations[request.op](request.args))
      .then(
        (value) => send({ id: request.id, ok: true, value: value ?? null }),
        (error: unknown) => send({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  // The parent going away must not leave a gateway listening.
  process.on('disconnect', () => void emulator.close().finally(() => process.exit(0)));

  send({ ready: true, url: emulator.url, caPem: emulator.caPem, serverFingerprint256: emulator.serverFingerprint256 });
}

main().catch((error: unknown) => {
  console.error('emulator host failed:', error);
  process.exit(1);
});

/**
 * Child-process entry: a signed-in app (services, session, poller, real log file) sitting idle
 * against the emulator's long-poll, measured with process.cpuUsage over a window. A process of
 * its own, so nothing the benchmark did before (or the emulator, another process) is counted.
 */
import { startAppUnderTest, TRUSTED_SENDER } from './app-under-test';
import { connectionCounts, countsSince } from './connection-counter';
import { DEMO_PASSWORD } from './gateway-paths';
import type { IdleCpuReport } from './idle-cpu';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const { url, caPem, agentId, phone, windowMs, settleMs } = JSON.parse(process.env.BENCH_IDLE_INPUT ?? '{}') as {
    url: string;
    caPem: string;
    agentId: string;
    phone: string;
    windowMs: number;
    settleMs: number;
  };
  const app = await startAppUnderTest({ gatewayUrl: url, caPem, agentId, phoneNumber: phone });
  const signedIn = await app.handlers['session:sign-in']({ password: DEMO_PASSWORD, force: true }, TRUSTED_SENDER);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.failure)}`);
  // Let start-up work (module compilation, the sign-in events) finish before measuring.
  await sleep(settleMs);
  global.gc?.();

  const requests0 = connectionCounts();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  await sleep(windowMs);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const requests = countsSince(requests0);
  const snapshot = app.services.snapshot();

  const report: IdleCpuReport = {
    windowMs: Math.round(wallMs),
    userMs: Math.round(cpu.user / 1000),
    systemMs: Math.round(cpu.system / 1000),
    percentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100 * 1000) / 1000,
    phaseAtEnd: snapshot.phase,
    rssMiB: Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10,
    rssStartMiB: Math.round((rss0 / 1024 / 1024) * 10) / 10,
    requestsInWindow: requests.httpsRequests,
    newConnectionsInWindow: requests.newConnections,
  };
  await app.handlers['session:sign-out']({}, TRUSTED_SENDER);
  await app.dispose();
  process.send?.(report);
  process.disconnect?.();
}

main().catch((error: unknown) => {
  console.error('idle CPU worker failed:', error);
  process.exit(1);
});

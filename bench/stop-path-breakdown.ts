/**
 * Where the full stop path's time goes beyond the floor: `npx tsx bench/stop-path-breakdown.ts`.
 * Interleaves, iteration by iteration, the same stop measured at growing depth:
 *   floor      bare node:https on a keep-alive agent
 *   client     GatewayClient.stopWhisper through the pool (node:https), no logger
 *   command    GatewayClient.stopWhisper on the command connection (its own HTTP/1.1 codec), no logger
 *   client+log the same on the command connection, logging through electron-log to a file as the app
 *              does (lines handed over after the turn, main/log/deferred-log-sink.ts)
 *   full       the IPC handler → … → snapshot notification (as in npm run bench)
 * The differences between adjacent rows are the cost of each layer. Not a budget check.
 * BENCH_ITERATIONS (default 1000), BENCH_WARMUP (default 200), BENCH_SETTLE_MS (default 2, idle gap before each timed stop).
 * What-ifs (not the shipped configuration): BENCH_WHATIF_ASYNC_LOG=1 electron-log's asynchronous file
 * writes (file.sync = false); BENCH_WHATIF_SYNC_LOG=1 log lines handed to electron-log within the call (as before the deferral);
 * BENCH_WHATIF_SILENT_POLL=1 the app's event polls stay unanswered (no event handling during a stop).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { GatewayClient } from '../main/gateway';
import { deferredLogSink } from '../main/log/deferred-log-sink';
import { electronLogSink } from '../main/log/electron-log-sink';
import { createLogger } from '../main/log/logger';
import { configureLogFile } from '../main/platform/log-files';
import { startAppUnderTest, TRUSTED_SENDER } from './app-under-test';
import { bareHttps } from './bare-https';
import { startEmulatorProcess } from './emulator-process';
import { DEMO_PASSWORD, JSON_HEADERS, rawSignIn, rawStart, retcodeOf, stopPath } from './gateway-paths';
import { formatSummary, ratio, summarize } from './stats';
import { FLOOR_INSPECTOR, FULL_INSPECTOR } from './stop-latency';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 1000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 2);
const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess({});
  const logDir = await mkdtemp(join(tmpdir(), 'whisper-breakdown-'));
  const log = electronLog.create({ logId: 'breakdown' });
  log.transports.console.level = false;
  configureLogFile(log, { directory: logDir, level: 'info' });
  if (process.env.BENCH_WHATIF_ASYNC_LOG === '1') log.transports.file.sync = false;
  const bare = bareHttps(emulator.url, emulator.caPem);
  const quietClient = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem });
  let commandHandshakes = 0; // counted through the client's diagnostic hook
  const commandClient = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem, onHandshake: () => (commandHandshakes += 1) });
  commandClient.keepCommandConnectionWarm(true);
  const sink = electronLogSink(log);
  const loggingClient = new GatewayClient({
    baseUrl: emulator.url,
    caPem: emulator.caPem,
    logger: createLogger(process.env.BENCH_WHATIF_SYNC_LOG === '1' ? sink : deferredLogSink(sink)),
  });
  loggingClient.keepCommandConnectionWarm(true);
  const app = await startAppUnderTest({ gatewayUrl: emulator.url, caPem: emulator.caPem, agentId: FULL_INSPECTOR.id, phoneNumber: FULL_INSPECTOR.phone });
  try {
    const signedIn = await app.handlers['session:sign-in']({ password: DEMO_PASSWORD, force: true }, TRUSTED_SENDER);
    if (!signedIn.ok) throw new Error('sign-in failed');
    const guid = await rawSignIn(bare, FLOOR_INSPECTOR.id, FLOOR_INSPECTOR.phone);
    // What-if: the app's event polls get no answer (held until their timeout), so no poll answer
    // (the events each start and stop queue) is handled inside a timed stop.
    if (process.env.BENCH_WHATIF_SILENT_POLL === '1') await emulator.call('injectFault', 'getAgentEvent', { kind: 'hang' });
    const samples = { floor: [] as number[], client: [] as number[], command: [] as number[], clientLog: [] as number[], full: [] as number[] };
    const time = async (work: () => Promise<boolean>): Promise<number> => {
      await settle();
      const t0 = performance.now();
      const ok = await work();
      const ms = performance.now() - t0;
      if (!ok) throw new Error('a stop failed');
      return ms;
    };
    for (let i = 0; i < warmup + iterations; i += 1) {
      const keep = i >= warmup;
      await rawStart(bare, FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target);
      const floor = await time(async () => retcodeOf((await bare.send('POST', stopPath(FLOOR_INSPECTOR.id, FLOOR_INSPECTOR.target), { ...JSON_HEADERS, Guid: guid })).body) === '0');
      await rawStart(bare, FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target);
      const client = await time(async () => (await quietClient.stopWhisper(FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target)).ok);
      await rawStart(bare, FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target);
      const command = await time(async () => (await commandClient.stopWhisper(FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target)).ok);
      await rawStart(bare, FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target);
      const clientLog = await time(async () => (await loggingClient.stopWhisper(FLOOR_INSPECTOR.id, guid, FLOOR_INSPECTOR.target)).ok);
      await app.handlers['whisper:start']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER);
      const full = await time(async () => {
        const notified = app.nextSnapshot((s) => s.whisper === null);
        const [result] = await Promise.all([app.handlers['whisper:stop']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER), notified]);
        return result.ok;
      });
      if (keep) {
        samples.floor.push(floor);
        samples.client.push(client);
        samples.command.push(command);
        samples.clientLog.push(clientLog);
        samples.full.push(full);
      }
      if (i % 200 === 0) await emulator.call('clearJournal');
    }
    const s = {
      floor: summarize(samples.floor),
      client: summarize(samples.client),
      command: summarize(samples.command),
      clientLog: summarize(samples.clientLog),
      full: summarize(samples.full),
    };
    console.log(formatSummary('floor (bare https)', s.floor));
    console.log(formatSummary('GatewayClient, no logger', s.client) + `  p50 ${ratio(s.client.p50Ms, s.floor.p50Ms)}× floor`);
    console.log(formatSummary('  the same, command connection', s.command) + `  p50 ${ratio(s.command.p50Ms, s.floor.p50Ms)}× floor (${commandHandshakes} handshakes)`);
    console.log(formatSummary('  the same + file log', s.clientLog) + `  p50 ${ratio(s.clientLog.p50Ms, s.floor.p50Ms)}× floor`);
    console.log(formatSummary('full IPC path', s.full) + `  p50 ${ratio(s.full.p50Ms, s.floor.p50Ms)}× floor`);
    console.log(
      `layer cost at p50: client over the pool ${(s.client.p50Ms - s.floor.p50Ms).toFixed(3)} ms, ` +
        `command connection instead of the pool ${(s.command.p50Ms - s.client.p50Ms).toFixed(3)} ms, log line ${(s.clientLog.p50Ms - s.command.p50Ms).toFixed(3)} ms, ` +
        `IPC/validation/actions/session/audit/notification ${(s.full.p50Ms - s.clientLog.p50Ms).toFixed(3)} ms`,
    );
    await app.handlers['session:sign-out']({}, TRUSTED_SENDER);
  } finally {
    await app.dispose();
    quietClient.close();
    commandClient.close();
    loggingClient.close();
    bare.close();
    await emulator.close();
    await rm(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

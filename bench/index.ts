/**
 * `npm run bench`: every performance figure of issue 6 in one run against the emulator on
 * loopback (the emulator in its own process), checked against the budgets; writes
 * bench/results/latest.json and exits non-zero when a budget is missed.
 *
 * Environment (defaults are the figures; smaller values are for quick local runs):
 *   BENCH_ITERATIONS=1000 BENCH_WARMUP=200          stop path vs floor
 *   BENCH_SETTLE_MS=2                               idle gap after each untimed setup
 *   BENCH_FIRST_STOP_SAMPLES=20 BENCH_FIRST_STOP_AFTER_MS=1000 BENCH_FIRST_STOP_SETTLE_MS=600
 *   BENCH_DWELL_SAMPLES=2 BENCH_DWELL_MS=12000      stop after whispering a while (informational)
 *   BENCH_IDLE_MS=60000 BENCH_IDLE_SETTLE_MS=3000   idle CPU window
 *   BENCH_PARTS=renderer,latency,first-stop,idle    which parts to run
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startAppUnderTest, TRUSTED_SENDER } from './app-under-test';
import { BUDGETS, check, type BudgetCheck } from './budgets';
import { startEmulatorProcess } from './emulator-process';
import { measureFirstStop, type FirstStopResult } from './first-stop';
import { DEMO_PASSWORD } from './gateway-paths';
import { measureIdleCpu, type IdleCpuResult } from './idle-cpu';
import { measureRendererSize, type RendererSize } from './renderer-size';
import { formatSummary, ratio } from './stats';
import { FULL_INSPECTOR, measureStopLatency, type StopLatencyResult } from './stop-latency';

const PARTS = ['renderer', 'latency', 'first-stop', 'idle'] as const;
type Part = (typeof PARTS)[number];

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

const config = {
  iterations: Math.max(1, envInt('BENCH_ITERATIONS', 1000)),
  warmup: envInt('BENCH_WARMUP', 200),
  settleMs: envInt('BENCH_SETTLE_MS', 2),
  firstStopSamples: Math.max(1, envInt('BENCH_FIRST_STOP_SAMPLES', 20)),
  firstStopAfterMs: envInt('BENCH_FIRST_STOP_AFTER_MS', 1000),
  firstStopSettleMs: envInt('BENCH_FIRST_STOP_SETTLE_MS', 600),
  dwellSamples: envInt('BENCH_DWELL_SAMPLES', 2),
  dwellMs: envInt('BENCH_DWELL_MS', 12_000),
  idleMs: Math.max(1000, envInt('BENCH_IDLE_MS', 60_000)),
  idleSettleMs: envInt('BENCH_IDLE_SETTLE_MS', 3000),
  /** The gateway's long-poll hold (protocol §3: ~10 s); the idle budget is defined against it. */
  pollHoldMs: 10_000,
  parts: (process.env.BENCH_PARTS?.split(',').map((p) => p.trim()).filter(Boolean) ?? [...PARTS]) as Part[],
};
for (const part of config.parts) if (!PARTS.includes(part)) throw new Error(`unknown BENCH_PARTS entry ${part}; known: ${PARTS.join(', ')}`);
const isDefaultRun = config.iterations >= 1000 && config.idleMs >= 60_000 && PARTS.every((p) => config.parts.includes(p));

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const results: {
    renderer?: RendererSize;
    latency?: StopLatencyResult & { ratios: { p50: number; p95: number; p99: number } };
    firstStop?: FirstStopResult & { firstOverWarmP50: number; firstOverFullP50: number | null; coldOverWarmP50: number };
    idle?: IdleCpuResult;
  } = {};
  const budgets: BudgetCheck[] = [];

  if (config.parts.includes('renderer')) {
    log('== renderer bundle (out/renderer, gzip -9 per file)');
    const size = measureRendererSize();
    results.renderer = size;
    for (const f of size.files) log(`   ${f.path}  ${f.bytes} B raw, ${f.gzipBytes} B gzipped`);
    log(`   total ${size.totalGzipBytes} B gzipped (${(size.totalGzipBytes / 1000).toFixed(1)} KB)`);
    budgets.push(check('renderer JS gzipped ≤ 80 KB', size.totalGzipBytes, BUDGETS.rendererGzipBytes, `${size.files.length} files`));
  }

  const emulator = await startEmulatorProcess({ pollHoldMs: config.pollHoldMs });
  log(`== emulator ${emulator.url} (child process ${emulator.pid}, dynamic auth, ${config.pollHoldMs / 1000} s long-poll)`);
  try {
    if (config.parts.includes('latency')) {
      log(`== (a) full stop path vs (b) floor: ${config.warmup} warm-up + ${config.iterations} iterations each, interleaved`);
      const app = await startAppUnderTest({ gatewayUrl: emulator.url, caPem: emulator.caPem, agentId: FULL_INSPECTOR.id, phoneNumber: FULL_INSPECTOR.phone });
      try {
        const signedIn = await app.handlers['session:sign-in']({ password: DEMO_PASSWORD, force: true }, TRUSTED_SENDER);
        if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.failure)}`);
        const latency = await measureStopLatency(app, emulator, {
          iterations: config.iterations,
          warmup: config.warmup,
          settleMs: config.settleMs,
          onProgress: (done, total) => process.stdout.write(`   ${done}/${total}\r`),
        });
        await app.handlers['session:sign-out']({}, TRUSTED_SENDER);
        const ratios = {
          p50: ratio(latency.full.p50Ms, latency.floor.p50Ms),
          p95: ratio(latency.full.p95Ms, latency.floor.p95Ms),
          p99: ratio(latency.full.p99Ms, latency.floor.p99Ms),
        };
        results.latency = { ...latency, ratios };
        log(formatSummary('(a) full path (IPC → notification)', latency.full));
        log(formatSummary('(b) floor (bare keep-alive https)', latency.floor));
        log(`   ratio full/floor: p50 ${ratios.p50}×  p95 ${ratios.p95}×  p99 ${ratios.p99}×`);
        log(`   headers on the wire: client [${latency.headersOnTheWire.client.join(', ')}], floor [${latency.headersOnTheWire.floor.join(', ')}]`);
        log(`   new connections during timed iterations: full ${latency.connections.fullPath.newConnections}, floor ${latency.connections.floor.newConnections}; setups redone: ${latency.redoneIterations}`);
        budgets.push(check('full path p50 ≤ 1.15 × floor p50', ratios.p50, BUDGETS.fullOverFloorP50, `${latency.full.p50Ms} ms vs ${latency.floor.p50Ms} ms`));
        budgets.push(check('full path p99 ≤ 1.5 × floor p99', ratios.p99, BUDGETS.fullOverFloorP99, `${latency.full.p99Ms} ms vs ${latency.floor.p99Ms} ms`));
      } finally {
        await app.dispose();
      }
    }

    if (config.parts.includes('first-stop')) {
      log(`== (c) first stop ${config.firstStopAfterMs} ms after sign-in: ${config.firstStopSamples} fresh apps`);
      const first = await measureFirstStop(emulator, {
        samples: config.firstStopSamples,
        afterSignInMs: config.firstStopAfterMs,
        settleMs: config.firstStopSettleMs,
        dwellSamples: config.dwellSamples,
        dwellMs: config.dwellMs,
      });
      const firstOverWarmP50 = ratio(first.first.latency.p50Ms, first.warm.latency.p50Ms);
      const fullP50 = results.latency?.full.p50Ms ?? null;
      results.firstStop = {
        ...first,
        firstOverWarmP50,
        firstOverFullP50: fullP50 === null ? null : ratio(first.first.latency.p50Ms, fullP50),
        coldOverWarmP50: ratio(first.cold.latency.p50Ms, first.warm.latency.p50Ms),
      };
      log(formatSummary('first stop after sign-in', first.first.latency) + `  handshakes ${first.first.handshakes}/${first.samples}`);
      log(formatSummary('warm stop (same session)', first.warm.latency) + `  handshakes ${first.warm.handshakes}/${first.samples}`);
      log(formatSummary('cold client (must handshake)', first.cold.latency) + `  handshakes ${first.cold.handshakes}/${first.samples}`);
      if (first.dwell) log(formatSummary(`stop after ${first.dwell.dwellMs / 1000} s whispering`, first.dwell.latency) + `  handshakes ${first.dwell.handshakes}/${first.dwell.latency.iterations}`);
      log(`   first/warm p50 ${firstOverWarmP50}×, cold/warm p50 ${results.firstStop.coldOverWarmP50}×`);
      budgets.push(check('first stop after sign-in p50 ≤ 1.5 × warm p50', firstOverWarmP50, BUDGETS.firstOverWarmP50, `${first.first.latency.p50Ms} ms vs ${first.warm.latency.p50Ms} ms; ${first.first.handshakes} handshakes in ${first.samples} first stops`));
    }

    if (config.parts.includes('idle')) {
      log(`== idle CPU: signed-in session, ${config.pollHoldMs / 1000} s long-poll, ${config.idleMs / 1000} s window (own process)`);
      const idle = await measureIdleCpu(emulator, { windowMs: config.idleMs, settleMs: config.idleSettleMs, pollHoldMs: config.pollHoldMs, agentId: FULL_INSPECTOR.id, phone: FULL_INSPECTOR.phone });
      results.idle = idle;
      log(`   ${idle.userMs} ms user + ${idle.systemMs} ms system in ${idle.windowMs} ms = ${idle.percentOfOneCore} % of one core; ${idle.requestsInWindow} polls (${idle.newConnectionsInWindow} new connections); RSS ${idle.rssMiB} MiB; phase ${idle.phaseAtEnd}`);
      budgets.push(check('idle CPU ≤ 1 % of one core', idle.phaseAtEnd === 'signed-in' ? idle.percentOfOneCore : null, BUDGETS.idleCpuPercentOfOneCore, `over ${idle.windowMs} ms, phase ${idle.phaseAtEnd}`));
    }
  } finally {
    await emulator.close();
  }

  const pass = budgets.every((b) => b.pass);
  log('== budgets');
  for (const b of budgets) log(`   ${b.pass ? 'PASS' : 'MISS'}  ${b.name}: ${b.measured ?? 'not measured'} (limit ${b.limit}; ${b.detail})`);
  if (!isDefaultRun) log('   (partial or shortened run: figures are indicative only)');

  const cpu = cpus();
  const report = {
    generatedAt: new Date().toISOString(),
    command: 'npm run bench',
    complete: isDefaultRun,
    machine: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}`, node: process.version },
    config,
    results,
    budgets,
    pass,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`== wrote bench/results/latest.json: ${pass ? 'all budgets met' : 'BUDGET MISSED'}`);
  return pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

/**
 * `npm run bench`: every performance figure in one run, checked against the budgets; writes
 * bench/results/latest.json and exits non-zero when a budget is missed.
 *
 * Environment (smaller values are for quick local runs; the machine is shared, so defaults are modest):
 *   BENCH_NET_RTT_MS=20 BENCH_NET_JITTER_MS=0       the network path's added round trip (network part)
 *   BENCH_NET_ITERATIONS=600 BENCH_NET_FIRST_SAMPLES=20 BENCH_NET_IDLE_SAMPLES=3 BENCH_NET_KEEPALIVE_MS=5000
 *   BENCH_NET_BLACKHOLE_SAMPLES=10 BENCH_NET_RESTART_SAMPLES=5
 *   BENCH_LOOPBACK_ITERATIONS=500 BENCH_LOOPBACK_WARMUP=100   four clients side by side on loopback (no budget)
 *   BENCH_ITERATIONS=1000 BENCH_WARMUP=200          full IPC stop path vs bare https on loopback (no budget)
 *   BENCH_SETTLE_MS=2                               idle gap after each untimed setup
 *   BENCH_FIRST_STOP_SAMPLES=20 BENCH_FIRST_STOP_AFTER_MS=1000 BENCH_FIRST_STOP_SETTLE_MS=600
 *   BENCH_DWELL_SAMPLES=2 BENCH_DWELL_MS=12000      stop after whispering a while (informational)
 *   BENCH_IDLE_MS=60000 BENCH_IDLE_SETTLE_MS=3000   idle CPU window
 *   BENCH_LOSSY_ITERATIONS=1000 BENCH_LOSSY_RTT_MS=20 BENCH_LOSSY_JITTER_MS=5 BENCH_LOSSY_LOSS_PERMILLE=10 BENCH_LOSSY_SEED=1
 *                                                   the lossy path (root: network namespaces + bench/lossy-link.py)
 *   BENCH_PARTS=renderer,network,lossy,loopback,latency,first-stop,idle    which parts to run
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
import { measureLoopbackStops, type LoopbackResult } from './loopback-stops';
import { measureLossyStops, type LossyResult } from './lossy-stops';
import { measureNetworkStops, type NetworkStopResult } from './network-stops';
import { measureRendererSize, type RendererSize } from './renderer-size';
import { formatSummary, ratio } from './stats';
import { FULL_INSPECTOR, measureStopLatency, type StopLatencyResult } from './stop-latency';

const PARTS = ['renderer', 'network', 'lossy', 'loopback', 'latency', 'first-stop', 'idle'] as const;
type Part = (typeof PARTS)[number];

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

const config = {
  net: {
    rttMs: envInt('BENCH_NET_RTT_MS', 20),
    jitterMs: envInt('BENCH_NET_JITTER_MS', 0),
    iterations: Math.max(1, envInt('BENCH_NET_ITERATIONS', 600)),
    firstSamples: Math.max(1, envInt('BENCH_NET_FIRST_SAMPLES', 20)),
    idleSamples: Math.max(1, envInt('BENCH_NET_IDLE_SAMPLES', 3)),
    keepAliveMs: Math.max(2000, envInt('BENCH_NET_KEEPALIVE_MS', 5000)),
    blackHoleSamples: Math.max(1, envInt('BENCH_NET_BLACKHOLE_SAMPLES', 10)),
    restartSamples: Math.max(1, envInt('BENCH_NET_RESTART_SAMPLES', 5)),
  },
  lossy: {
    iterations: Math.max(1, envInt('BENCH_LOSSY_ITERATIONS', 1000)),
    rttMs: envInt('BENCH_LOSSY_RTT_MS', 20),
    jitterMs: envInt('BENCH_LOSSY_JITTER_MS', 5),
    loss: envInt('BENCH_LOSSY_LOSS_PERMILLE', 10) / 1000,
    seed: envInt('BENCH_LOSSY_SEED', 1),
  },
  loopbackIterations: Math.max(1, envInt('BENCH_LOOPBACK_ITERATIONS', 500)),
  loopbackWarmup: envInt('BENCH_LOOPBACK_WARMUP', 100),
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
const isDefaultRun = config.iterations >= 1000 && config.idleMs >= 60_000 && config.net.iterations >= 200 && PARTS.every((p) => config.parts.includes(p));

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const results: {
    renderer?: RendererSize;
    network?: NetworkStopResult;
    lossy?: LossyResult;
    loopback?: LoopbackResult;
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
    log(`   first load ${size.firstLoadGzipBytes} B gzipped (${size.firstLoadFiles.join(', ')})`);
    log(`   total ${size.totalGzipBytes} B gzipped (${(size.totalGzipBytes / 1000).toFixed(1)} KB)`);
    budgets.push(check('renderer JS loaded before the panel is usable, gzipped ≤ 80 KB', size.firstLoadGzipBytes, BUDGETS.rendererFirstLoadGzipBytes, `${size.firstLoadFiles.length} files`));
    budgets.push(check('renderer JS in total (views on first open, other language), gzipped ≤ 95 KB', size.totalGzipBytes, BUDGETS.rendererTotalGzipBytes, `${size.files.length} files`));
  }

  if (config.parts.includes('network')) {
    const n = config.net;
    log(`== stop on a network path: TCP proxy adding ${n.rttMs} ms round trip${n.jitterMs ? ` + up to ${n.jitterMs} ms jitter each way` : ''}, emulator in-process, raw floor through the same path`);
    const net = await measureNetworkStops(n, log);
    results.network = net;
    log(formatSummary('raw floor (prebuilt bytes, open TLS)', net.raw));
    log(formatSummary('warm stop', net.warm) + `  failures ${net.failures.warm}`);
    log(formatSummary('raw floor, poll held (first-stop state)', net.rawFirst));
    log(formatSummary('first stop after sign-in', net.first) + `  handshakes ${net.first.handshakes}/${net.first.iterations}, failures ${net.failures.first}`);
    log(formatSummary(`stop after ${net.idle.idleMs} ms idle`, net.idle) + `  handshakes ${net.idle.handshakes}/${net.idle.iterations}, failures ${net.failures.idle}`);
    log(formatSummary('stop on a black-holed connection', net.blackHole) + `  failures ${net.blackHole.failures}, hedge delay ${net.blackHole.hedgeDelayMs} ms, hedges won ${net.blackHole.hedgesWon}, handshakes ${net.blackHole.handshakes}`);
    log(formatSummary('stop right after gateway restart', net.restart) + `  failures ${net.restart.failures}`);
    log(formatSummary('TCP + TLS handshake on the path', net.handshakeMs));
    const slack = BUDGETS.recoverySlackMs;
    const handshake = net.handshakeMs.p50Ms;
    const pairs = [
      ['warm', net.warm, net.raw, net.failures.warm],
      ['first', net.first, net.rawFirst, net.failures.first],
    ] as const;
    for (const [name, s, raw, failures] of pairs) {
      budgets.push(check(`${name} stop p50 ≤ raw p50 + ${BUDGETS.stopOverRawP50Ms} ms`, failures === 0 ? s.p50Ms : null, raw.p50Ms + BUDGETS.stopOverRawP50Ms, `${s.p50Ms} ms vs raw ${raw.p50Ms} ms; ${failures} failures`));
      budgets.push(check(`${name} stop p99 ≤ raw p99 + ${BUDGETS.stopOverRawP99Ms} ms`, failures === 0 ? s.p99Ms : null, raw.p99Ms + BUDGETS.stopOverRawP99Ms, `${s.p99Ms} ms vs raw ${raw.p99Ms} ms`));
    }
    budgets.push(
      check(
        `black hole, kept warm: every stop succeeds with no handshake, p50 ≤ hedge delay + RTT + ${BUDGETS.standbyHedgeSlackMs} ms`,
        net.blackHole.failures === 0 && net.blackHole.handshakes === 0 ? net.blackHole.p50Ms : null,
        net.blackHole.hedgeDelayMs + config.net.rttMs + BUDGETS.standbyHedgeSlackMs,
        `hedge ${net.blackHole.hedgeDelayMs} ms, RTT ${config.net.rttMs} ms; ${net.blackHole.failures} failures, ${net.blackHole.handshakes} handshakes on the way`,
      ),
    );
    budgets.push(
      check(
        `restart: 0 failures, every stop ≤ handshake + RTT + ${slack} ms`,
        net.restart.failures === 0 ? net.restart.maxMs : null,
        handshake + config.net.rttMs + slack,
        `max ${net.restart.maxMs} ms, p50 ${net.restart.p50Ms} ms; ${net.restart.failures} failures`,
      ),
    );
  }

  if (config.parts.includes('lossy') && process.getuid?.() !== 0) {
    log('== lossy path: skipped (needs root, for its two network namespaces)');
  } else if (config.parts.includes('lossy')) {
    const l = config.lossy;
    log(`== stop on a lossy path: ${l.rttMs} ms RTT, ±${l.jitterMs} ms jitter, ${l.loss * 100} % loss each way (IP packets between two network namespaces)`);
    const lossy = await measureLossyStops(l, log);
    results.lossy = lossy;
    log(formatSummary('raw TLS exchange', lossy.raw) + `  max ${lossy.raw.maxMs} ms, failures ${lossy.raw.failures}, handshakes ${lossy.raw.handshakes}`);
    log(formatSummary('undici alone', lossy.undici) + `  max ${lossy.undici.maxMs} ms, failures ${lossy.undici.failures}, handshakes ${lossy.undici.handshakes}`);
    log(
      formatSummary('GatewayClient (kept warm)', lossy.app) +
        `  max ${lossy.app.maxMs} ms, failures ${lossy.app.failures}, handshakes ${lossy.app.handshakes}, hedges sent ${lossy.app.hedgesSent} won ${lossy.app.hedgesWon}, hedge delay ${lossy.app.hedgeDelayMs} ms, past deadline ${lossy.app.pastDeadline}`,
    );
    log(`   link: ${lossy.link}`);
    budgets.push(check('lossy: app stop p99 ≤ raw TLS p99', lossy.app.failures === 0 ? lossy.app.p99Ms : null, lossy.raw.p99Ms, `app ${lossy.app.p99Ms} ms vs raw ${lossy.raw.p99Ms} ms`));
    budgets.push(check(`lossy: no call past its deadline + ${BUDGETS.deadlineSlackMs} ms`, lossy.app.pastDeadline, 0, `${lossy.app.iterations} stops`));
  }

  if (config.parts.includes('loopback')) {
    log(`== loopback, four clients side by side: ${config.loopbackWarmup} warm-up + ${config.loopbackIterations} each, interleaved (no budget)`);
    const loop = await measureLoopbackStops(config.loopbackIterations, config.loopbackWarmup);
    results.loopback = loop;
    log(formatSummary('GatewayClient.stopWhisper', loop.gatewayClient));
    log(formatSummary('undici Client.request', loop.undici));
    log(formatSummary('node:https request', loop.nodeHttps));
    log(formatSummary('raw (prebuilt bytes, open TLS)', loop.raw));
  }

  const needsEmulatorProcess = (['latency', 'first-stop', 'idle'] as const).some((part) => config.parts.includes(part));
  const emulator = needsEmulatorProcess ? await startEmulatorProcess({ pollHoldMs: config.pollHoldMs }) : null;
  if (emulator) log(`== emulator ${emulator.url} (child process ${emulator.pid}, dynamic auth, ${config.pollHoldMs / 1000} s long-poll)`);
  if (emulator) try {
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
      log(`   first/warm p50 ${firstOverWarmP50}×, cold/warm p50 ${results.firstStop.coldOverWarmP50}× (loopback, no budget: see the network part)`);
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

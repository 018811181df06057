/**
 * The stop on a lossy path: 20 ms round trip, ±5 ms jitter, 1 % packet loss each way, at the IP
 * level. This kernel has no netem, so two network namespaces are joined by a TUN device in each
 * and bench/lossy-link.py between them, which delays, jitters and drops IP packets: TCP sees real
 * loss and recovers by its own timers, as on a WAN. Every address is in 127.0.0.0/8
 * (route_localnet inside the two namespaces only); nothing leaves this machine.
 *
 * The emulator runs in the gateway's namespace (a child process, bench/emulator-host.ts); the
 * clients run in a child in the app's namespace, so the emulator's CPU is not charged to them.
 * Measured, interleaved, each on its own kept connection: a raw TLS exchange (prebuilt bytes,
 * bench/raw-floor.ts), undici alone (one kept Client, no hedge, no retry), and the app's
 * GatewayClient kept warm as while whispering (standby ready for a hedge). Root only; the
 * namespaces and the link are removed at the end, whatever happens. Bounded by its sample count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'undici';
import { generateTestPki } from '../emulator/index';
import { GatewayClient } from '../main/gateway';
import { startEmulatorProcess, forkTypeScript } from './emulator-process';
import { DEMO_PASSWORD, retcodeOf, stopPath } from './gateway-paths';
import { RawFloor, stopRequestBytes } from './raw-floor';
import { summarize, type LatencySummary } from './stats';

export interface LossyConfig {
  readonly rttMs: number;
  readonly jitterMs: number;
  /** Per packet, each way (0.01 = 1 %). */
  readonly loss: number;
  readonly iterations: number;
  readonly seed: number;
}

export interface LossyResult {
  readonly config: LossyConfig;
  readonly raw: LatencySummary & { readonly failures: number; readonly handshakes: number };
  readonly undici: LatencySummary & { readonly failures: number; readonly handshakes: number };
  readonly app: LatencySummary & {
    readonly failures: number;
    readonly handshakes: number;
    readonly hedgesSent: number;
    readonly hedgesWon: number;
    /** App calls whose outcome came later than the deadline + 50 ms. */
    readonly pastDeadline: number;
    readonly hedgeDelayMs: number;
  };
  /** What the link did: packets forwarded and dropped, both ways, over the whole run. */
  readonly link: string;
}

const NS_APP = 'i19app';
const NS_GATEWAY = 'i19gw';
const GATEWAY_ADDR = '127.0.19.2';
const INSPECTOR = { id: '101', phone: '70101', target: '1001' } as const;
const TIMEOUT_MS = 5000;
const DEADLINE_SLACK_MS = 50;

function ip(...args: string[]): Promise<void> {
  return new Promise((resolveRun) => {
    const child = spawn('ip', args, { stdio: 'ignore' });
    child.on('exit', () => resolveRun());
    child.on('error', () => resolveRun());
  });
}

async function removeNamespaces(): Promise<void> {
  await ip('netns', 'del', NS_APP);
  await ip('netns', 'del', NS_GATEWAY);
}

function startLink(config: LossyConfig): Promise<{ child: ChildProcess; stop(): Promise<string> }> {
  const child = spawn('python3', [resolve(__dirname, 'lossy-link.py'), NS_APP, NS_GATEWAY, String(config.rttMs), String(config.jitterMs), String(config.loss), String(config.seed)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let report = '';
  child.stderr.on('data', (chunk: Buffer) => (report += chunk.toString()));
  return new Promise((resolveReady, rejectReady) => {
    child.once('exit', (code) => rejectReady(new Error(`lossy link exited (code ${code}): ${report}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      resolveReady({
        child,
        stop: () =>
          new Promise((resolveStop) => {
            child.once('exit', () => resolveStop(report.trim()));
            child.stdin.end();
          }),
      });
    });
  });
}

/** Runs in the parent (root): sets the path up, runs the clients in the app's namespace, tears it all down. */
export async function measureLossyStops(config: LossyConfig, log: (line: string) => void): Promise<LossyResult> {
  if (process.getuid?.() !== 0) throw new Error('the lossy part needs root (network namespaces)');
  await removeNamespaces();
  await ip('netns', 'add', NS_APP);
  await ip('netns', 'add', NS_GATEWAY);
  let link: Awaited<ReturnType<typeof startLink>> | null = null;
  let gateway: Awaited<ReturnType<typeof startEmulatorProcess>> | null = null;
  try {
    link = await startLink(config);
    const pki = generateTestPki({ sans: { ips: [GATEWAY_ADDR] } });
    gateway = await startEmulatorProcess({ tls: { key: pki.leaf.key, cert: pki.leaf.cert, ca: pki.caPem }, host: GATEWAY_ADDR, authMode: 'static', pollHoldMs: 10_000 }, NS_GATEWAY);
    log(`   gateway ${gateway.url} in namespace ${NS_GATEWAY}; clients in ${NS_APP}; ${config.iterations} stops each, interleaved`);
    const measured = await new Promise<Omit<LossyResult, 'link'>>((resolveMeasure, rejectMeasure) => {
      const child = forkTypeScript('lossy-stops.ts', { BENCH_LOSSY_MEASURE: JSON.stringify({ config, url: gateway!.url, caPem: pki.caPem }) }, NS_APP);
      child.once('message', (message) => resolveMeasure(message as Omit<LossyResult, 'link'>));
      child.once('exit', (code) => rejectMeasure(new Error(`lossy measurement exited (code ${code})`)));
    });
    return { ...measured, link: await link.stop().then((report) => ((link = null), report)) };
  } finally {
    await gateway?.close().catch(() => undefined);
    await link?.stop();
    await removeNamespaces();
  }
}

/** Runs in the app's namespace: the three clients, interleaved. */
async function measureInside(input: { config: LossyConfig; url: string; caPem: string }): Promise<Omit<LossyResult, 'link'>> {
  const { config, url, caPem } = input;
  const port = Number(new URL(url).port);
  let appHandshakes = 0;
  const app = new GatewayClient({ baseUrl: url, caPem, timeoutMs: TIMEOUT_MS, onHandshake: () => (appHandshakes += 1) });
  const signedIn = await app.signIn(INSPECTOR.id, { password: DEMO_PASSWORD, phonenum: INSPECTOR.phone }, { force: true });
  if (!signedIn.ok || !signedIn.setGuid) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
  const guid = signedIn.setGuid;
  app.keepCommandConnectionWarm(true);
  let undiciHandshakes = 0;
  const undici = new Client(url, { connect: { ca: caPem, rejectUnauthorized: true }, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
  undici.on('connect', () => (undiciHandshakes += 1));
  const raw = new RawFloor(port, caPem, GATEWAY_ADDR);
  let rawHandshakes = 0;
  const rawBytes = stopRequestBytes(`${GATEWAY_ADDR}:${port}`, stopPath(INSPECTOR.id, INSPECTOR.target), guid);
  const samples = { raw: [] as number[], undici: [] as number[], app: [] as number[] };
  const failures = { raw: 0, undici: 0, app: 0 };
  let appTimedHandshakes = 0;
  let pastDeadline = 0;

  const whisper = async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = await app.startWhisper(INSPECTOR.id, guid, INSPECTOR.target);
      if (started.ok || (!started.ok && started.failure.kind === 'retcode')) return;
    }
  };
  const timed = async (into: number[], run: () => Promise<boolean>): Promise<boolean> => {
    const started = performance.now();
    const ok = await run();
    if (ok) into.push(performance.now() - started);
    return ok;
  };

  try {
    for (let i = 0; i < config.iterations; i += 1) {
      await whisper();
      if ((await raw.ensureOpen()) > 0) rawHandshakes += 1;
      const rawOk = await timed(samples.raw, async () => {
        const answer = await raw.exchange(rawBytes, TIMEOUT_MS).catch(() => null);
        return answer !== null && answer.status === 200 && retcodeOf(answer.body) === '0';
      });
      if (!rawOk) {
        failures.raw += 1;
        raw.close();
      }

      await whisper();
      const undiciOk = await timed(samples.undici, async () => {
        const answer = await undici
          .request({ method: 'POST', path: stopPath(INSPECTOR.id, INSPECTOR.target), headers: { 'Content-Type': 'application/json; charset=UTF-8', Guid: guid }, body: null, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS })
          .then(async (r) => ({ status: r.statusCode, body: await r.body.text() }))
          .catch(() => null);
        return answer !== null && answer.status === 200 && retcodeOf(answer.body) === '0';
      });
      if (!undiciOk) failures.undici += 1;

      await whisper();
      const before = appHandshakes;
      const appOk = await timed(samples.app, async () => {
        const started = performance.now();
        const outcome = await app.stopWhisper(INSPECTOR.id, guid, INSPECTOR.target);
        if (performance.now() - started > TIMEOUT_MS + DEADLINE_SLACK_MS) pastDeadline += 1;
        return outcome.ok;
      });
      if (!appOk) failures.app += 1;
      appTimedHandshakes += appHandshakes - before;
    }
  } finally {
    app.close();
    raw.close();
    await undici.destroy().catch(() => undefined);
  }
  const summary = (values: number[]) => summarize(values.length > 0 ? values : [Number.NaN]);
  return {
    config,
    raw: { ...summary(samples.raw), failures: failures.raw, handshakes: rawHandshakes },
    undici: { ...summary(samples.undici), failures: failures.undici, handshakes: undiciHandshakes },
    app: {
      ...summary(samples.app),
      failures: failures.app,
      // Handshakes during timed stops only (a standby re-opened after a hedge completes after the stop).
      handshakes: appTimedHandshakes,
      hedgesSent: app.hedges.sent,
      hedgesWon: app.hedges.won,
      pastDeadline,
      hedgeDelayMs: Math.round(app.hedgeDelayMs),
    },
  };
}

const inside = process.env.BENCH_LOSSY_MEASURE;
if (inside !== undefined) {
  measureInside(JSON.parse(inside) as { config: LossyConfig; url: string; caPem: string }).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error('lossy measurement failed:', error);
      process.exit(1);
    },
  );
}

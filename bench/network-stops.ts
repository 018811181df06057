/**
 * The stop on a realistic network path: the emulator behind a TCP proxy that adds a round trip
 * (bench/network-path.ts), measured interleaved with the raw floor through a second instance of
 * the same path. Scenarios: warm stop; first stop after sign-in (while the poll is held); stop
 * after the connection sat idle past the gateway's keep-alive limit; stop on a black-holed
 * connection; stop right after the gateway restarted. Every loop is bounded by its sample count.
 */
import { generateTestPki, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index';
import { GatewayClient } from '../main/gateway';
import { DEMO_PASSWORD, retcodeOf, stopPath } from './gateway-paths';
import { startNetworkPath } from './network-path';
import { RawFloor, stopRequestBytes } from './raw-floor';
import { summarize, type LatencySummary } from './stats';

export interface NetworkStopConfig {
  readonly rttMs: number;
  readonly jitterMs: number;
  readonly iterations: number;
  readonly firstSamples: number;
  readonly idleSamples: number;
  readonly keepAliveMs: number;
  readonly blackHoleSamples: number;
  readonly restartSamples: number;
}

export interface NetworkStopResult {
  readonly raw: LatencySummary;
  /** The raw floor in the first stop's conditions: a fresh session whose poll the gateway holds (the stop also answers it). */
  readonly rawFirst: LatencySummary;
  readonly warm: LatencySummary;
  readonly first: LatencySummary & { readonly handshakes: number };
  readonly idle: LatencySummary & { readonly handshakes: number; readonly idleMs: number };
  readonly blackHole: LatencySummary & { readonly failures: number; readonly hedgeDelayMs: number; readonly handshakes: number; readonly hedgesWon: number };
  readonly restart: LatencySummary & { readonly failures: number };
  /** TCP + TLS handshake through the path (raw floor connects), p50. */
  readonly handshakeMs: LatencySummary;
  readonly failures: { readonly warm: number; readonly first: number; readonly idle: number };
}

const INSPECTOR = { id: '101', phone: '70101', target: '1001' } as const;
const TIMEOUT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureNetworkStops(config: NetworkStopConfig, log: (line: string) => void): Promise<NetworkStopResult> {
  const pki = generateTestPki();
  const emulatorOptions: EmulatorOptions = {
    tls: { key: pki.leaf.key, cert: pki.leaf.cert, ca: pki.caPem },
    authMode: 'static',
    pollHoldMs: 10_000,
    keepAliveTimeoutMs: config.keepAliveMs,
  };
  let emulator: Emulator = await startEmulator(emulatorOptions);
  const port = Number(new URL(emulator.url).port);
  const appPath = await startNetworkPath({ targetPort: port, rttMs: config.rttMs, jitterMs: config.jitterMs });
  const rawPath = await startNetworkPath({ targetPort: port, rttMs: config.rttMs, jitterMs: config.jitterMs });
  // Handshakes counted per client from outside, through the client's diagnostic hook.
  const handshakesOf = new WeakMap<GatewayClient, { count: number }>();
  const newClient = () => {
    const counted = { count: 0 };
    const created = new GatewayClient({ baseUrl: appPath.url, caPem: pki.caPem, timeoutMs: TIMEOUT_MS, onHandshake: () => (counted.count += 1) });
    handshakesOf.set(created, counted);
    return created;
  };
  const handshakesBy = (c: GatewayClient) => handshakesOf.get(c)?.count ?? 0;
  const client = newClient();
  const raw = new RawFloor(rawPath.port, pki.caPem);
  const samples = { raw: [] as number[], rawFirst: [] as number[], warm: [] as number[], first: [] as number[], idle: [] as number[], blackHole: [] as number[], restart: [] as number[], handshake: [] as number[] };
  const failures = { warm: 0, first: 0, idle: 0, blackHole: 0, restart: 0 };
  const handshakes = { first: 0, idle: 0, blackHole: 0 };
  let hedgesWon = 0;
  let hedgeDelayMs = 0;
  let guid = await signIn(client);
  let rawBytes = stopRequestBytes(`127.0.0.1:${rawPath.port}`, stopPath(INSPECTOR.id, INSPECTOR.target), guid);
  const adopt = (next: string) => {
    guid = next;
    rawBytes = stopRequestBytes(`127.0.0.1:${rawPath.port}`, stopPath(INSPECTOR.id, INSPECTOR.target), guid);
  };
  const whisper = async () => {
    const started = await client.startWhisper(INSPECTOR.id, guid, INSPECTOR.target);
    if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.failure)}`);
  };
  const rawSample = async (into: number[] = samples.raw, before?: () => Promise<void>) => {
    const connectMs = await raw.ensureOpen();
    if (connectMs > 0) samples.handshake.push(connectMs);
    await whisper();
    await before?.();
    const started = performance.now();
    const answer = await raw.exchange(rawBytes);
    into.push(performance.now() - started);
    if (answer.status !== 200 || retcodeOf(answer.body) !== '0') throw new Error(`raw stop failed: HTTP ${answer.status} ${answer.body.slice(0, 120)}`);
  };
  const timedStop = async (on: GatewayClient) => {
    const started = performance.now();
    const outcome = await on.stopWhisper(INSPECTOR.id, guid, INSPECTOR.target);
    return { ms: performance.now() - started, outcome };
  };

  try {
    log(`   warm stop vs raw floor: ${config.iterations} each, interleaved`);
    for (let i = 0; i < config.iterations; i++) {
      await whisper();
      const { ms, outcome } = await timedStop(client);
      if (outcome.ok) samples.warm.push(ms);
      else failures.warm += 1;
      await rawSample();
    }

    log(`   first stop after sign-in (poll held, 300 ms after): ${config.firstSamples} fresh clients`);
    for (let i = 0; i < config.firstSamples; i++) {
      const fresh = newClient();
      const polls: AbortController[] = [];
      // The session's poll, held by the gateway; the stop's event ends it, so each timed stop gets a fresh one.
      const holdPoll = async () => {
        const poll = new AbortController();
        polls.push(poll);
        void fresh.pollEvent(INSPECTOR.id, guid, { signal: poll.signal });
        await sleep(300);
      };
      try {
        adopt(await signIn(fresh));
        fresh.prewarm(); // as the session does after every sign-in
        await whisper();
        await holdPoll();
        const before = handshakesBy(fresh);
        const { ms, outcome } = await timedStop(fresh);
        handshakes.first += handshakesBy(fresh) - before;
        if (outcome.ok) samples.first.push(ms);
        else failures.first += 1;
        await rawSample(samples.rawFirst, holdPoll);
      } finally {
        for (const poll of polls) poll.abort();
        fresh.close();
      }
    }

    const idleMs = config.keepAliveMs + 1000;
    log(`   stop after ${idleMs} ms idle (gateway keep-alive ${config.keepAliveMs} ms), kept warm as while whispering: ${config.idleSamples}`);
    client.keepCommandConnectionWarm(true);
    for (let i = 0; i < config.idleSamples; i++) {
      await whisper();
      await sleep(idleMs);
      const before = handshakesBy(client);
      const { ms, outcome } = await timedStop(client);
      handshakes.idle += handshakesBy(client) - before;
      if (outcome.ok) samples.idle.push(ms);
      else failures.idle += 1;
    }
    client.keepCommandConnectionWarm(false);

    log(`   stop on a black-holed connection, kept warm as while whispering (standby ready): ${config.blackHoleSamples}`);
    client.keepCommandConnectionWarm(true);
    const wonBefore = client.hedges.won;
    for (let i = 0; i < config.blackHoleSamples; i++) {
      // The standby a previous hedge used is re-opened in the background: let it finish its
      // handshake, so that the start's bytes are the latest the client sent (blackHoleLastUsed).
      await sleep(500);
      await whisper();
      appPath.blackHoleLastUsed();
      hedgeDelayMs = client.hedgeDelayMs;
      const before = handshakesBy(client);
      const { ms, outcome } = await timedStop(client);
      handshakes.blackHole += handshakesBy(client) - before;
      if (outcome.ok) samples.blackHole.push(ms);
      else {
        failures.blackHole += 1;
        log(`   black-holed stop failed: ${JSON.stringify(outcome.failure)}`);
        // The stop failed: end the whisper so the next sample starts from the same state.
        await client.stopWhisper(INSPECTOR.id, guid);
      }
      await rawSample();
    }
    hedgesWon = client.hedges.won - wonBefore;
    client.keepCommandConnectionWarm(false);

    log(`   stop right after the gateway restarted: ${config.restartSamples}`);
    for (let i = 0; i < config.restartSamples; i++) {
      await whisper();
      await emulator.close();
      emulator = await startEmulator({ ...emulatorOptions, port });
      // The restarted gateway knows no session: any CC-Gateway answer (here 100-006) is the gateway answering.
      const started = performance.now();
      const outcome = await client.stopWhisper(INSPECTOR.id, guid, INSPECTOR.target);
      const ms = performance.now() - started;
      if (outcome.ok || outcome.failure.kind === 'retcode') samples.restart.push(ms);
      else failures.restart += 1;
      adopt(await signIn(client));
    }
  } finally {
    client.close();
    raw.close();
    await appPath.close();
    await rawPath.close();
    await emulator.close();
  }
  const summary = (values: number[]) => summarize(values.length > 0 ? values : [Number.NaN]);
  return {
    raw: summary(samples.raw),
    rawFirst: summary(samples.rawFirst),
    warm: summary(samples.warm),
    first: { ...summary(samples.first), handshakes: handshakes.first },
    idle: { ...summary(samples.idle), handshakes: handshakes.idle, idleMs: config.keepAliveMs + 1000 },
    blackHole: { ...summary(samples.blackHole), failures: failures.blackHole, hedgeDelayMs: Math.round(hedgeDelayMs), handshakes: handshakes.blackHole, hedgesWon },
    restart: { ...summary(samples.restart), failures: failures.restart },
    handshakeMs: summary(samples.handshake),
    failures: { warm: failures.warm, first: failures.first, idle: failures.idle },
  };

  async function signIn(on: GatewayClient): Promise<string> {
    const outcome = await on.signIn(INSPECTOR.id, { password: DEMO_PASSWORD, phonenum: INSPECTOR.phone }, { force: true });
    if (!outcome.ok || !outcome.setGuid) throw new Error(`sign-in failed: ${JSON.stringify(outcome)}`);
    return outcome.setGuid;
  }
}

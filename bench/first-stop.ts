/**
 * (c) The first stop after sign-in. Each sample is a fresh app (new services, new gateway client,
 * no pooled connection), signed in through the IPC handler; after `afterSignInMs` (by then the
 * poller has drained the sign-in events and is holding a long-poll) the gateway is put into a
 * whispering state from outside the app, and the app's first command is the stop. Timed the
 * same way, in the same session:
 * - first:  the first stop after sign-in (should ride on a connection the app keeps warm);
 * - warm:   a second stop right after the first (whispering re-established from outside);
 * - cold:   a stop by a fresh GatewayClient that must open a connection (TLS handshake).
 * Before each timed stop the app gets `settleMs` to take in the events the outside start queued
 * (one per poll, 200 ms apart), so first and warm are timed in the same state: poll held, app idle.
 * Times run from the IPC handler's entry to its answer (the app did not know it was whispering,
 * so no state change follows these stops); handshakes are counted for each.
 * `dwell`: a stop after whispering for `dwellMs`, i.e. after the connection sat idle that long.
 */
import { GatewayClient } from '../main/gateway';
import { startAppUnderTest, TRUSTED_SENDER, type AppUnderTest } from './app-under-test';
import { bareHttps, type BareHttps } from './bare-https';
import { connectionCounts, countsSince } from './connection-counter';
import type { EmulatorProcess } from './emulator-process';
import { DEMO_PASSWORD, rawStart } from './gateway-paths';
import { FULL_INSPECTOR } from './stop-latency';
import { summarize, type LatencySummary } from './stats';

export interface TimedStops {
  readonly latency: LatencySummary;
  /** New TLS connections opened by the timed stops, summed over the samples. */
  readonly handshakes: number;
}

export interface FirstStopResult {
  readonly samples: number;
  readonly afterSignInMs: number;
  readonly settleMs: number;
  readonly first: TimedStops;
  readonly warm: TimedStops;
  readonly cold: TimedStops;
  readonly dwell: (TimedStops & { readonly dwellMs: number }) | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function whisperFromOutside(http: BareHttps, emulator: EmulatorProcess): Promise<string> {
  const guid = await emulator.call<string | null>('currentGuid', FULL_INSPECTOR.id);
  if (!guid) throw new Error('the emulator has no Guid for the signed-in inspector');
  await rawStart(http, FULL_INSPECTOR.id, guid, FULL_INSPECTOR.target);
  return guid;
}

async function timedStop(app: AppUnderTest): Promise<{ ms: number; handshakes: number }> {
  const before = connectionCounts();
  const t0 = performance.now();
  const result = await app.handlers['whisper:stop']({}, TRUSTED_SENDER);
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`stop failed: ${JSON.stringify(result.failure)}`);
  return { ms, handshakes: countsSince(before).newConnections };
}

function totals(samples: { ms: number; handshakes: number }[]): TimedStops {
  return { latency: summarize(samples.map((s) => s.ms)), handshakes: samples.reduce((n, s) => n + s.handshakes, 0) };
}

export async function measureFirstStop(
  emulator: EmulatorProcess,
  options: { samples: number; afterSignInMs: number; settleMs: number; dwellSamples: number; dwellMs: number },
): Promise<FirstStopResult> {
  const outside = bareHttps(emulator.url, emulator.caPem);
  const first: { ms: number; handshakes: number }[] = [];
  const warm: { ms: number; handshakes: number }[] = [];
  const cold: { ms: number; handshakes: number }[] = [];
  const dwell: { ms: number; handshakes: number }[] = [];
  try {
    for (let sample = 0; sample < options.samples + options.dwellSamples; sample += 1) {
      const app = await startAppUnderTest({ gatewayUrl: emulator.url, caPem: emulator.caPem, agentId: FULL_INSPECTOR.id, phoneNumber: FULL_INSPECTOR.phone });
      try {
        const signedIn = await app.handlers['session:sign-in']({ password: DEMO_PASSWORD, force: true }, TRUSTED_SENDER);
        if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.failure)}`);
        await sleep(options.afterSignInMs);

        if (sample >= options.samples) {
          // Whispering for a while: the stop comes after the pool sat idle for dwellMs.
          await whisperFromOutside(outside, emulator);
          await sleep(options.dwellMs);
          dwell.push(await timedStop(app));
          continue;
        }

        await whisperFromOutside(outside, emulator);
        await sleep(options.settleMs);
        first.push(await timedStop(app));

        await whisperFromOutside(outside, emulator);
        await sleep(options.settleMs);
        warm.push(await timedStop(app));

        const guid = await whisperFromOutside(outside, emulator);
        let freshHandshakes = 0; // counted through the client's diagnostic hook
        const fresh = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem, onHandshake: () => (freshHandshakes += 1) });
        try {
          const t0 = performance.now();
          const outcome = await fresh.stopWhisper(FULL_INSPECTOR.id, guid);
          const ms = performance.now() - t0;
          if (!outcome.ok) throw new Error(`cold stop failed: ${JSON.stringify(outcome.failure)}`);
          cold.push({ ms, handshakes: freshHandshakes });
        } finally {
          fresh.close();
        }
      } finally {
        await app.handlers['session:sign-out']({}, TRUSTED_SENDER);
        await app.dispose();
      }
    }
  } finally {
    outside.close();
  }
  return {
    samples: options.samples,
    afterSignInMs: options.afterSignInMs,
    settleMs: options.settleMs,
    first: totals(first),
    warm: totals(warm),
    cold: totals(cold),
    dwell: dwell.length > 0 ? { ...totals(dwell), dwellMs: options.dwellMs } : null,
  };
}

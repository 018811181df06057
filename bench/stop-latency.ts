/**
 * (a) the full main-side stop path against (b) the floor, interleaved iteration by iteration
 * so both see the same machine state.
 *
 * (a) starts at the IPC handler's entry ('whisper:stop' with our own page as the sender) and ends
 *     when the handler has answered AND the snapshot listener (what the Electron wiring forwards
 *     to the renderer as 'session:state-changed') has fired with the whisper gone: sender check,
 *     zod validation, single-flight actions, session, client, HTTPS, parse, state, audit record.
 * (b) is one bare node:https POST on a warm keep-alive agent to the same route with the same
 *     headers, ending when the whole body has arrived.
 * Putting the emulator back into a whispering state happens between the timed regions, followed
 * by a short idle gap (settleMs, both paths alike) so background work the setup left behind (the
 * start's audit line and log write completing) is not charged to the stop that follows.
 */
import type { ActionResult } from '../app/ipc-contract';
import { TRUSTED_SENDER, type AppUnderTest } from './app-under-test';
import { bareHttps } from './bare-https';
import { addCounts, connectionCounts, countsSince, NO_CONNECTIONS, type ConnectionCounts } from './connection-counter';
import type { EmulatorProcess } from './emulator-process';
import { JSON_HEADERS, rawSignIn, rawStart, retcodeOf, stopPath } from './gateway-paths';
import { summarize, type LatencySummary } from './stats';

export const FULL_INSPECTOR = { id: '101', phone: '70101', target: '1001' } as const;
export const FLOOR_INSPECTOR = { id: '102', phone: '70102', target: '1002' } as const;

export interface StopLatencyResult {
  readonly full: LatencySummary;
  readonly floor: LatencySummary;
  /** Header names the client sent on a stop (from the emulator's journal) and the floor replays. */
  readonly headersOnTheWire: { readonly client: readonly string[]; readonly floor: readonly string[] };
  /** New TLS connections opened during the timed iterations (warm-up excluded). */
  readonly connections: { readonly fullPath: ConnectionCounts; readonly floor: ConnectionCounts };
  /** Iterations whose whisper state was cleared by a late gateway event before timing; redone. */
  readonly redoneIterations: number;
}

interface JournalHeaders {
  headers: Record<string, string>;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assertStopped(result: ActionResult): void {
  if (!result.ok) throw new Error(`full-path stop failed: ${JSON.stringify(result.failure)}`);
  if (result.retriedWithoutTarget) throw new Error('full-path stop needed the verified-stop retry: the emulator state was not as set up');
}

export async function measureStopLatency(
  app: AppUnderTest,
  emulator: EmulatorProcess,
  options: { iterations: number; warmup: number; settleMs: number; onProgress?: (done: number, total: number) => void },
): Promise<StopLatencyResult> {
  const { handlers, services } = app;
  const floorHttp = bareHttps(emulator.url, emulator.caPem);
  try {
    const floorGuid = await rawSignIn(floorHttp, FLOOR_INSPECTOR.id, FLOOR_INSPECTOR.phone);
    const floorStop = stopPath(FLOOR_INSPECTOR.id, FLOOR_INSPECTOR.target);
    let floorHeaders: Record<string, string> = { ...JSON_HEADERS, Guid: floorGuid };

    const full: number[] = [];
    const floor: number[] = [];
    let redone = 0;
    let fullConnections: ConnectionCounts = NO_CONNECTIONS;
    let floorConnections: ConnectionCounts = NO_CONNECTIONS;
    const total = options.warmup + options.iterations;

    for (let i = 0; i < total; i += 1) {
      const timed = i >= options.warmup;

      // ---- (a) full path. Untimed: whisper again through the app's own start.
      for (;;) {
        const started = await handlers['whisper:start']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER);
        if (!started.ok) throw new Error(`untimed start failed: ${JSON.stringify(started.failure)}`);
        // A gateway event from an earlier leg may clear the state between start and stop; then redo the setup.
        if (services.snapshot().whisper?.mode === 'whisper') break;
        redone += 1;
        await handlers['whisper:stop']({}, TRUSTED_SENDER);
      }
      await settle(options.settleMs);
      const notified = app.nextSnapshot((s) => s.whisper === null);
      const fullBefore = connectionCounts();
      const t0 = performance.now();
      const [result] = await Promise.all([handlers['whisper:stop']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER), notified]);
      const t1 = performance.now();
      assertStopped(result as ActionResult);

      if (i === options.warmup - 1 || (options.warmup === 0 && i === 0)) {
        // Replay exactly the headers the client put on the wire (names from the journal), with the floor inspector's Guid.
        const entry = await emulator.call<JournalHeaders | null>('lastRequestTo', `/${FULL_INSPECTOR.id}/requeststopwhisperagent`);
        if (!entry) throw new Error('the emulator journal has no client stop');
        floorHeaders = { 'Content-Type': entry.headers['content-type'] ?? JSON_HEADERS['Content-Type'], Guid: floorGuid };
      }

      // ---- (b) floor. Untimed: whisper again with a bare request on the same agent.
      await rawStart(floorHttp, FLOOR_INSPECTOR.id, floorGuid, FLOOR_INSPECTOR.target);
      await settle(options.settleMs);
      const floorBefore = connectionCounts();
      const f0 = performance.now();
      const response = await floorHttp.send('POST', floorStop, floorHeaders);
      const f1 = performance.now();
      if (retcodeOf(response.body) !== '0') throw new Error(`floor stop failed: ${response.body.slice(0, 200)}`);

      if (timed) {
        full.push(t1 - t0);
        floor.push(f1 - f0);
        const fc = countsSince(fullBefore);
        fullConnections = addCounts(fullConnections, fc);
        // The full path's window also covers any poll the session sent meanwhile; the floor's covers only the floor request.
        floorConnections = addCounts(floorConnections, countsSince(floorBefore));
      }
      if (i % 200 === 0) {
        // The journal is the emulator's memory, not the client's: keep it small between timed regions.
        await emulator.call('clearJournal');
        options.onProgress?.(i, total);
      }
    }

    await emulator.call('clearJournal');
    const [clientStop, floorStopEntry] = await Promise.all([
      (async () => {
        await handlers['whisper:start']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER);
        await handlers['whisper:stop']({ whisperAgentId: FULL_INSPECTOR.target }, TRUSTED_SENDER);
        return emulator.call<JournalHeaders | null>('lastRequestTo', `/${FULL_INSPECTOR.id}/requeststopwhisperagent`);
      })(),
      (async () => {
        await rawStart(floorHttp, FLOOR_INSPECTOR.id, floorGuid, FLOOR_INSPECTOR.target);
        await floorHttp.send('POST', floorStop, floorHeaders);
        return emulator.call<JournalHeaders | null>('lastRequestTo', `/${FLOOR_INSPECTOR.id}/requeststopwhisperagent`);
      })(),
    ]);

    return {
      full: summarize(full),
      floor: summarize(floor),
      headersOnTheWire: { client: Object.keys(clientStop?.headers ?? {}).sort(), floor: Object.keys(floorStopEntry?.headers ?? {}).sort() },
      connections: { fullPath: fullConnections, floor: floorConnections },
      redoneIterations: redone,
    };
  } finally {
    floorHttp.close();
  }
}

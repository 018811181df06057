/**
 * The stop on loopback, four ways side by side, interleaved, each on a warm connection to the
 * emulator: GatewayClient (the app's client: validation, undici, envelope check, log line),
 * undici's Client alone, node:https alone, and the raw floor (bench/raw-floor.ts). No budget:
 * on loopback the differences are far below what a real round trip adds, so the budgets are
 * kept on the network path instead (docs/performance.md).
 */
import { Client } from 'undici';
import { generateTestPki, startEmulator } from '../emulator/index';
import { GatewayClient } from '../main/gateway';
import { bareHttps } from './bare-https';
import { DEMO_PASSWORD, JSON_HEADERS, stopPath } from './gateway-paths';
import { RawFloor, stopRequestBytes } from './raw-floor';
import { summarize, type LatencySummary } from './stats';

export interface LoopbackResult {
  readonly gatewayClient: LatencySummary;
  readonly undici: LatencySummary;
  readonly nodeHttps: LatencySummary;
  readonly raw: LatencySummary;
}

const INSPECTOR = { id: '101', phone: '70101' } as const;

export async function measureLoopbackStops(iterations: number, warmup: number): Promise<LoopbackResult> {
  const pki = generateTestPki();
  const emulator = await startEmulator({ tls: { key: pki.leaf.key, cert: pki.leaf.cert, ca: pki.caPem }, authMode: 'static' });
  const port = Number(new URL(emulator.url).port);
  const client = new GatewayClient({ baseUrl: emulator.url, caPem: pki.caPem });
  const undici = new Client(emulator.url, { connect: { ca: pki.caPem } });
  const https = bareHttps(emulator.url, pki.caPem);
  const raw = new RawFloor(port, pki.caPem);
  try {
    const signedIn = await client.signIn(INSPECTOR.id, { password: DEMO_PASSWORD, phonenum: INSPECTOR.phone }, { force: true });
    if (!signedIn.ok || !signedIn.setGuid) throw new Error('loopback sign-in failed');
    const guid = signedIn.setGuid;
    const path = stopPath(INSPECTOR.id);
    const headers = { ...JSON_HEADERS, Guid: guid };
    const bytes = stopRequestBytes(`127.0.0.1:${port}`, path, guid);
    await raw.ensureOpen();
    // Every way answers 900-004 (not whispering): the same gateway work for all four.
    const ways: Array<[keyof LoopbackResult, () => Promise<unknown>]> = [
      ['gatewayClient', () => client.stopWhisper(INSPECTOR.id, guid)],
      ['undici', async () => (await undici.request({ method: 'POST', path, headers, body: null })).body.arrayBuffer()],
      ['nodeHttps', () => https.send('POST', path, headers)],
      ['raw', () => raw.exchange(bytes)],
    ];
    const samples: Record<keyof LoopbackResult, number[]> = { gatewayClient: [], undici: [], nodeHttps: [], raw: [] };
    for (let i = 0; i < warmup + iterations; i++) {
      for (const [name, run] of ways) {
        const started = performance.now();
        await run();
        if (i >= warmup) samples[name].push(performance.now() - started);
      }
    }
    return { gatewayClient: summarize(samples.gatewayClient), undici: summarize(samples.undici), nodeHttps: summarize(samples.nodeHttps), raw: summarize(samples.raw) };
  } finally {
    client.close();
    raw.close();
    https.close();
    await undici.destroy();
    await emulator.close();
  }
}

import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, type TestPki } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import { startGatewayFixture, type GatewayFixture } from './gateway-fixture';

/**
 * Transport cases the emulator cannot stage: a closed port, an unknown host, a body
 * streamed without Content-Length, a Set-GUID containing '='. A tiny real HTTPS
 * server stands in where needed; nothing in https is mocked.
 */
let pki: TestPki;
let fx: GatewayFixture;

beforeAll(async () => {
  pki = generateTestPki();
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

interface Stage {
  url: string;
  server: Server;
  bytesWritten: () => number;
  close(): Promise<void>;
}

async function stage(handler: Parameters<typeof createServer>[1], track?: { written: number }): Promise<Stage> {
  const sockets = new Set<Socket>();
  const server = createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    server,
    bytesWritten: () => track?.written ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('network failures', () => {
  it('connection refused', async () => {
    const closed = await stage((_req, res) => res.end());
    const url = closed.url;
    await closed.close();
    const client = new GatewayClient({ baseUrl: url, caPem: pki.caPem });
    const outcome = await client.stopWhisper('101', 'g');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'connection-refused' }, setGuid: null });
    client.close();
  });

  it('an unknown host name: dns, naming the host', async () => {
    const client = new GatewayClient({ baseUrl: 'https://no-such-gateway.invalid:8043', timeoutMs: 4000 });
    const outcome = await client.stopWhisper('101', 'g');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'dns', host: 'no-such-gateway.invalid' } });
    client.close();
  });
});

describe('body size cap', () => {
  it('a body streamed without Content-Length is cut off as soon as it crosses the cap', async () => {
    const track = { written: 0 };
    let serverSawClose!: () => void;
    const closedEarly = new Promise<void>((resolve) => (serverSawClose = resolve));
    const big = await stage((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && track.written < 10 * 1024 * 1024) {
          track.written += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => serverSawClose());
      pump();
    }, track);
    const client = new GatewayClient({ baseUrl: big.url, caPem: pki.caPem, maxBodyBytes: 256 * 1024 });
    const outcome = await client.stopWhisper('101', 'g');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'too-large', limitBytes: 256 * 1024 } });
    await closedEarly;
    expect(big.bytesWritten()).toBeLessThan(10 * 1024 * 1024);
    client.close();
    await big.close();
  });

  it('the default cap is 1 MiB: a 1 MiB answer passes, one byte more does not', async () => {
    const body = (size: number) => {
      const shell = JSON.stringify({ message: '', retcode: '0', result: {} });
      return JSON.stringify({ message: 'x'.repeat(size - shell.length), retcode: '0', result: {} });
    };
    let size = 1024 * 1024;
    const s = await stage((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body(size));
    });
    const client = new GatewayClient({ baseUrl: s.url, caPem: pki.caPem });
    expect((await client.stopWhisper('101', 'g')).ok).toBe(true);
    size += 1;
    expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: false, failure: { kind: 'too-large', limitBytes: 1024 * 1024 } });
    client.close();
    await s.close();
  });
});

describe('Set-GUID', () => {
  it("splits on the first '=' only, on any response, failures included, and stamps headersAt", async () => {
    const s = await stage((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-GUID': 'JSESSIONID=abc=def==.AgentGateway1' });
      res.end(JSON.stringify({ message: 'no', retcode: '900-004', result: {} }));
    });
    const client = new GatewayClient({ baseUrl: s.url, caPem: pki.caPem });
    const before = performance.now();
    const outcome = await client.stopWhisper('101', 'g');
    expect(outcome).toMatchObject({ ok: false, setGuid: 'abc=def==.AgentGateway1', failure: { kind: 'retcode', retcode: '900-004' } });
    expect(outcome.headersAt).toBeGreaterThanOrEqual(before);
    expect(outcome.headersAt).toBeLessThanOrEqual(performance.now());
    client.close();
    await s.close();
  });

  it('a rotation on a real poll arrives as setGuid and the old Guid then stops working', async () => {
    const rotating = await startGatewayFixture({ guidIntervalMs: 200, guidTimeoutMs: 400, pollHoldMs: 100 });
    try {
      const first = await rotating.signIn('101');
      await new Promise((resolve) => setTimeout(resolve, 250));
      let rotated: string | null = null;
      for (let i = 0; i < 10 && rotated === null; i++) rotated = (await rotating.client.pollEvent('101', first)).setGuid;
      expect(rotated).not.toBeNull();
      expect(rotated).not.toBe(first);
      expect(rotated).toBe(rotating.emulator.control.currentGuid('101'));
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await rotating.client.stopWhisper('101', first)).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-006' } });
    } finally {
      await rotating.close();
    }
  });

  it('no Set-GUID header gives setGuid null', async () => {
    const guid = await fx.signIn('101');
    expect((await fx.client.stopWhisper('101', guid)).setGuid).toBeNull();
  });
});

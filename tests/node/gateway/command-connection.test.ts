import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, type TestPki } from '../../../emulator/index';
import { GatewayClient } from '../../../main/gateway/index';
import { createLogger, memoryLogSink } from '../../../main/log/logger';
import { STOP_FAULTS, TIMEOUT_MS, useFaultRig } from './stop-faults';

/**
 * The command connection: the whisper family rides one verified connection of its own,
 * written and read by main/gateway/http1-codec.ts instead of node:https. Real client ↔ real
 * emulator (or a tiny real HTTPS server where the emulator cannot stage a case); nothing is mocked.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, limitMs = 3000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Opens the command connection and waits until its handshake is done. */
async function commandConnectionOpen(client: GatewayClient): Promise<void> {
  const before = client.handshakes;
  client.prewarm();
  await until(() => client.handshakes > before, 'the command connection handshake');
}

const rig = useFaultRig();

describe('the whisper family on the command connection', () => {
  it('a stop rides it: no handshake of its own, the same header names on the wire as through the pool', async () => {
    const client = rig.fx.newClient();
    await commandConnectionOpen(client);
    const handshakes = client.handshakes;
    rig.fx.emulator.clearJournal();
    const stop = await client.stopWhisper('101', rig.guid, '1001');
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(client.commandConnectionRequests).toBe(1);
    expect(client.handshakes).toBe(handshakes);

    // The pool's version of the same call (a client with no command connection), for comparison.
    const pooled = rig.fx.newClient();
    await pooled.stopWhisper('101', rig.guid, '1001');
    expect(pooled.commandConnectionRequests).toBe(0);
    const [viaCommand, viaPool] = rig.fx.emulator.journal;
    expect(viaCommand).toMatchObject({ method: 'POST', path: '/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent', query: { whisperagentid: '1001' }, body: '' });
    expect(Object.keys(viaCommand!.headers).sort()).toEqual(Object.keys(viaPool!.headers).sort());
    expect(viaCommand!.headers).toMatchObject({ 'content-type': 'application/json; charset=UTF-8', 'content-length': '0', host: new URL(rig.fx.emulator.url).host });
  });

  it('carries start, stop and the Guid rotation like the pool does, on one connection', async () => {
    const client = rig.fx.newClient();
    const own = await client.signIn('102', { password: 'Inspect0r!', phonenum: '70102' }, { force: true });
    if (!own.ok || !own.setGuid) throw new Error('sign-in failed');
    await commandConnectionOpen(client);
    const handshakes = client.handshakes;
    const started = await client.startWhisper('102', own.setGuid, '1002');
    expect(started).toMatchObject({ ok: true, retcode: '0' });
    const stopped = await client.stopWhisper('102', own.setGuid, '1002');
    expect(stopped).toMatchObject({ ok: true, retcode: '0' });
    expect(client.commandConnectionRequests).toBe(2);
    expect(client.handshakes).toBe(handshakes);
  });

  it('a command while its handshake is still under way waits for it instead of dialing another', async () => {
    const client = rig.fx.newClient();
    client.keepCommandConnectionWarm(true);
    const stop = await client.stopWhisper('101', rig.guid);
    expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(client.commandConnectionRequests).toBe(1);
    expect(client.handshakes).toBe(1);
  });

  it('polls, sign-in and sign-out stay on the pool', async () => {
    const client = rig.fx.newClient();
    await commandConnectionOpen(client);
    await client.pollEvent('101', rig.guid, { timeoutMs: 2000 });
    expect(client.commandConnectionRequests).toBe(0);
  });
});

describe('fault matrix on the stop, over the command connection', () => {
  const GUID_SHAPED = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  it.each(STOP_FAULTS)('%s → %s, within the timeout + 1 s; the connection is dropped and the next stop works', async (_label, kind, fault, detail) => {
    const client = rig.fx.newClient({ timeoutMs: TIMEOUT_MS });
    await commandConnectionOpen(client);
    rig.fx.emulator.injectFault('requestStopWhisperAgent', fault, 1);
    const started = performance.now();
    const outcome = await client.stopWhisper('101', rig.guid, '1001');
    const elapsed = performance.now() - started;
    expect(client.commandConnectionRequests).toBe(1);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ kind, ...detail });
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);

    const after = await client.stopWhisper('101', rig.guid);
    expect(after).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
    expect(rig.fx.logLines.join('\n')).not.toMatch(GUID_SHAPED);
    client.close();
  });
});

describe('keeping it warm', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = generateTestPki();
  });

  interface Staged {
    url: string;
    /** TLS sessions established. */
    connections: () => number;
    /** TCP connections accepted, handshake or not. */
    attempts: () => number;
    sockets: Set<Socket>;
    close(): Promise<void>;
  }

  /** A tiny HTTPS server answering every request with a gateway-shaped JSON body and the given extra headers. */
  async function stage(extraHeaders: Record<string, string>, cert = pki.leaf): Promise<Staged> {
    let connections = 0;
    let attempts = 0;
    const sockets = new Set<Socket>();
    const server: Server = createServer({ key: cert.key, cert: cert.cert }, (_req, res) => {
      const body = '{"message":"","retcode":"0","result":{}}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...extraHeaders });
      res.end(body);
    });
    server.keepAliveTimeout = 60_000;
    server.on('secureConnection', (s: Socket) => {
      connections += 1;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.on('tlsClientError', () => undefined);
    server.on('connection', (s: Socket) => {
      attempts += 1;
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `https://127.0.0.1:${port}`,
      connections: () => connections,
      attempts: () => attempts,
      sockets,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }

  /** trusted: false = only the system roots, which do not include the test CA. */
  function clientOf(url: string, trusted = true) {
    const sink = memoryLogSink();
    return new GatewayClient({ baseUrl: url, ...(trusted && { caPem: pki.caPem }), timeoutMs: 2000, logger: createLogger(sink) });
  }

  it('a Connection: close answer closes it; the next command goes through the pool', async () => {
    const server = await stage({ Connection: 'close' });
    const client = clientOf(server.url);
    try {
      await commandConnectionOpen(client);
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(1);
      await until(() => server.sockets.size === 0, 'the server to see the connection closed');
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it("is closed a second before the server's Keep-Alive hint, and re-opened while kept warm", async () => {
    const server = await stage({ 'Keep-Alive': 'timeout=2' });
    const client = clientOf(server.url);
    try {
      client.keepCommandConnectionWarm(true);
      await until(() => server.connections() === 1, 'the first connection');
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(1);
      // Parked with the hint: closed by the client after ~1 s idle, re-opened no sooner than 5 s after the first.
      await until(() => server.sockets.size === 0, 'the idle connection to close', 3000);
      await until(() => server.connections() === 2, 'the replacement connection', 7000);
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(2);
    } finally {
      client.close();
      await server.close();
    }
  }, 15_000);

  it('once no longer kept warm, a connection that goes is not re-opened', async () => {
    const server = await stage({});
    const client = clientOf(server.url);
    try {
      client.keepCommandConnectionWarm(true);
      await until(() => server.connections() === 1, 'the first connection');
      client.keepCommandConnectionWarm(false);
      for (const s of server.sockets) s.destroy();
      await sleep(6000);
      expect(server.connections()).toBe(1);
    } finally {
      client.close();
      await server.close();
    }
  }, 10_000);

  it('a refused certificate is not dialed again and again, even kept warm', async () => {
    const server = await stage({});
    const client = clientOf(server.url, false);
    try {
      client.keepCommandConnectionWarm(true);
      await sleep(300);
      expect(server.attempts()).toBe(1);
      const stop = await client.stopWhisper('101', 'g');
      expect(stop).toMatchObject({ ok: false, failure: { kind: 'tls-untrusted' } });
      await sleep(6000);
      expect(server.attempts()).toBe(2); // the warm-up's and the stop's own, nothing after
      expect(client.handshakes).toBe(0);
      expect(client.commandConnectionRequests).toBe(0);
    } finally {
      client.close();
      await server.close();
    }
  }, 10_000);

  it('an answer the codec refuses retires it: the failure is reported, and every later command goes through the pool', async () => {
    // A raw TLS server: its first answer has a folded header line (obs-fold, which the codec refuses), the rest are plain.
    let answered = 0;
    let connections = 0;
    const server = tls.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (socket) => {
      connections += 1;
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        while (head.includes('\r\n\r\n')) {
          head = head.slice(head.indexOf('\r\n\r\n') + 4);
          const body = '{"message":"","retcode":"0","result":{}}';
          const folded = answered++ === 0 ? 'X-Note: first line\r\n  continued\r\n' : '';
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${folded}Content-Length: ${body.length}\r\n\r\n${body}`);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sink = memoryLogSink();
    const client = new GatewayClient({ baseUrl: url, caPem: pki.caPem, timeoutMs: 2000, logger: createLogger(sink) });
    try {
      client.keepCommandConnectionWarm(true);
      const refused = await client.stopWhisper('101', 'g');
      expect(refused).toMatchObject({ ok: false, failure: { kind: 'network', code: 'HPE_INVALID_RESPONSE' } });
      expect(client.commandConnectionRequests).toBe(1);
      expect(sink.lines.filter((l) => l.includes('command connection given up'))).toHaveLength(1);

      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(await client.startWhisper('101', 'g', '1002')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(1);
      client.keepCommandConnectionWarm(true);
      client.prewarm();
      await sleep(6000);
      expect(connections).toBe(2); // the retired command connection and the pool's one: nothing re-opened
      expect(sink.lines.filter((l) => l.includes('command connection given up'))).toHaveLength(1);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 10_000);

  it('bytes the server sends while it is parked close it', async () => {
    const server = await stage({});
    const client = clientOf(server.url);
    try {
      await commandConnectionOpen(client);
      for (const s of server.sockets) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      await until(() => server.sockets.size === 0, 'the connection to close');
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true });
      expect(client.commandConnectionRequests).toBe(0);
    } finally {
      client.close();
      await server.close();
    }
  });
});

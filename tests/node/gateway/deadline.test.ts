import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import { Dialer } from '@main/gateway/dialer';
import { TlsTrust } from '@main/platform/trust';

/**
 * One absolute deadline per action (docs/reliability.md): a dial made for a request gets only
 * what remains of its action's deadline, never a timeout of its own, and a call ends by itself
 * with a timeout naming that deadline. A "gateway" that accepts TCP and never speaks TLS holds
 * every dial open; the tests end only because the deadline ends them (how soon is the bench's to
 * measure: docs/performance.md, "no call past its deadline").
 */
let silent: net.Server;
let url: string;
const held: net.Socket[] = [];

beforeAll(async () => {
  silent = net.createServer((socket) => {
    held.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe('one deadline per action', () => {
  it('a dial for a request ends at the action deadline, though its own connect timeout is a minute', async () => {
    const pki = generateTestPki();
    const dialer = new Dialer(new URL(url), new TlsTrust([pki.caPem], null), 60_000, 1024 * 1024);
    try {
      const connect = dialer.connector('fresh', performance.now() + 200);
      const error = await new Promise<unknown>((resolve) => connect({ hostname: '127.0.0.1', host: '127.0.0.1', protocol: 'https:', port: '0' } as never, (...args: unknown[]) => resolve(args[0])));
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    } finally {
      dialer.close();
    }
  });

  it('a call whose every connection hangs in the handshake ends by itself, a timeout naming its deadline', async () => {
    const pki = generateTestPki();
    const client = new GatewayClient({ baseUrl: url, caPem: pki.caPem, timeoutMs: 300 });
    try {
      const stop = await client.stopWhisper('101', 'g');
      expect(stop).toMatchObject({ ok: false });
      if (!stop.ok) expect(['timeout', 'unreachable']).toContain(stop.failure.kind);
    } finally {
      client.close();
    }
  });
});

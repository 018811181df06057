import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, type TestPki } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import { createLogger, memoryLogSink } from '@main/log/logger';

/**
 * Answers no conforming HTTP/1.1 parser accepts, written byte for byte by a raw TLS server on
 * loopback: undici's llhttp refuses each (never a guess about framing), the failure of a start
 * (sent at most once) says the gateway's answer was not HTTP, the parser's reason is in the log,
 * nothing is sent twice, and the next call, answered properly, works. A stop answered so is
 * confirmed once (tests/node/gateway/outcome-truth.test.ts).
 */
const GOOD_BODY = '{"message":"","retcode":"0","result":{}}'; // 40 bytes
const GOOD = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n${GOOD_BODY}`;

const MALFORMED: ReadonlyArray<[label: string, bytes: Buffer]> = [
  ['bare LF line endings', Buffer.from(`HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 40\n\n${GOOD_BODY}`)],
  ['bare CR line endings', Buffer.from(`HTTP/1.1 200 OK\rContent-Type: application/json\rContent-Length: 40\r\r${GOOD_BODY}`)],
  ['Content-Length ending in a vertical tab', Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\v\r\n\r\n${GOOD_BODY}`)],
  ['Content-Length after a no-break space', Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: '), Buffer.from([0xa0]), Buffer.from(`40\r\n\r\n${GOOD_BODY}`)])],
  ['Content-Length after a bare CR', Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length:\r40\r\n\r\n${GOOD_BODY}`)],
  ['a header folded by a bare LF into Transfer-Encoding, then Content-Length', Buffer.from(`HTTP/1.1 200 OK\r\nX-A:\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n${GOOD_BODY}`)],
];

let pki: TestPki;
let server: tls.Server;
let url: string;
/** What the server answers to the next request on any connection; then GOOD. */
let nextAnswer: Buffer | null = null;
/** Requests the server has read. */
let requests = 0;

beforeAll(async () => {
  pki = generateTestPki();
  server = tls.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      // Requests here carry no body: each ends at the blank line.
      while (head.includes('\r\n\r\n')) {
        head = head.slice(head.indexOf('\r\n\r\n') + 4);
        requests += 1;
        socket.write(nextAnswer ?? GOOD);
        nextAnswer = null;
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    }),
);

describe('answers that are not HTTP/1.1', () => {
  it.each(MALFORMED)('%s: refused as not-http, sent once, the reason logged, and the next call works', async (_label, bytes) => {
    const sink = memoryLogSink();
    const client = new GatewayClient({ baseUrl: url, caPem: pki.caPem, timeoutMs: 5000, logger: createLogger(sink) });
    try {
      expect((await client.stopWhisper('101', 'g')).ok).toBe(true); // a warm, kept connection
      nextAnswer = bytes;
      const before = requests;
      const refused = await client.startWhisper('101', 'g', '1001');
      expect(refused).toMatchObject({ ok: false, failure: { kind: 'not-http', reason: expect.any(String) } });
      expect(requests - before).toBe(1);
      expect(sink.lines.join('\n')).toMatch(/requestWhisperAgent .*parser=".+" failure=not-http/);
      expect(await client.stopWhisper('101', 'g')).toMatchObject({ ok: true, retcode: '0' });
    } finally {
      client.close();
    }
  });
});

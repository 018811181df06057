import diagnostics from 'node:diagnostics_channel';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from 'undici';
import { watchDeclaredSizes } from '../../../main/gateway/declared-size-watch';

/**
 * The watch beside undici on one kept connection (plain TCP here; the product's are TLS): it
 * refuses a declared size past the cap when the declaration is read, and never refuses an answer
 * within the cap, however the answers on the connection are framed.
 */
const CAP = 1024;
const servers: net.Server[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => undefined)));
  for (const s of servers.splice(0)) s.close();
});

/** A server that answers the n-th request on a connection with answers[n] (raw bytes), then holds (or closes). */
async function serverAnswering(answers: readonly string[], options: { endAfterAnswer?: boolean } = {}): Promise<string> {
  const server = net.createServer((socket) => {
    let next = 0;
    let pending = '';
    socket.on('data', (data: Buffer) => {
      pending += data.toString('latin1');
      while (pending.includes('\r\n\r\n')) {
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
        const answer = answers[next++];
        if (answer !== undefined) socket.write(answer, 'latin1');
        if (options.endAfterAnswer) socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** As the dialer does: a request head written on a watched socket starts the watch on a new answer. */
const rearmOn = new WeakMap<object, () => void>();
diagnostics.subscribe('undici:client:sendHeaders', (message) => {
  const socket = (message as { socket?: object }).socket;
  if (socket) rearmOn.get(socket)?.();
});

function watchedClient(origin: string, cap = CAP): Client {
  const client = new Client(origin, {
    pipelining: 1,
    connect: (_options, callback) => {
      const socket = net.connect(Number(new URL(origin).port), '127.0.0.1');
      rearmOn.set(socket, watchDeclaredSizes(socket, cap));
      socket.once('connect', () => callback(null, socket));
      socket.once('error', (error) => callback(error, null));
    },
  });
  clients.push(client);
  return client;
}

async function get(client: Client, readAfterMs = 0): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const answer = await client.request({ method: 'GET', path: '/' });
    // Read late: undici then holds what it cannot hand over and puts the rest back on the socket.
    if (readAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, readAfterMs));
    return { status: answer.statusCode, body: await answer.body.text() };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

describe('declared sizes past the cap are refused when read', () => {
  it('a chunk size line past the cap, with no byte of the chunk after it', async () => {
    const client = watchedClient(await serverAnswering(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n']));
    expect(await get(client)).toEqual({ error: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
  });

  it('a Content-Length past the cap, with the head alone', async () => {
    const client = watchedClient(await serverAnswering([`HTTP/1.1 200 OK\r\nContent-Length: ${CAP + 1}\r\n\r\n`]));
    expect(await get(client)).toEqual({ error: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
  });

  it('chunks that add up past the cap: refused at the size line of the one that crosses it', async () => {
    const client = watchedClient(await serverAnswering([`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n${'a'.repeat(512)}\r\n201\r\n`]));
    expect(await get(client)).toEqual({ error: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
  });

  it('the third answer on a kept connection, after two within the cap and an interim 103', async () => {
    const client = watchedClient(
      await serverAnswering([
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n${'a'.repeat(CAP)}\r\n0\r\n\r\n`,
        `HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${CAP}\r\n\r\n${'b'.repeat(CAP)}`,
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n',
      ]),
    );
    expect(await get(client)).toEqual({ status: 200, body: 'a'.repeat(CAP) });
    expect(await get(client)).toEqual({ status: 200, body: 'b'.repeat(CAP) });
    expect(await get(client)).toEqual({ error: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
  });
});

describe('answers within the cap pass untouched', () => {
  it('exactly the cap, chunked and sized, with a trailer and a 204 between them', async () => {
    const client = watchedClient(
      await serverAnswering([
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;ext=1\r\nx\r\n3ff\r\n${'y'.repeat(CAP - 1)}\r\n0\r\nX-Trailer: 1\r\n\r\n`,
        'HTTP/1.1 204 No Content\r\n\r\n',
        `HTTP/1.1 200 OK\r\nContent-Length: ${CAP}\r\n\r\n${'z'.repeat(CAP)}`,
      ]),
    );
    expect(await get(client)).toEqual({ status: 200, body: `x${'y'.repeat(CAP - 1)}` });
    expect(await get(client)).toEqual({ status: 204, body: '' });
    expect(await get(client)).toEqual({ status: 200, body: 'z'.repeat(CAP) });
  });

  it('an answer framed by the close (no length declared) is left to undici', async () => {
    const client = watchedClient(await serverAnswering([`HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${'w'.repeat(CAP)}`], { endAfterAnswer: true }));
    expect(await get(client)).toEqual({ status: 200, body: 'w'.repeat(CAP) });
  });
});

describe('where the two parsers could part, the watch follows llhttp', () => {
  const TOO_LARGE = { error: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' };

  it('a negative chunk size or length is llhttp\'s to refuse: no refusal as too large, and the process goes on', async () => {
    const chunk = watchedClient(await serverAnswering(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-6\r\nx']));
    const chunkResult = await get(chunk);
    expect(chunkResult).toHaveProperty('error');
    expect(chunkResult).not.toEqual(TOO_LARGE);
    const length = watchedClient(await serverAnswering(['HTTP/1.1 200 OK\r\nContent-Length: -40\r\n\r\nx']));
    const lengthResult = await get(length);
    expect(lengthResult).toHaveProperty('error');
    expect(lengthResult).not.toEqual(TOO_LARGE);
  });

  it('a chunked answer of 600 KiB read late (undici puts bytes back) passes whole, and the next answer past the cap is still refused', async () => {
    const MiB = 1024 * 1024;
    const piece = 'c'.repeat(0x10000);
    const body = Array.from({ length: 10 }, () => `10000\r\n${piece}\r\n`).join('');
    const client = watchedClient(
      await serverAnswering([`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}0\r\n\r\n`, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n']),
      MiB,
    );
    const first = await get(client, 100);
    expect(first).toMatchObject({ status: 200 });
    expect('body' in first && first.body.length).toBe(10 * 0x10000);
    expect(await get(client)).toEqual(TOO_LARGE);
  });

  it('1xx and 304 answers have no body whatever their Content-Length says', async () => {
    const client = watchedClient(
      await serverAnswering([`HTTP/1.1 103 Early Hints\r\nContent-Length: 2000000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok`]),
    );
    expect(await get(client)).toEqual({ status: 200, body: 'ok' });
    const notModified = watchedClient(await serverAnswering(['HTTP/1.1 304 Not Modified\r\nContent-Length: 20000000\r\n\r\n']));
    expect(await get(notModified)).not.toEqual(TOO_LARGE);
  });

  it('a UTF-8 reason phrase and header value do not blind it', async () => {
    const client = watchedClient(
      await serverAnswering([
        'HTTP/1.1 200 \u00e6\u009c\u008d\u00e5\u008a\u00a1\r\nX-Note: \u00e6\u009c\u008d\r\nContent-Length: 2\r\n\r\nok',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n',
      ]),
    );
    expect(await get(client)).toEqual({ status: 200, body: 'ok' });
    expect(await get(client)).toEqual(TOO_LARGE);
  });

  it('"Transfer-Encoding: gzip, chunked" is chunked, as llhttp frames it', async () => {
    const client = watchedClient(await serverAnswering(['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n7fffffff\r\n']));
    expect(await get(client)).toEqual(TOO_LARGE);
  });

  it('a chunk extension too long to follow stops the watch for that answer only: the next request is watched again', async () => {
    const client = watchedClient(
      await serverAnswering([
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=${'e'.repeat(200_000)}\r\nok\r\n0\r\n\r\n`,
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n',
      ]),
    );
    const first = await get(client);
    expect(first).not.toEqual(TOO_LARGE);
    expect(await get(client)).toEqual(TOO_LARGE);
  });
});

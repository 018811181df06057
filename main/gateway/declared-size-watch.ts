import type { Socket } from 'node:net';
import { HTTPParser } from 'http-parser-js';
import { errors } from 'undici';

/**
 * The framing state http-parser-js keeps on each parser: which part of a message it is reading,
 * how many body bytes the current part still declares (the rest of a Content-Length body, or of
 * the chunk whose size line it has read), whether the body is chunked, and the line it is still
 * collecting. Not in its type declarations; the version is pinned in package.json and
 * declared-size-watch.test.ts fails if these stop meaning that.
 */
interface FramingState {
  readonly state: string;
  readonly body_bytes: number | null;
  isChunked: boolean;
  readonly line: string;
  BODY_CHUNK(): void;
  BODY_SIZED(): void;
}

/** Header lines, status and chunk-size lines are read as bytes: a UTF-8 reason phrase must not turn into CR or LF. */
HTTPParser.encoding = 'latin1';

/** A line longer than this (an endless chunk extension) is not followed: the watch stops rather than hold it. */
const LINE_MAX = 4096;

/**
 * Refuses an answer whose declared size is past the cap as soon as the declaration is read: a
 * Content-Length, or the size line of a chunk. undici's parser (llhttp) reports neither a chunk
 * size nor a declared length before the body: it hands over body bytes as they come and its
 * `maxResponseSize` counts only bytes received, so a gateway that declares a 2 GiB chunk and then
 * stalls would hold the request to its deadline (docs/reliability.md, "Answers refused at the head").
 *
 * A second, maintained HTTP parser (http-parser-js) reads the very bytes undici reads from this
 * socket: undici reads its connections with `read()` on 'readable' (and puts back with
 * `unshift()` what it cannot take yet), and this wraps those two methods on this one socket. It
 * frames nothing for the app: it refuses, by destroying the socket with undici's own "exceeded
 * max size" error, which undici then hands to the request as it does its own. Where it cannot
 * follow the bytes as llhttp would (bytes it refuses, a size that is not a plain non-negative
 * number, a body framed by the close, an over-long line), it stops watching that answer, leaves
 * the wording to llhttp, and watches again from the next request written on the connection.
 *
 * Returns what to call when a request head is written on the socket (the dialer hears of it):
 * one answer at a time on a connection (pipelining 1), so a request starts a new answer.
 */
export function watchDeclaredSizes(socket: Socket, capBytes: number): () => void {
  let parser: InstanceType<typeof HTTPParser> | null = null;
  let framing: FramingState | null = null;
  let bodyBytesRead = 0;
  /** Bytes undici put back with unshift(): read again, but already seen. */
  let seenAgain = 0;

  const stop = () => {
    parser = null;
    framing = null;
  };

  const start = () => {
    const p = new HTTPParser(HTTPParser.RESPONSE);
    const f = p as unknown as FramingState;
    bodyBytesRead = 0;
    // Called with one info object, or (once anything in the process has read HTTPParser.kOnExecute) with its fields in a row.
    p[HTTPParser.kOnHeadersComplete] = ((...args: unknown[]) => {
      const { headers, statusCode } = (
        typeof args[0] === 'object' && args[0] !== null ? args[0] : { headers: args[2], statusCode: args[5] }
      ) as { headers: string[]; statusCode: number };
      bodyBytesRead = 0;
      // No body, whatever it declares (RFC 9110 §6.4.1): what llhttp does, so the two stay in step.
      if (statusCode < 200 || statusCode === 204 || statusCode === 304) return 1;
      for (let i = 0; i < headers.length; i += 2) {
        // The requests sent are GET, POST, PUT and DELETE (routes.ts); an answer to HEAD would declare a length it does not send.
        const name = headers[i]!.toLowerCase();
        const value = headers[i + 1]!.trim();
        // llhttp refuses a length that is not digits; its wording, not ours ("not valid HTTP").
        if (name === 'content-length' && !/^\d{1,15}$/.test(value)) stop();
        // llhttp frames by the last coding ("gzip, chunked" is chunked); http-parser-js only by the whole value.
        if (name === 'transfer-encoding' && /(?:^|,)\s*chunked$/i.test(value)) f.isChunked = true;
      }
      return 0;
    }) as (typeof p)[typeof HTTPParser.kOnHeadersComplete];
    p[HTTPParser.kOnBody] = (_chunk, _offset, length) => {
      bodyBytesRead += length;
    };
    p[HTTPParser.kOnMessageComplete] = () => {
      bodyBytesRead = 0;
    };
    // A size that is not a plain non-negative number (a "-6" chunk, a negative length) would make
    // http-parser-js step backwards through the same bytes for ever: refused before it reads the
    // body (a throw here comes back from execute() as its error), and llhttp words the answer.
    for (const state of ['BODY_CHUNK', 'BODY_SIZED'] as const) {
      const original = f[state];
      (f as { [K in typeof state]: () => void })[state] = function guarded(this: FramingState) {
        if (!(Number.isSafeInteger(this.body_bytes) && this.body_bytes! >= 0)) throw new Error('declared size is not a plain number');
        original.call(this);
      };
    }
    parser = p;
    framing = f;
  };

  const inspect = (chunk: Buffer) => {
    if (!parser || !framing) return;
    if (parser.execute(chunk) instanceof Error || !framing || framing.state === 'BODY_RAW' || framing.line.length > LINE_MAX) {
      stop();
      return;
    }
    const declaring = framing.state === 'BODY_SIZED' || framing.state === 'BODY_CHUNK';
    if (declaring && bodyBytesRead + (framing.body_bytes ?? 0) > capBytes) {
      stop();
      socket.destroy(new errors.ResponseExceededMaxSizeError());
    }
  };

  const read = socket.read;
  socket.read = function readWatched(this: Socket, size?: number) {
    const chunk: unknown = read.call(this, size);
    if (!Buffer.isBuffer(chunk) || chunk.length === 0) return chunk;
    const skip = Math.min(seenAgain, chunk.length);
    seenAgain -= skip;
    // undici calls read() outside its own error handling: nothing of the watch may throw into it.
    try {
      if (skip < chunk.length) inspect(skip === 0 ? chunk : chunk.subarray(skip));
    } catch {
      stop();
    }
    return chunk;
  };
  const unshift = socket.unshift;
  socket.unshift = function unshiftWatched(this: Socket, chunk: Parameters<Socket['unshift']>[0], encoding?: BufferEncoding) {
    if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) seenAgain += chunk.byteLength;
    else if (typeof chunk === 'string') seenAgain += Buffer.byteLength(chunk, encoding);
    return unshift.call(this, chunk, encoding);
  };

  start();
  return start;
}

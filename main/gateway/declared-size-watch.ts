import type { Socket } from 'node:net';
import { HTTPParser } from 'http-parser-js';
import { errors } from 'undici';

/**
 * The framing state http-parser-js keeps on each parser: which part of a message it is reading,
 * and how many body bytes the current part still declares (the rest of a Content-Length body,
 * or of the chunk whose size line it has read). Not in its type declarations; the version is
 * pinned in package.json and declared-size-watch.test.ts fails if these stop meaning that.
 */
interface FramingState {
  readonly state: string;
  readonly body_bytes: number | null;
}

/**
 * Refuses an answer whose declared size is past the cap as soon as the declaration is read: a
 * Content-Length, or the size line of a chunk. undici's parser (llhttp) reports neither a chunk
 * size nor a declared length before the body: it hands over body bytes as they come and its
 * `maxResponseSize` counts only bytes received, so a gateway that declares a 2 GiB chunk and then
 * stalls would hold the request to its deadline (docs/reliability.md, "Answers refused at the head").
 *
 * A second, maintained HTTP parser (http-parser-js) reads the very bytes undici reads from this
 * socket: undici reads its connections with `read()` on 'readable', and this wraps that method on
 * this one socket. The watch only ever refuses, by destroying the socket with undici's own
 * "exceeded max size" error, which undici then hands to the request as it does its own. Where
 * the second parser cannot follow (it refuses bytes llhttp may accept, a body read until the
 * close, an upgrade), it stops watching and undici's limits stand alone.
 */
export function watchDeclaredSizes(socket: Socket, capBytes: number): void {
  const parser = new HTTPParser(HTTPParser.RESPONSE);
  const framing = parser as unknown as FramingState;
  let bodyBytesRead = 0;
  let watching = true;
  parser[HTTPParser.kOnHeadersComplete] = () => {
    bodyBytesRead = 0;
  };
  parser[HTTPParser.kOnBody] = (_chunk, _offset, length) => {
    bodyBytesRead += length;
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    bodyBytesRead = 0;
  };

  const inspect = (chunk: Buffer) => {
    if (parser.execute(chunk) instanceof Error || framing.state === 'BODY_RAW') {
      watching = false;
      return;
    }
    const declaring = framing.state === 'BODY_SIZED' || framing.state === 'BODY_CHUNK';
    if (declaring && bodyBytesRead + (framing.body_bytes ?? 0) > capBytes) {
      watching = false;
      socket.destroy(new errors.ResponseExceededMaxSizeError());
    }
  };

  const read = socket.read;
  socket.read = function readWatched(this: Socket, size?: number) {
    const chunk: unknown = read.call(this, size);
    if (watching && Buffer.isBuffer(chunk) && chunk.length > 0) inspect(chunk);
    return chunk;
  };
}

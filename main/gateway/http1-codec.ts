/**
 * HTTP/1.1 on the wire for the command connection (command-connection.ts): one request out,
 * one response in. Deliberately narrow and strict: it speaks to one kind of server (a
 * CC-Gateway) for small JSON answers, and whatever it does not understand ends the exchange
 * with an error and the connection with it, instead of being guessed at. Node's own client
 * (transport.ts) stays for everything else; this exists because node:https spends ~0.1 ms of
 * JavaScript per request on loopback, as much as the rest of the stop path (issue 6).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpMethod } from './routes';

/** Far above any gateway answer's head; a head this big is not a gateway talking. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** A chunk-size line: hex digits and an extension we ignore. */
const MAX_CHUNK_LINE_BYTES = 1024;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII, spaces and tabs: no CR, LF or other control byte can reach the wire. */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;
const REQUEST_TARGET = /^\/[\x21-\x7e]*$/;
const HOST = /^[\x21-\x7e]+$/;
/** Control bytes other than tab have no business in a response header value. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9][0-9]{2})(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const CONTENT_LENGTH = /^[0-9]{1,15}$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,8})[\t ]*(?:;[\t\x20-\x7e]*)?$/;
const KEEP_ALIVE_TIMEOUT = /(?:^|[\s,])timeout=([0-9]{1,6})(?:$|[\s,])/i;

export class Http1Error extends Error {
  constructor(
    readonly code: 'HPE_INVALID_REQUEST' | 'HPE_INVALID_RESPONSE' | 'HPE_HEADER_OVERFLOW' | 'ECONNRESET',
    message: string,
  ) {
    super(message);
  }
}

export interface Http1Request {
  readonly method: HttpMethod;
  /** Path and query, already encoded. */
  readonly path: string;
  /** The Host header: host[:port] as in the gateway URL. */
  readonly host: string;
  readonly headers: Readonly<Record<string, string>>;
  /** null = no body (Content-Length 0 on POST and PUT, as Node's client sends). */
  readonly body: string | null;
}

/**
 * The request as bytes, checked so nothing in it can split the message: the target, every
 * header name and value. Throws Http1Error; nothing is written then.
 */
export function serializeRequest(request: Http1Request): string {
  if (!REQUEST_TARGET.test(request.path)) throw new Http1Error('HPE_INVALID_REQUEST', 'the request path is not plain visible ASCII');
  if (!HOST.test(request.host)) throw new Http1Error('HPE_INVALID_REQUEST', 'the Host value is not plain ASCII');
  let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\n`;
  for (const name in request.headers) {
    const value = request.headers[name] as string;
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') {
      throw new Http1Error('HPE_INVALID_REQUEST', `the ${name} header is set by the codec, not the caller`);
    }
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) throw new Http1Error('HPE_INVALID_REQUEST', `the ${TOKEN.test(name) ? name : 'a'} header is not plain ASCII`);
    head += `${name}: ${value}\r\n`;
  }
  const body = request.body ?? '';
  if (request.body !== null || request.method === 'POST' || request.method === 'PUT') head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}Connection: keep-alive\r\n\r\n${body}`;
}

export interface Http1Response {
  readonly status: number;
  /** Lower-case names, as Node's IncomingMessage gives them; Set-Cookie as a list, repeats of others joined with ', '. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** True when the connection may carry the next request: HTTP/1.1, no `Connection: close`, nothing left over. */
  readonly reusable: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms, when it sent one. */
  readonly keepAliveTimeoutMs: number | null;
}

export type ReadState =
  | { readonly kind: 'more' }
  | { readonly kind: 'complete'; readonly response: Http1Response }
  | { readonly kind: 'too-large'; readonly limitBytes: number }
  | { readonly kind: 'error'; readonly error: Http1Error };

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'until-close' } | { kind: 'none' };

const MORE: ReadState = { kind: 'more' };

/**
 * Reads one response from the bytes a connection delivers, in whatever pieces they come.
 * Bodies framed by Content-Length, chunked, or (HTTP/1.0 style) the end of the connection;
 * 1xx interim answers are skipped. Conflicting or malformed framing is an error, never a guess:
 * Content-Length together with Transfer-Encoding, two different lengths, a transfer coding
 * other than chunked, folded or nameless header lines.
 */
export class ResponseReader {
  private buffered: Buffer | null = null;
  private head: { status: number; minor: number; headers: IncomingHttpHeaders } | null = null;
  private framing: Framing = { kind: 'none' };
  private readonly parts: Buffer[] = [];
  private size = 0;
  /** In chunked framing: bytes of the current chunk still to come; -1 = a size line is next; -2 = trailers. */
  private chunkLeft = -1;
  private finished: ReadState | null = null;

  constructor(private readonly maxBodyBytes: number) {}

  /** The response head, once it has arrived (for Set-GUID and the time headers arrived). */
  get headers(): IncomingHttpHeaders | null {
    return this.head?.headers ?? null;
  }

  push(chunk: Buffer): ReadState {
    if (this.finished) return this.extraBytes(chunk);
    let data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = null;
    while (data.length > 0 || (this.head && this.framing.kind === 'none')) {
      if (this.head === null) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) {
          // + 3: up to three bytes of a terminator split across pieces may already be here.
          if (data.length > MAX_HEAD_BYTES + 3) return this.fail('HPE_HEADER_OVERFLOW', 'the response head is too large');
          this.buffered = data;
          return MORE;
        }
        if (end > MAX_HEAD_BYTES) return this.fail('HPE_HEADER_OVERFLOW', 'the response head is too large');
        const parsed = this.readHead(data.subarray(0, end).toString('latin1'));
        if (parsed) return parsed;
        data = data.subarray(end + 4);
        continue;
      }
      const step = this.readBody(data);
      if (step.state) return step.state;
      data = step.rest;
    }
    return this.finished ?? MORE;
  }

  /** The connection ended: completes a body framed by the end of the connection, else it was cut short. */
  end(): ReadState {
    if (this.finished) return this.finished;
    if (this.head && this.framing.kind === 'until-close') return this.complete(false);
    return this.fail('ECONNRESET', 'the connection ended before the whole response arrived');
  }

  private readHead(text: string): ReadState | null {
    const lines = text.split('\r\n');
    const status = STATUS_LINE.exec(lines[0] as string);
    if (!status) return this.fail('HPE_INVALID_RESPONSE', 'the response does not start with an HTTP/1.x status line');
    // No prototype: a header named like an Object member (constructor, __proto__) is kept as sent.
    const headers: IncomingHttpHeaders = Object.create(null) as IncomingHttpHeaders;
    const lengths = new Set<string>();
    for (let i = 1; i < lines.length; i += 1) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      const value = line.slice(colon + 1).trim();
      if (!TOKEN.test(name) || CONTROL.test(value)) return this.fail('HPE_INVALID_RESPONSE', 'a response header line is malformed');
      const key = name.toLowerCase();
      if (key === 'content-length') lengths.add(value);
      const known = headers[key];
      if (key === 'set-cookie') headers[key] = [...((known as string[] | undefined) ?? []), value];
      else (headers as Record<string, string>)[key] = known === undefined ? value : `${known as string}, ${value}`;
    }
    const code = Number(status[2]);
    if (code >= 100 && code < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows on the same connection.
      if (code === 101) return this.fail('HPE_INVALID_RESPONSE', 'the server switched protocols');
      return null;
    }
    this.head = { status: code, minor: Number(status[1]), headers };
    const coding = headers['transfer-encoding'];
    if (code === 204 || code === 304) {
      // These never carry a body, whatever their headers say (RFC 9112 §6.3).
      this.framing = { kind: 'none' };
    } else if (coding !== undefined) {
      if (lengths.size > 0) return this.fail('HPE_INVALID_RESPONSE', 'the response declares both Content-Length and Transfer-Encoding');
      if (coding.trim().toLowerCase() !== 'chunked') return this.fail('HPE_INVALID_RESPONSE', `unsupported Transfer-Encoding: ${coding.slice(0, 40)}`);
      this.framing = { kind: 'chunked' };
    } else if (lengths.size > 0) {
      const [only] = lengths;
      if (lengths.size > 1 || !CONTENT_LENGTH.test(only as string)) return this.fail('HPE_INVALID_RESPONSE', 'the Content-Length is not one plain number');
      const declared = Number(only);
      if (declared > this.maxBodyBytes) return this.tooLarge();
      this.framing = declared === 0 ? { kind: 'none' } : { kind: 'length', remaining: declared };
    } else {
      this.framing = { kind: 'until-close' };
    }
    return null;
  }

  private readBody(data: Buffer): { state: ReadState | null; rest: Buffer } {
    const framing = this.framing;
    switch (framing.kind) {
      case 'none':
        return { state: this.complete(true, data.length), rest: Buffer.alloc(0) };
      case 'length': {
        const take = Math.min(framing.remaining, data.length);
        this.append(data.subarray(0, take));
        framing.remaining -= take;
        if (framing.remaining > 0) return { state: MORE, rest: Buffer.alloc(0) };
        return { state: this.complete(true, data.length - take), rest: Buffer.alloc(0) };
      }
      case 'until-close':
        if (!this.append(data)) return { state: this.tooLarge(), rest: Buffer.alloc(0) };
        return { state: MORE, rest: Buffer.alloc(0) };
      case 'chunked':
        return this.readChunked(data);
    }
  }

  private readChunked(data: Buffer): { state: ReadState | null; rest: Buffer } {
    if (this.chunkLeft > 0) {
      const take = Math.min(this.chunkLeft, data.length);
      if (!this.append(data.subarray(0, take))) return { state: this.tooLarge(), rest: Buffer.alloc(0) };
      this.chunkLeft -= take;
      // The chunk's data is followed by CRLF, read as an empty "size line" below.
      if (this.chunkLeft === 0) this.chunkLeft = -3;
      return { state: null, rest: data.subarray(take) };
    }
    const eol = data.indexOf('\r\n');
    if (eol < 0) {
      if (data.length > MAX_CHUNK_LINE_BYTES) return { state: this.fail('HPE_INVALID_RESPONSE', 'a chunk line is too long'), rest: Buffer.alloc(0) };
      this.buffered = data;
      return { state: MORE, rest: Buffer.alloc(0) };
    }
    const line = data.subarray(0, eol).toString('latin1');
    const rest = data.subarray(eol + 2);
    if (this.chunkLeft === -3) {
      if (line !== '') return { state: this.fail('HPE_INVALID_RESPONSE', 'a chunk is longer than its declared size'), rest };
      this.chunkLeft = -1;
      return { state: null, rest };
    }
    if (this.chunkLeft === -2) {
      // Trailer fields are ignored; the empty line ends the message.
      if (line === '') return { state: this.complete(true, rest.length), rest: Buffer.alloc(0) };
      return { state: null, rest };
    }
    const size = CHUNK_SIZE.exec(line);
    if (!size) return { state: this.fail('HPE_INVALID_RESPONSE', 'a chunk size is malformed'), rest };
    const bytes = parseInt(size[1] as string, 16);
    if (this.size + bytes > this.maxBodyBytes) return { state: this.tooLarge(), rest };
    this.chunkLeft = bytes === 0 ? -2 : bytes;
    return { state: null, rest };
  }

  /** False when the body would cross the cap. */
  private append(part: Buffer): boolean {
    if (this.size + part.length > this.maxBodyBytes) return false;
    if (part.length > 0) {
      this.parts.push(part);
      this.size += part.length;
    }
    return true;
  }

  private complete(framed: boolean, leftover = 0): ReadState {
    const head = this.head!;
    const connection = (head.headers.connection ?? '').toLowerCase();
    const hint = KEEP_ALIVE_TIMEOUT.exec(String(head.headers['keep-alive'] ?? ''));
    const response: Http1Response = {
      status: head.status,
      headers: head.headers,
      body: this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.size),
      reusable: framed && leftover === 0 && head.minor === 1 && !/(?:^|,)\s*close\s*(?:,|$)/.test(connection),
      keepAliveTimeoutMs: hint ? Number(hint[1]) * 1000 : null,
    };
    this.finished = { kind: 'complete', response };
    return this.finished;
  }

  /** Bytes after a complete response: nothing was asked for, so the connection is not reused. */
  private extraBytes(chunk: Buffer): ReadState {
    const done = this.finished as ReadState;
    if (done.kind !== 'complete' || chunk.length === 0 || !done.response.reusable) return done;
    this.finished = { kind: 'complete', response: { ...done.response, reusable: false } };
    return this.finished;
  }

  private tooLarge(): ReadState {
    this.finished = { kind: 'too-large', limitBytes: this.maxBodyBytes };
    return this.finished;
  }

  private fail(code: Http1Error['code'], message: string): ReadState {
    this.finished = { kind: 'error', error: new Http1Error(code, message) };
    return this.finished;
  }
}

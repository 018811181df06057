import { describe, expect, it } from 'vitest';
import {
  Http1Error,
  MAX_HEAD_BYTES,
  ResponseReader,
  serializeRequest,
  type Http1Request,
  type Http1Response,
  type ReadState,
} from '../../../main/gateway/http1-codec';

const CAP = 1024;

/** A response as the gateway would write it: status line, header lines, blank line, body. */
function wire(statusLine: string, headerLines: readonly string[], body = ''): Buffer {
  return Buffer.from([statusLine, ...headerLines].map((line) => `${line}\r\n`).join('') + '\r\n' + body, 'utf8');
}

/** Pushes each piece in turn; every state but the last must be 'more'. */
function feed(reader: ResponseReader, ...pieces: Array<string | Buffer>): ReadState {
  let state: ReadState = { kind: 'more' };
  pieces.forEach((piece, index) => {
    state = reader.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    if (index < pieces.length - 1) expect(state, `after piece ${index}`).toEqual({ kind: 'more' });
  });
  return state;
}

function read(bytes: Buffer | string, cap = CAP): ReadState {
  return feed(new ResponseReader(cap), bytes);
}

function oneByteAtATime(bytes: Buffer, cap = CAP): ReadState {
  return feed(new ResponseReader(cap), ...[...bytes].map((byte) => Buffer.from([byte])));
}

function completed(state: ReadState): Http1Response {
  if (state.kind !== 'complete') throw new Error(`expected a complete response, got ${JSON.stringify(state)}`);
  return state.response;
}

function errorCode(state: ReadState): Http1Error['code'] {
  if (state.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(state)}`);
  expect(state.error).toBeInstanceOf(Http1Error);
  return state.error.code;
}

function refusal(request: Partial<Http1Request>): Http1Error['code'] {
  const full: Http1Request = { method: 'POST', path: '/agentgroup/1001/stop', host: '127.0.0.1:8043', headers: {}, body: null, ...request };
  try {
    serializeRequest(full);
  } catch (error) {
    expect(error).toBeInstanceOf(Http1Error);
    return (error as Http1Error).code;
  }
  throw new Error('serializeRequest accepted the request');
}

describe('serializeRequest', () => {
  it('writes a body-less POST with Content-Length 0, Host first and caller headers in order', () => {
    const bytes = serializeRequest({
      method: 'POST',
      path: '/agentgroup/1001/qualitycontrol/stopwhisper?x=1',
      host: '127.0.0.1:8043',
      headers: { 'Content-Type': 'application/json;charset=UTF-8', Accept: 'application/json', 'X-Trace': 'abc' },
      body: null,
    });
    expect(bytes).toBe(
      'POST /agentgroup/1001/qualitycontrol/stopwhisper?x=1 HTTP/1.1\r\n' +
        'Host: 127.0.0.1:8043\r\n' +
        'Content-Type: application/json;charset=UTF-8\r\n' +
        'Accept: application/json\r\n' +
        'X-Trace: abc\r\n' +
        'Content-Length: 0\r\n' +
        'Connection: keep-alive\r\n' +
        '\r\n',
    );
  });

  it('gives a body-less PUT Content-Length 0 too', () => {
    expect(serializeRequest({ method: 'PUT', path: '/p', host: 'h', headers: {}, body: null })).toBe(
      'PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n',
    );
  });

  it.each(['GET', 'DELETE'] as const)('writes a body-less %s without Content-Length', (method) => {
    expect(serializeRequest({ method, path: '/agentgroup/1001/event', host: 'gw:443', headers: { Accept: '*/*' }, body: null })).toBe(
      `${method} /agentgroup/1001/event HTTP/1.1\r\nHost: gw:443\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n`,
    );
  });

  it('declares the UTF-8 byte length of the body, not its character count', () => {
    const body = '{"n":"é€"}';
    expect(body.length).toBe(10);
    const bytes = serializeRequest({ method: 'POST', path: '/p', host: 'h', headers: {}, body });
    expect(bytes).toBe('POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\n{"n":"é€"}');
  });

  it.each([
    ['CRLF', 'a\r\nX-Injected: 1'],
    ['a bare LF', 'a\nb'],
    ['a bare CR', 'a\rb'],
    ['NUL', 'a\0b'],
    ['DEL', 'a\x7fb'],
    ['non-ASCII', 'café'],
  ])('refuses a header value containing %s', (_label, value) => {
    expect(refusal({ headers: { 'X-Value': value } })).toBe('HPE_INVALID_REQUEST');
  });

  it.each([['Bad Name'], ['X:Y'], [''], ['X-A\r\nX-B'], ['Naïve'], ['X(1)']])('refuses the non-token header name %j', (name) => {
    expect(refusal({ headers: { [name]: 'v' } })).toBe('HPE_INVALID_REQUEST');
  });

  it.each([['/a b'], ['/a\r\nX-Injected: 1'], ['/a\nb'], ['a/b'], [''], ['http://gw/a'], ['*'], ['/é']])('refuses the path %j', (path) => {
    expect(refusal({ path })).toBe('HPE_INVALID_REQUEST');
  });

  it.each([[''], ['\r\n'], ['gw\r\nX-Injected: 1'], ['gw\n'], [' '], ['gw 1']])('refuses the host %j', (host) => {
    expect(refusal({ host })).toBe('HPE_INVALID_REQUEST');
  });

  it.each([['Host'], ['host'], ['Content-Length'], ['content-length'], ['Transfer-Encoding'], ['CONNECTION'], ['connection']])(
    'refuses a caller-supplied %s header (the codec owns it)',
    (name) => {
      expect(refusal({ headers: { [name]: 'x' } })).toBe('HPE_INVALID_REQUEST');
    },
  );
});

describe('ResponseReader: Content-Length bodies', () => {
  const json = '{"retcode":"0","message":"é"}';
  const bytes = wire('HTTP/1.1 200 OK', ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(json)}`], json);

  it('reads a whole response pushed in one chunk', () => {
    const response = completed(read(bytes));
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'content-length': '30' });
    expect(response.body.toString('utf8')).toBe(json);
    expect(response.reusable).toBe(true);
    expect(response.keepAliveTimeoutMs).toBeNull();
  });

  it('gives the identical result when the same bytes arrive one at a time', () => {
    const whole = completed(read(bytes));
    const trickled = completed(oneByteAtATime(bytes));
    expect(trickled).toEqual(whole);
    expect(trickled.body.equals(whole.body)).toBe(true);
  });

  it('lower-cases header names and keeps values as sent', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['X-Custom-HEADER: MiXeD Value', 'SET-GUID: JSESSIONID=a=b', 'Content-Length: 0'])));
    expect(response.headers).toEqual({ 'x-custom-header': 'MiXeD Value', 'set-guid': 'JSESSIONID=a=b', 'content-length': '0' });
  });

  it('trims optional whitespace around header values', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['X-A:\t  spaced  \t', 'X-B:tight', 'Content-Length: 0'])));
    expect(response.headers['x-a']).toBe('spaced');
    expect(response.headers['x-b']).toBe('tight');
  });

  it('exposes headers only once the head is complete, before the body is', () => {
    const reader = new ResponseReader(CAP);
    expect(reader.headers).toBeNull();
    expect(reader.push(Buffer.from('HTTP/1.1 200 OK\r\nSet-GUID: JSESSIONID=g\r\nContent-Length: 4\r\n\r'))).toEqual({ kind: 'more' });
    expect(reader.headers).toBeNull();
    expect(reader.push(Buffer.from('\nab'))).toEqual({ kind: 'more' });
    expect(reader.headers).toEqual({ 'set-guid': 'JSESSIONID=g', 'content-length': '4' });
    expect(completed(reader.push(Buffer.from('cd'))).body.toString()).toBe('abcd');
  });

  it("joins repeated headers with ', '", () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['X-A: 1', 'Vary: Accept', 'x-a: 2', 'X-A: 3', 'Content-Length: 0'])));
    expect(response.headers['x-a']).toBe('1, 2, 3');
    expect(response.headers.vary).toBe('Accept');
  });

  it('keeps Set-Cookie as a list, even when sent once', () => {
    const twice = completed(read(wire('HTTP/1.1 200 OK', ['Set-Cookie: a=1; Path=/', 'set-cookie: b=2, c=3', 'Content-Length: 0'])));
    expect(twice.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2, c=3']);
    const once = completed(read(wire('HTTP/1.1 200 OK', ['Set-Cookie: a=1', 'Content-Length: 0'])));
    expect(once.headers['set-cookie']).toEqual(['a=1']);
  });

  it('keeps a header named like an Object.prototype member as sent, as Node does', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['Constructor: x', 'Content-Length: 0'])));
    expect(response.headers['constructor']).toBe('x');
  });

  it('completes Content-Length 0 at once with an empty body', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['Content-Length: 0'])));
    expect(response.body.length).toBe(0);
    expect(response.reusable).toBe(true);
  });

  it('waits for the rest of a body split across pushes', () => {
    const reader = new ResponseReader(CAP);
    const state = feed(reader, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012', '3456', '789');
    expect(completed(state).body.toString()).toBe('0123456789');
  });

  it('reports too-large as soon as the head declares more than the cap, before any body', () => {
    const reader = new ResponseReader(10);
    expect(reader.push(wire('HTTP/1.1 200 OK', ['Content-Length: 11']))).toEqual({ kind: 'too-large', limitBytes: 10 });
    expect(reader.push(Buffer.from('0123456789a'))).toEqual({ kind: 'too-large', limitBytes: 10 });
  });

  it('accepts a body exactly at the cap', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Content-Length: 10'], '0123456789'), 10)).body.toString()).toBe('0123456789');
  });
});

describe('ResponseReader: chunked bodies', () => {
  const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
  const body = '5\r\nhello\r\n7;foo=bar\r\n, world\r\nA\r\n0123456789\r\n0\r\n\r\n';

  it('reads chunks in one push, ignoring extensions and accepting upper-case hex', () => {
    const response = completed(read(head + body));
    expect(response.body.toString()).toBe('hello, world0123456789');
    expect(response.reusable).toBe(true);
  });

  it('reads chunks split at awkward places: inside the size line, before the data CRLF, inside the last chunk', () => {
    const state = feed(
      new ResponseReader(CAP),
      head + '5\r',
      '\nhel',
      'lo',
      '\r',
      '\n7;foo=',
      'bar\r\n, world',
      '\r\nA\r\n0123456789\r\n0',
      '\r\n',
      '\r',
      '\n',
    );
    expect(completed(state).body.toString()).toBe('hello, world0123456789');
  });

  it('gives the identical result one byte at a time', () => {
    expect(completed(oneByteAtATime(Buffer.from(head + body)))).toEqual(completed(read(head + body)));
  });

  it('ignores trailer fields', () => {
    const response = completed(read(head + '3\r\nabc\r\n0\r\nX-Trailer: yes\r\nX-Checksum: 1\r\n\r\n'));
    expect(response.body.toString()).toBe('abc');
    expect(response.headers).toEqual({ 'transfer-encoding': 'chunked' });
    expect(response.reusable).toBe(true);
  });

  it('accepts the coding name in any case', () => {
    expect(completed(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')).body.toString()).toBe('ok');
  });

  it('refuses a chunk longer than its declared size', () => {
    expect(errorCode(read(head + '3\r\nhello\r\n0\r\n\r\n'))).toBe('HPE_INVALID_RESPONSE');
  });

  it('refuses chunk data not followed by CRLF, even split across pushes', () => {
    expect(errorCode(feed(new ResponseReader(CAP), head + '3\r\nabc', 'X', '\r\n0\r\n\r\n'))).toBe('HPE_INVALID_RESPONSE');
  });

  it.each([['zz'], ['-1'], [''], ['0x5'], [' 5'], ['123456789'], ['5 junk'], ['5\x00']])('refuses the chunk size line %j', (line) => {
    expect(errorCode(read(`${head}${line}\r\nhello\r\n0\r\n\r\n`))).toBe('HPE_INVALID_RESPONSE');
  });

  it('refuses a chunk size line that never ends', () => {
    expect(errorCode(read(head + '5;' + 'x'.repeat(2000)))).toBe('HPE_INVALID_RESPONSE');
  });

  it('reports too-large when the chunks add up past the cap, at the size line that crosses it', () => {
    const reader = new ResponseReader(8);
    expect(reader.push(Buffer.from(head + '5\r\nhello\r\n'))).toEqual({ kind: 'more' });
    expect(reader.push(Buffer.from('4\r\n'))).toEqual({ kind: 'too-large', limitBytes: 8 });
  });

  it('reports too-large for one chunk declared above the cap', () => {
    expect(read(head + 'ffffffff\r\n', 8)).toEqual({ kind: 'too-large', limitBytes: 8 });
  });

  it('accepts chunks adding up to exactly the cap', () => {
    expect(completed(read(head + '5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n', 8)).body.toString()).toBe('helloabc');
  });
});

describe('ResponseReader: framing conflicts and malformed heads', () => {
  it.each([['\x01'], ['\x1b[31m'], ['\x7f']])('refuses a header value carrying the control byte %j', (control) => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', [`X-Odd: a${control}b`, 'Content-Length: 0'])))).toBe('HPE_INVALID_RESPONSE');
  });

  it('accepts a tab inside a header value', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['X-Tabbed: a\tb', 'Content-Length: 0']))).headers['x-tabbed']).toBe('a\tb');
  });

  it.each([
    [['Content-Length: 5', 'Transfer-Encoding: chunked']],
    [['Transfer-Encoding: chunked', 'Content-Length: 5']],
  ])('refuses both Content-Length and Transfer-Encoding (%j)', (lines) => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', lines, '5\r\nhello\r\n0\r\n\r\n')))).toBe('HPE_INVALID_RESPONSE');
  });

  it.each([
    [['Transfer-Encoding: gzip']],
    [['Transfer-Encoding: chunked, gzip']],
    [['Transfer-Encoding: gzip, chunked']],
    [['Transfer-Encoding: identity']],
    [['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked']],
  ])('refuses a transfer coding other than a single chunked (%j)', (lines) => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', lines, '0\r\n\r\n')))).toBe('HPE_INVALID_RESPONSE');
  });

  it('refuses two different Content-Length values', () => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', ['Content-Length: 5', 'Content-Length: 6'], 'hello!')))).toBe('HPE_INVALID_RESPONSE');
  });

  it('accepts two identical Content-Length values and reads exactly that many bytes', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['Content-Length: 5', 'Content-Length: 5'], 'hello')));
    expect(response.body.toString()).toBe('hello');
    expect(response.reusable).toBe(true);
  });

  it.each([['abc'], ['-1'], ['+5'], ['0x10'], ['5, 5'], ['5 5'], ['1e3'], [''], ['1234567890123456']])(
    'refuses the Content-Length %j',
    (value) => {
      expect(errorCode(read(wire('HTTP/1.1 200 OK', [`Content-Length: ${value}`], 'hello')))).toBe('HPE_INVALID_RESPONSE');
    },
  );

  it.each([
    ['a line without a colon', 'NoColonHere'],
    ['an obs-fold line starting with a space', ' folded-continuation'],
    ['an obs-fold line starting with a tab', '\tfolded: continuation'],
    ['a name with a space', 'Bad Name: x'],
    ['whitespace before the colon', 'X-A : x'],
    ['an empty name', ': x'],
    ['a bare LF inside a value', 'X-A: a\nX-Injected: 1'],
    ['a bare CR inside a value', 'X-A: a\rb'],
    ['NUL inside a value', 'X-A: a\0b'],
  ])('refuses %s', (_label, line) => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', ['X-Before: 1', line, 'Content-Length: 0'])))).toBe('HPE_INVALID_RESPONSE');
  });

  it.each([
    ['HTTP/2 200 OK'],
    ['HTTP/2.0 200 OK'],
    ['HTTP/1.2 200 OK'],
    ['http/1.1 200 OK'],
    ['ICY 200 OK'],
    [' HTTP/1.1 200 OK'],
    ['HTTP/1.1  200 OK'],
    ['HTTP/1.1 20 OK'],
    ['HTTP/1.1 200OK'],
    ['HTTP/1.1 099 Low'],
  ])('refuses the status line %j', (line) => {
    expect(errorCode(read(wire(line, ['Content-Length: 0'])))).toBe('HPE_INVALID_RESPONSE');
  });

  it('accepts a status line without a reason phrase', () => {
    expect(completed(read(wire('HTTP/1.1 200', ['Content-Length: 0']))).status).toBe(200);
  });

  it('refuses a head growing past MAX_HEAD_BYTES without a terminator', () => {
    const reader = new ResponseReader(CAP);
    const start = 'HTTP/1.1 200 OK\r\nX-Pad: ';
    expect(reader.push(Buffer.from(start + 'a'.repeat(MAX_HEAD_BYTES - start.length)))).toEqual({ kind: 'more' });
    // Four more bytes: even a terminator among them would leave a head over the limit.
    expect(errorCode(reader.push(Buffer.from('aaaa')))).toBe('HPE_HEADER_OVERFLOW');
  });

  it('refuses a complete head longer than MAX_HEAD_BYTES pushed at once', () => {
    expect(errorCode(read(wire('HTTP/1.1 200 OK', [`X-Pad: ${'a'.repeat(MAX_HEAD_BYTES)}`, 'Content-Length: 0'])))).toBe('HPE_HEADER_OVERFLOW');
  });

  it('accepts a head of exactly MAX_HEAD_BYTES however its terminator is split', () => {
    const start = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Pad: ';
    const head = start + 'a'.repeat(MAX_HEAD_BYTES - start.length);
    expect(head.length).toBe(MAX_HEAD_BYTES);
    expect(completed(read(`${head}\r\n\r\nok`)).body.toString()).toBe('ok');
    expect(completed(feed(new ResponseReader(CAP), `${head}\r\n`, '\r\nok')).body.toString()).toBe('ok');
  });
});

describe('ResponseReader: interim 1xx answers', () => {
  const final = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

  it('skips 100 Continue followed by the real answer in the same chunk', () => {
    const response = completed(read('HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n' + final));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('ok');
    expect(response.headers).toEqual({ 'content-length': '2' });
  });

  it('skips 100 Continue followed by the real answer in a later chunk, without exposing interim headers', () => {
    const reader = new ResponseReader(CAP);
    expect(reader.push(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'))).toEqual({ kind: 'more' });
    expect(reader.headers).toBeNull();
    expect(completed(reader.push(Buffer.from(final))).status).toBe(200);
  });

  it('skips several interim answers, one byte at a time', () => {
    const response = completed(oneByteAtATime(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n' + final)));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('ok');
  });

  it('refuses 101 Switching Protocols', () => {
    expect(errorCode(read('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'))).toBe('HPE_INVALID_RESPONSE');
  });
});

describe('ResponseReader: responses without a body', () => {
  it.each([[204], [304]])('completes %s at once with no Content-Length', (status) => {
    const reader = new ResponseReader(CAP);
    const response = completed(reader.push(wire(`HTTP/1.1 ${status} X`, ['ETag: "1"'])));
    expect(response.status).toBe(status);
    expect(response.body.length).toBe(0);
    expect(response.reusable).toBe(true);
  });

  it.each([[204], [304]])('ignores Transfer-Encoding: chunked on %s: complete at once, no body', (status) => {
    const state = read(wire(`HTTP/1.1 ${status} X`, ['Transfer-Encoding: chunked']));
    expect(completed(state)).toMatchObject({ status, reusable: true });
    expect(completed(state).body.length).toBe(0);
  });

  it.each([[204], [304]])('ignores a Content-Length on %s, so body bytes that follow are left over', (status) => {
    const reader = new ResponseReader(CAP);
    const response = completed(reader.push(wire(`HTTP/1.1 ${status} X`, ['Content-Length: 5'])));
    expect(response.body.length).toBe(0);
    expect(response.reusable).toBe(true);
    expect(completed(reader.push(Buffer.from('hello'))).reusable).toBe(false);
  });
});

describe('ResponseReader: bodies framed by the end of the connection', () => {
  it('stays on more until end(), then completes, not reusable', () => {
    const reader = new ResponseReader(CAP);
    expect(feed(reader, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabc', 'def')).toEqual({ kind: 'more' });
    const response = completed(reader.end());
    expect(response.body.toString()).toBe('abcdef');
    expect(response.reusable).toBe(false);
  });

  it('completes an HTTP/1.0 answer with an empty body at end()', () => {
    const reader = new ResponseReader(CAP);
    expect(reader.push(wire('HTTP/1.0 200 OK', []))).toEqual({ kind: 'more' });
    const response = completed(reader.end());
    expect(response.body.length).toBe(0);
    expect(response.reusable).toBe(false);
  });

  it('accepts exactly the cap and reports too-large once it is crossed', () => {
    const reader = new ResponseReader(6);
    expect(reader.push(wire('HTTP/1.0 200 OK', [], 'abcdef'))).toEqual({ kind: 'more' });
    expect(reader.push(Buffer.from('g'))).toEqual({ kind: 'too-large', limitBytes: 6 });
    expect(reader.end()).toEqual({ kind: 'too-large', limitBytes: 6 });
  });
});

describe('ResponseReader: the connection ending early', () => {
  it.each([
    ['before any byte', []],
    ['inside the status line', ['HTTP/1.1 20']],
    ['before the head terminator', ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r']],
    ['after an interim answer', ['HTTP/1.1 100 Continue\r\n\r\n']],
    ['mid Content-Length body', ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel']],
    ['mid chunk', ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel']],
    ['before the last chunk', ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n']],
    ['inside the trailers', ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n']],
  ])('is ECONNRESET %s', (_label, pieces) => {
    const reader = new ResponseReader(CAP);
    for (const piece of pieces) expect(reader.push(Buffer.from(piece))).toEqual({ kind: 'more' });
    expect(errorCode(reader.end())).toBe('ECONNRESET');
  });

  it('keeps a completed response when the connection ends afterwards', () => {
    const reader = new ResponseReader(CAP);
    const response = completed(reader.push(wire('HTTP/1.1 200 OK', ['Content-Length: 2'], 'ok')));
    expect(reader.end()).toEqual({ kind: 'complete', response });
  });

  it('keeps an error once reported, whatever arrives next', () => {
    const reader = new ResponseReader(CAP);
    const failed = reader.push(Buffer.from('HTTP/9 200 OK\r\n\r\n'));
    expect(errorCode(failed)).toBe('HPE_INVALID_RESPONSE');
    expect(reader.push(wire('HTTP/1.1 200 OK', ['Content-Length: 0']))).toBe(failed);
    expect(reader.end()).toBe(failed);
  });
});

describe('ResponseReader: reusable', () => {
  it('is true for a clean HTTP/1.1 answer, with or without Connection: keep-alive', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Content-Length: 2'], 'ok'))).reusable).toBe(true);
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Connection: keep-alive', 'Content-Length: 2'], 'ok'))).reusable).toBe(true);
  });

  it.each([['close'], ['Close'], ['CLOSE'], ['keep-alive, close'], ['close, keep-alive'], ['Keep-Alive,Close'], ['  close  ']])(
    'is false for Connection: %s',
    (value) => {
      const response = completed(read(wire('HTTP/1.1 200 OK', [`Connection: ${value}`, 'Content-Length: 2'], 'ok')));
      expect(response.body.toString()).toBe('ok');
      expect(response.reusable).toBe(false);
    },
  );

  it('is false when close arrives in a second Connection header', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Connection: keep-alive', 'Connection: close', 'Content-Length: 0']))).reusable).toBe(false);
  });

  it('is not fooled by a token that merely contains "close"', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Connection: closed, x-close-later', 'Content-Length: 0']))).reusable).toBe(true);
  });

  it('is false for HTTP/1.0, even with Content-Length and keep-alive', () => {
    const response = completed(read(wire('HTTP/1.0 200 OK', ['Connection: keep-alive', 'Content-Length: 2'], 'ok')));
    expect(response.body.toString()).toBe('ok');
    expect(response.reusable).toBe(false);
  });

  it('is false when extra bytes follow a Content-Length body in the same chunk', () => {
    const response = completed(read(wire('HTTP/1.1 200 OK', ['Content-Length: 2'], 'okHTTP/1.1 200 OK\r\n')));
    expect(response.body.toString()).toBe('ok');
    expect(response.reusable).toBe(false);
  });

  it('is false when extra bytes follow a chunked body in the same chunk', () => {
    const response = completed(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nX'));
    expect(response.body.toString()).toBe('ok');
    expect(response.reusable).toBe(false);
  });

  it('is false when extra bytes follow a body-less answer in the same chunk', () => {
    expect(completed(read(wire('HTTP/1.1 204 No Content', [], 'X'))).reusable).toBe(false);
  });

  it('turns false when bytes are pushed after completion, and an empty push changes nothing', () => {
    const reader = new ResponseReader(CAP);
    const first = completed(reader.push(wire('HTTP/1.1 200 OK', ['Content-Length: 2'], 'ok')));
    expect(first.reusable).toBe(true);
    expect(completed(reader.push(Buffer.alloc(0))).reusable).toBe(true);
    const after = completed(reader.push(Buffer.from('HTTP/1.1 200 OK\r\n')));
    expect(after.reusable).toBe(false);
    expect(after.status).toBe(200);
    expect(after.body.toString()).toBe('ok');
    expect(completed(reader.end()).reusable).toBe(false);
  });
});

describe('ResponseReader: keepAliveTimeoutMs', () => {
  it.each([
    ['timeout=5', 5000],
    ['timeout=5, max=100', 5000],
    ['max=100, timeout=30', 30000],
    ['Timeout=7', 7000],
    ['timeout=abc', null],
    ['max=100', null],
  ])('Keep-Alive: %s → %s', (value, expected) => {
    expect(completed(read(wire('HTTP/1.1 200 OK', [`Keep-Alive: ${value}`, 'Content-Length: 0']))).keepAliveTimeoutMs).toBe(expected);
  });

  it('is null without a Keep-Alive header', () => {
    expect(completed(read(wire('HTTP/1.1 200 OK', ['Connection: keep-alive', 'Content-Length: 0']))).keepAliveTimeoutMs).toBeNull();
  });
});

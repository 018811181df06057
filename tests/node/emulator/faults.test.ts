import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { call, qc, retcodeOf, signIn, sleep, type Answer, emulatorPerTest } from './gateway-http';

/** Every Fault kind, its `times` count, and whether the gateway acted behind it. */

let emu: Emulator;
let guid: string;
emulatorPerTest(
  async (tls) => {
    const started = await startEmulator({ tls, authMode: 'static', pollHoldMs: 20 });
    const inspector = await signIn(started, '101');
    expect(await retcodeOf(qc(started, '101', 'requestwhisperagent', inspector, '?whisperagentid=1002'))).toBe('0');
    return { emu: started, guid: inspector };
  },
  (started) => ({ emu, guid } = started),
);

const stop = (timeoutMs = 3_000, onHeaders?: (status: number) => void): Promise<Answer> =>
  call(emu, 'POST', '/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent', { guid, timeoutMs, ...(onHeaders ? { onHeaders } : {}) });
const whispering = () => emu.control.qcState('101').mode === 'whisper';

describe('fault injection', () => {
  it('refuses a fault kind it does not know instead of silently hanging', () => {
    expect(() => emu.injectFault('requestStopWhisperAgent', { kind: 'stall' } as never)).toThrow('unknown fault kind: stall');
  });

  it('delay: answers after the delay, and the gateway acts', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'delay', ms: 300 });
    const started = Date.now();
    expect((await stop()).json().retcode).toBe('0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(whispering()).toBe(false);
  });

  it('hang: never answers, and the gateway does not act', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'hang' });
    await expect(stop(300)).rejects.toThrow('timeout');
    expect(whispering()).toBe(true);
  });

  it('hang-after-headers: status and headers arrive, the body never does', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'hang-after-headers' });
    let status = 0;
    await expect(stop(400, (s) => (status = s))).rejects.toThrow('timeout');
    expect(status).toBe(200);
  });

  it('slow-body: the whole body arrives, at about the given rate', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'slow-body', bytesPerSecond: 100 });
    const started = Date.now();
    const answer = await stop(5_000);
    expect(answer.json()).toEqual({ message: '', retcode: '0', result: {} });
    // 40 bytes at 100 B/s, in 10-byte steps: about 0.3–0.4 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('reset: the connection drops before any answer, and the gateway does not act', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'reset' });
    await expect(stop()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(whispering()).toBe(true);
  });

  it('reset-mid-body: headers, half a body, then the connection drops; the stop did happen', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'reset-mid-body' });
    let status = 0;
    await expect(stop(3_000, (s) => (status = s))).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
    expect(status).toBe(200);
    expect(whispering()).toBe(false);
  });

  it('reset-after-acting: the stop happens, then the connection drops without a byte of answer', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'reset-after-acting', afterMs: 10 });
    let status = 0;
    await expect(stop(3_000, (s) => (status = s))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(status).toBe(0);
    expect(whispering()).toBe(false);
  });

  it('answer-late: the stop happens at once, its answer comes later', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'answer-late', ms: 300 });
    const answer = stop();
    await sleep(100);
    expect(whispering()).toBe(false);
    expect((await answer).status).toBe(200);
  });

  it('raw-answer: the stop happens, the raw bytes go out first, then the real answer', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'raw-answer', bytes: 'HTTP/1.1 103 Early Hints\r\n\r\n', then: 'answer' });
    const answer = await stop();
    expect(answer.status).toBe(200);
    expect(whispering()).toBe(false);
  });

  it('raw-answer then reset: a head cut short, and the stop did happen', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'raw-answer', bytes: 'HTTP/1.1 200 OK\r\nContent-Ty', then: 'reset' });
    await expect(stop()).rejects.toThrow(/socket hang up|ECONNRESET|Parse Error/);
    expect(whispering()).toBe(false);
  });

  it('http-status with html: a 500 HTML page', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'http-status', status: 500, html: true });
    const answer = await stop();
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
    expect(whispering()).toBe(true);
  });

  it('http-status without html: the status with a JSON body', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'http-status', status: 503 });
    const answer = await stop();
    expect(answer.status).toBe(503);
    expect(answer.json().retcode).toBe('100-007');
  });

  it('invalid-json: a JSON content type over a body that does not parse', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'invalid-json' });
    const answer = await stop();
    expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(() => answer.json()).toThrow(SyntaxError);
    expect(whispering()).toBe(true);
  });

  it('truncated-json: a consistent HTTP answer carrying half the real JSON; the stop did happen', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'truncated-json' });
    const answer = await stop();
    expect(answer.text).toBe('{"message":"","retcode":"0","result":{}}'.slice(0, 20));
    expect(() => answer.json()).toThrow(SyntaxError);
    expect(whispering()).toBe(false);
  });

  it('huge-body: valid JSON of exactly the requested size', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'huge-body', bytes: 2 * 1024 * 1024 });
    const answer = await stop(10_000);
    expect(Buffer.byteLength(answer.text)).toBe(2 * 1024 * 1024);
    expect(answer.json().retcode).toBe('0');
    expect(whispering()).toBe(true);
  });

  it('content-type: the real answer under another content type (or none)', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'content-type', value: 'text/plain' }, 1);
    const answer = await stop();
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.json().retcode).toBe('0');
    expect(whispering()).toBe(false);
    emu.injectFault('requestStopWhisperAgent', { kind: 'content-type', value: '' }, 1);
    expect((await stop()).headers['content-type']).toBeUndefined();
  });

  it('retcode: the chosen code and message, and the gateway does not act', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-003', message: 'resource unavailable' });
    expect((await stop()).json()).toEqual({ message: 'resource unavailable', retcode: '900-003', result: {} });
    expect(whispering()).toBe(true);
  });

  it.each([['{"message":"","result":{}}'], ['{"message":"","retcode":0,"result":{}}'], ['[]']])('raw-body: sends %s verbatim', async (body) => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'raw-body', body });
    expect((await stop()).text).toBe(body);
  });

  it('times: applies to exactly that many requests, then the route is healthy again', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-001' }, 2);
    expect((await stop()).json().retcode).toBe('900-001');
    expect((await stop()).json().retcode).toBe('900-001');
    expect((await stop()).json().retcode).toBe('0');
  });

  it('queues faults on one route in injection order', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-001' }, 1);
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-002' }, 1);
    expect((await stop()).json().retcode).toBe('900-001');
    expect((await stop()).json().retcode).toBe('900-002');
    expect((await stop()).json().retcode).toBe('0');
  });

  it('without times applies until clearFaults', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-001' });
    for (let i = 0; i < 3; i += 1) expect((await stop()).json().retcode).toBe('900-001');
    emu.clearFaults();
    expect((await stop()).json().retcode).toBe('0');
  });

  it('touches only the route it names', async () => {
    emu.injectFault('requestWhisperAgent', { kind: 'retcode', retcode: '900-001' });
    expect((await stop()).json().retcode).toBe('0');
  });

  it('applies to sign-in and polling too, keeping Set-GUID on faults that deliver the real answer', async () => {
    emu.injectFault('getAgentEvent', { kind: 'http-status', status: 502, html: true }, 1);
    expect((await call(emu, 'GET', '/agentgateway/resource/agentevent/101', { guid })).status).toBe(502);
    emu.injectFault('login', { kind: 'content-type', value: 'text/html' }, 1);
    const signedIn = await call(emu, 'PUT', '/agentgateway/resource/onlineagent/102', {
      body: JSON.stringify({ password: 'Inspect0r!', phonenum: '70101' }),
    });
    expect(signedIn.headers['content-type']).toBe('text/html');
    expect(signedIn.setGuid).not.toBeNull();
  });

  it('close() ends hung connections', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'hang' });
    const pending = stop(10_000);
    await sleep(100);
    const closing = emu.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    await closing;
    // The fixture's close after the test finds it closed already, which is harmless.
  });
});

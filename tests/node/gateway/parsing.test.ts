import { describe, expect, it } from 'vitest';
import { normalizePin } from '@main/gateway/client-options';
import { readEnvelope } from '@main/gateway/envelope';
import { readPolledEvent } from '@main/gateway/gateway-event';
import { pollEventRoute, signInRoute, signOutRoute, startWhisperRoute, stopWhisperRoute, switchWhisperRoute } from '@main/gateway/routes';
import { readSignInResult } from '@main/gateway/sign-in';
import { failureFromError } from '@main/gateway/transport-failure';

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('readEnvelope', () => {
  it('accepts a gateway answer and defaults a missing message to ""', () => {
    expect(readEnvelope(200, JSON_HEADERS, body({ retcode: '0', result: { a: 1 } }))).toEqual({
      ok: true,
      envelope: { retcode: '0', message: '', body: { retcode: '0', result: { a: 1 } } },
    });
  });

  it('accepts +json media types and an undeclared type that parses', () => {
    expect(readEnvelope(200, { 'content-type': 'application/vnd.gw+json' }, body({ retcode: '0' })).ok).toBe(true);
    expect(readEnvelope(200, {}, body({ retcode: '0' })).ok).toBe(true);
  });

  it.each([
    [201, JSON_HEADERS, { retcode: '0' }, { ok: true }],
    [302, JSON_HEADERS, { retcode: '0' }, { ok: false, failure: { kind: 'http-status', status: 302 } }],
    [405, JSON_HEADERS, { retcode: '000-002' }, { ok: false, failure: { kind: 'http-status', status: 405 } }],
    [200, { 'content-type': 'text/html' }, '<html/>', { ok: false, failure: { kind: 'not-json', contentType: 'text/html' } }],
    [200, {}, '<html/>', { ok: false, failure: { kind: 'not-json', contentType: null } }],
    [200, JSON_HEADERS, '{"retcode":', { ok: false, failure: { kind: 'bad-shape', detail: 'the body is not valid JSON' } }],
    [200, JSON_HEADERS, 'null', { ok: false, failure: { kind: 'bad-shape', detail: 'the body is not a JSON object' } }],
    [200, JSON_HEADERS, { retcode: null }, { ok: false, failure: { kind: 'bad-shape', detail: 'retcode is a object, not a string' } }],
    [200, JSON_HEADERS, { retcode: '' }, { ok: false, failure: { kind: 'bad-shape' } }],
  ] as const)('HTTP %s %j %j → %j', (status, headers, payload, expected) => {
    expect(readEnvelope(status, headers, body(payload))).toMatchObject(expected);
  });

  it('bounds the gateway message it passes on', () => {
    const checked = readEnvelope(200, JSON_HEADERS, body({ retcode: '100-007', message: 'x'.repeat(10_000) }));
    expect(checked.ok && checked.envelope.message.length).toBe(500);
  });
});

describe('readPolledEvent', () => {
  it.each([[undefined], [null], [{}]])('%j → no event', (value) => {
    expect(readPolledEvent(value)).toEqual({ ok: true, event: null });
  });

  it('reads an event, turning a numeric workNo into a string and keeping eventGenTime', () => {
    expect(readPolledEvent({ eventType: 'AgentOther_BeQcStart', workNo: 1001, content: { qcType: 20172 }, eventGenTime: 5 })).toEqual({
      ok: true,
      event: { eventType: 'AgentOther_BeQcStart', workNo: '1001', content: { qcType: 20172 }, eventGenTime: 5 },
    });
  });

  it.each([['x'], [[1]], [{ eventType: 'E' }], [{ workNo: '1' }]])('%j → bad-shape', (value) => {
    expect(readPolledEvent(value)).toMatchObject({ ok: false, failure: { kind: 'bad-shape' } });
  });
});

describe('readSignInResult', () => {
  it('reads the documented fields, a numeric vdnid as text, anything else as null', () => {
    expect(readSignInResult({ vdnid: 1, workno: '101', mediatype: 'TTF', loginTime: '1', isForceChange: 'false', serverName: 'AgentGateway', timeRemaining: '' })).toEqual({
      vdnid: '1',
      workno: '101',
      mediatype: 'TTF',
      loginTime: '1',
      isForceChange: 'false',
      serverName: 'AgentGateway',
      timeRemaining: '',
    });
    expect(readSignInResult(null).workno).toBeNull();
    expect(readSignInResult({ workno: {} }).workno).toBeNull();
  });
});

describe('routes (protocol §1–§3)', () => {
  it('paths, methods and gateway method names', () => {
    expect(stopWhisperRoute('101')).toEqual({ method: 'requestStopWhisperAgent', http: 'POST', path: '/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent' });
    expect(stopWhisperRoute('101', '1001').path).toBe('/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent?whisperagentid=1001');
    expect(startWhisperRoute('101', '1001')).toEqual({
      method: 'requestWhisperAgent',
      http: 'POST',
      path: '/agentgateway/resource/qualitycontrol/101/requestwhisperagent?whisperagentid=1001',
    });
    expect(switchWhisperRoute('101', 'insert', '1001')).toEqual({
      method: 'requestSwitchInsertWhisperAgent',
      http: 'POST',
      path: '/agentgateway/resource/qualitycontrol/101/requestswitchinsertwhisperagent?whisperagentid=1001&switchtype=1',
    });
    expect(switchWhisperRoute('101', 'listen').path).toBe('/agentgateway/resource/qualitycontrol/101/requestswitchinsertwhisperagent?switchtype=0');
    expect(signInRoute('101', false)).toEqual({ method: 'login', http: 'PUT', path: '/agentgateway/resource/onlineagent/101' });
    expect(signInRoute('101', true)).toEqual({ method: 'forceLogin', http: 'PUT', path: '/agentgateway/resource/onlineagent/101/forcelogin' });
    expect(signOutRoute('101')).toEqual({ method: 'logout', http: 'DELETE', path: '/agentgateway/resource/onlineagent/101/logout' });
    expect(pollEventRoute('101')).toEqual({ method: 'getAgentEvent', http: 'GET', path: '/agentgateway/resource/agentevent/101' });
  });
});

describe('failureFromError', () => {
  const context = { host: 'gw.example', presented: null, pinned: false };
  it.each([
    ['ECONNREFUSED', { kind: 'connection-refused' }],
    ['ECONNRESET', { kind: 'connection-reset' }],
    ['EPIPE', { kind: 'connection-reset' }],
    ['ENOTFOUND', { kind: 'dns', host: 'gw.example' }],
    ['EAI_AGAIN', { kind: 'dns', host: 'gw.example' }],
    ['ERR_TLS_CERT_ALTNAME_INVALID', { kind: 'tls-hostname', host: 'gw.example' }],
    ['CERT_HAS_EXPIRED', { kind: 'tls-expired', validTo: 'an unknown date' }],
    ['SELF_SIGNED_CERT_IN_CHAIN', { kind: 'tls-untrusted', fingerprint256: 'unknown' }],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', { kind: 'tls-untrusted' }],
    ['ERR_GATEWAY_CERT_PIN_MISMATCH', { kind: 'tls-pin-mismatch' }],
    ['ERR_SSL_WRONG_VERSION_NUMBER', { kind: 'tls-other', code: 'ERR_SSL_WRONG_VERSION_NUMBER' }],
    ['EPROTO', { kind: 'tls-other', code: 'EPROTO' }],
    ['ETIMEDOUT', { kind: 'unreachable', code: 'ETIMEDOUT' }],
    ['EHOSTUNREACH', { kind: 'unreachable', code: 'EHOSTUNREACH' }],
    ['UND_ERR_CONNECT_TIMEOUT', { kind: 'unreachable', code: 'UND_ERR_CONNECT_TIMEOUT' }],
    ['UND_ERR_SOCKET', { kind: 'connection-reset' }],
    ['UND_ERR_HEADERS_OVERFLOW', { kind: 'not-http', reason: 'UND_ERR_HEADERS_OVERFLOW' }],
    ['EADDRNOTAVAIL', { kind: 'network', code: 'EADDRNOTAVAIL' }],
  ])('%s → %j', (code, expected) => {
    expect(failureFromError(Object.assign(new Error(code), { code }), context)).toMatchObject(expected);
  });

  it("undici's HTTPParserError (no code) is not-http with llhttp's reason from the message", () => {
    const error = Object.assign(new Error('Response does not match the HTTP/1.1 protocol (Expected LF after CR)'), { name: 'HTTPParserError' });
    expect(failureFromError(error, context)).toEqual({ kind: 'not-http', reason: 'Expected LF after CR' });
  });

  it('an unknown chain under a pin is a pin mismatch; an error without a code is network UNKNOWN', () => {
    expect(failureFromError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, { ...context, pinned: true })).toMatchObject({ kind: 'tls-pin-mismatch' });
    expect(failureFromError(new Error('?'), context)).toEqual({ kind: 'network', code: 'UNKNOWN' });
  });
});

describe('normalizePin', () => {
  const colon = 'AB:'.repeat(31) + 'AB';
  it.each([[colon], [colon.toLowerCase()], ['ab'.repeat(32)], [` ${colon} `]])('%s → Node’s form', (pin) => {
    expect(normalizePin(pin)).toBe(colon);
  });
  it.each([['AB:CD'], ['ZZ'.repeat(32)], ['']])('%s → null', (pin) => {
    expect(normalizePin(pin)).toBeNull();
  });
});

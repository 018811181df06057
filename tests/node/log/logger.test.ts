import { describe, expect, it } from 'vitest';
import { createLogger, formatLogLine, memoryLogSink, nullLogger } from '@main/log/logger';

const GUID = '279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0';

function logged(msg: string, fields?: Parameters<typeof formatLogLine>[1]) {
  const sink = memoryLogSink();
  createLogger(sink).info(msg, fields);
  return sink.lines.join('\n');
}

describe('redaction (the second fence)', () => {
  it.each([
    ['a Guid with the gateway suffix', GUID],
    ['a bare UUID in upper case', '279FE21D-2CAA-4437-84C3-AB9E9DAE20F5'],
    ['a Guid inside a sentence', `session ${GUID} rotated`],
    ['a Set-GUID header value', `JSESSIONID=${GUID}`],
    ['a non-UUID value after JSESSIONID=', 'JSESSIONID=opaque-token-123'],
    ['a Guid header echoed as text', 'Guid: opaque-token-123'],
  ])('%s in a field value is redacted', (_label, value) => {
    const line = logged('call', { note: value });
    expect(line).toContain('[redacted]');
    expect(line).not.toContain('279fe21d');
    expect(line.toLowerCase()).not.toContain('279fe21d');
    expect(line).not.toContain('opaque-token-123');
  });

  it('a Guid in the message itself is redacted', () => {
    const line = logged(`stop failed for ${GUID}`);
    expect(line).toBe('info stop failed for [redacted]');
  });

  it.each(['guid', 'Guid', 'GUID', 'setGuid', 'password', 'Password', 'token', 'serviceToken', 'authorization', 'Authorization'])(
    'any value under the key %s is redacted, whatever it looks like',
    (key) => {
      const line = logged('call', { [key]: 'plain-looking-value', agentId: '101' });
      expect(line).toBe(`info call ${key}=[redacted] agentId=101`);
    },
  );

  it('numbers and booleans under a secret key are redacted too', () => {
    expect(logged('x', { password: 1234, token: true })).toBe('info x password=[redacted] token=[redacted]');
  });

  it('keeps what logs are for: method, agent IDs, retcode, duration', () => {
    expect(logged('requestStopWhisperAgent', { agentId: '101', whisperAgentId: '1001', retcode: '900-004', durationMs: 12 })).toBe(
      'info requestStopWhisperAgent agentId=101 whisperAgentId=1001 retcode=900-004 durationMs=12',
    );
  });

  it('one record stays one line: newlines and spaces in values are quoted, undefined fields dropped', () => {
    const line = logged('multi\nline', { note: 'a b\nfake=1', gone: undefined, empty: '', nothing: null });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('info multi\\nline note="a b\\nfake=1" empty="" nothing=null');
  });

  it('every level reaches the sink with its level; nullLogger swallows everything', () => {
    const sink = memoryLogSink();
    const logger = createLogger(sink);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(sink.lines).toEqual(['debug d', 'info i', 'warn w', 'error e']);
    expect(() => nullLogger.error('anything', { guid: GUID })).not.toThrow();
  });
});

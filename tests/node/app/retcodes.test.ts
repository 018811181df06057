import { describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import type { Failure } from '@app/failures';
import { RETCODES, describeRetcode } from '@app/i18n/retcodes';

/** Every code in the protocol reference §5 (000-xxx, 100-xxx, 110-016, 105-001…007, 900-001…005). */
const PROTOCOL_CODES = [
  ...['001', '002', '003', '004', '005', '006', '007'].map((n) => `000-${n}`),
  ...Array.from({ length: 18 }, (_, i) => `100-${String(i + 1).padStart(3, '0')}`),
  '110-016',
  ...Array.from({ length: 7 }, (_, i) => `105-00${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `900-00${i + 1}`),
];

const CJK = /[\u4e00-\u9fff]/;

describe('retcode catalogue', () => {
  it('explains every code of the protocol reference, and nothing else', () => {
    expect(Object.keys(RETCODES).sort()).toEqual([...PROTOCOL_CODES].sort());
  });

  it.each(PROTOCOL_CODES)('%s has an English and a Simplified Chinese explanation', (code) => {
    const en = describeRetcode(code, 'en');
    const zh = describeRetcode(code, 'zh-CN');
    expect(en).toMatch(/^[A-Za-z].*\.$/);
    expect(en).not.toMatch(CJK);
    expect(zh).toMatch(CJK);
  });

  it('says what to do for an unknown code, quoting the gateway', () => {
    const failure: Failure = { kind: 'retcode', retcode: '123-456', gatewayMessage: 'odd' };
    expect(describeFailure(failure, 'en')).toBe('The gateway answered with unknown code 123-456 (“odd”). Report it to IT with the log.');
    expect(describeFailure(failure, 'zh-CN')).toContain('123-456');
  });
});

describe('describeFailure', () => {
  const samples: Failure[] = [
    { kind: 'validation', field: 'whisperAgentId', problem: 'out-of-range', message: 'Target agent ID 60000 is outside the allowed range 101–59999.' },
    { kind: 'retcode', retcode: '900-004', gatewayMessage: '' },
    { kind: 'http-status', status: 502 },
    { kind: 'not-json', contentType: 'text/html' },
    { kind: 'bad-shape', detail: 'retcode is missing' },
    { kind: 'too-large', limitBytes: 1_048_576 },
    { kind: 'connection-refused' },
    { kind: 'connection-reset' },
    { kind: 'dns', host: 'cc-gw.example' },
    { kind: 'tls-untrusted', subject: 'CN=gw', fingerprint256: 'AA:BB' },
    { kind: 'tls-pin-mismatch', subject: 'CN=gw', fingerprint256: 'AA:BB' },
    { kind: 'tls-hostname', host: 'gw2', subject: 'CN=gw' },
    { kind: 'tls-expired', subject: 'CN=gw', validTo: '2020-01-01' },
    { kind: 'tls-other', code: 'EPROTO' },
    { kind: 'timeout', timeoutMs: 5000 },
    { kind: 'network', code: 'EADDRNOTAVAIL' },
    { kind: 'unreachable', code: 'ETIMEDOUT' },
    { kind: 'not-http', reason: 'Expected LF after CR' },
    { kind: 'not-signed-in' },
    { kind: 'not-configured', detail: { en: 'set the gateway URL in settings.', 'zh-CN': '请在设置中填写网关地址。' } },
    { kind: 'keychain', detail: 'no Secret Service' },
  ];

  it.each(samples.map((f) => [f.kind, f] as const))('words %s in both languages', (_kind, failure) => {
    const en = describeFailure(failure, 'en');
    const zh = describeFailure(failure, 'zh-CN');
    expect(en.length).toBeGreaterThan(10);
    expect(zh.length).toBeGreaterThan(5);
    if (failure.kind !== 'validation') expect(zh).toMatch(CJK);
  });

  it('an answer the parser refused says the gateway answered, with the parser\'s reason, never "a network error"', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const text = describeFailure({ kind: 'not-http', reason: 'Expected LF after CR' }, language);
      expect(text).toContain('Expected LF after CR');
      expect(text).not.toMatch(/network error|网络错误/);
    }
    expect(describeFailure({ kind: 'not-http', reason: 'x' }, 'en')).toMatch(/gateway answered/);
    expect(describeFailure({ kind: 'unreachable', code: 'ETIMEDOUT' }, 'en')).toMatch(/could not be reached \(ETIMEDOUT\)/);
  });

  it('names the certificate and how to trust it when TLS is untrusted', () => {
    const text = describeFailure({ kind: 'tls-untrusted', subject: 'CN=cc-gw.example', fingerprint256: '12:34' }, 'en');
    expect(text).toContain('CN=cc-gw.example');
    expect(text).toContain('12:34');
    expect(text).toMatch(/CA file|pin/);
  });

  it('uses the catalogue for known retcodes', () => {
    expect(describeFailure({ kind: 'retcode', retcode: '100-006', gatewayMessage: 'x' }, 'en')).toBe(describeRetcode('100-006', 'en'));
  });
});

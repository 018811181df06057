import type { Fault } from '@emulator/index';
import type { FailureKind } from '@app/failures';
import { useGatewayFixture, type GatewayFixture } from './gateway-fixture';

/** The client's per-call timeout in the fault tests. */
export const TIMEOUT_MS = 1500;

/** Every way the gateway can misbehave on a stop, with the typed failure it must end in (fault-matrix.test.ts). */
export const STOP_FAULTS: ReadonlyArray<[label: string, kind: FailureKind, fault: Fault, detail?: Record<string, unknown>]> = [
  ['hang (no answer at all)', 'timeout', { kind: 'hang' }, { timeoutMs: TIMEOUT_MS }],
  ['hang after headers', 'timeout', { kind: 'hang-after-headers' }, { timeoutMs: TIMEOUT_MS }],
  ['slow body (the timeout covers the whole call)', 'timeout', { kind: 'slow-body', bytesPerSecond: 8 }, { timeoutMs: TIMEOUT_MS }],
  ['delay beyond the timeout', 'timeout', { kind: 'delay', ms: TIMEOUT_MS + 2000 }, { timeoutMs: TIMEOUT_MS }],
  ['reset before answering', 'connection-reset', { kind: 'reset' }],
  ['reset mid-body', 'connection-reset', { kind: 'reset-mid-body' }],
  ['HTTP 500 with an HTML page', 'http-status', { kind: 'http-status', status: 500, html: true }, { status: 500 }],
  ['HTTP 502 with an HTML page', 'http-status', { kind: 'http-status', status: 502, html: true }, { status: 502 }],
  ['HTTP 503 with an HTML page', 'http-status', { kind: 'http-status', status: 503, html: true }, { status: 503 }],
  ['HTTP 404', 'http-status', { kind: 'http-status', status: 404 }, { status: 404 }],
  ['HTTP 500 with a JSON body', 'http-status', { kind: 'http-status', status: 500 }, { status: 500 }],
  ['invalid JSON', 'bad-shape', { kind: 'invalid-json' }, { detail: 'the body is not valid JSON' }],
  ['truncated JSON', 'bad-shape', { kind: 'truncated-json' }, { detail: 'the body is not valid JSON' }],
  ['a 10 MiB body', 'too-large', { kind: 'huge-body', bytes: 10 * 1024 * 1024 }, { limitBytes: 1024 * 1024 }],
  ['HTML content type', 'not-json', { kind: 'content-type', value: 'text/html;charset=UTF-8' }, { contentType: 'text/html;charset=UTF-8' }],
  ['plain-text content type', 'not-json', { kind: 'content-type', value: 'text/plain' }, { contentType: 'text/plain' }],
  ['an HTML page at 200', 'bad-shape', { kind: 'raw-body', body: '<html><body>Login</body></html>' }],
  ['retcode missing', 'bad-shape', { kind: 'raw-body', body: '{"message":"","result":{}}' }, { detail: 'retcode is missing' }],
  ['retcode numeric', 'bad-shape', { kind: 'raw-body', body: '{"message":"","retcode":0,"result":{}}' }, { detail: 'retcode is a number, not a string' }],
  ['retcode not in the gateway format', 'bad-shape', { kind: 'raw-body', body: '{"retcode":"<b>0</b>"}' }],
  ['a JSON array', 'bad-shape', { kind: 'raw-body', body: '[]' }, { detail: 'the body is not a JSON object' }],
  ['retcode unknown', 'retcode', { kind: 'raw-body', body: '{"message":"?","retcode":"123-456","result":{}}' }, { retcode: '123-456' }],
];


export interface FaultRig {
  readonly fx: GatewayFixture;
  /** Inspector 101's Guid, signed in once for the whole file. */
  readonly guid: string;
}

/**
 * The fault tests' shared setup (useGatewayFixture): one emulator (polls held 300 ms), a client
 * with TIMEOUT_MS, inspector 101 signed in once; faults and log lines cleared before each test.
 * Read the fields inside tests (they are set once beforeAll has run).
 */
export function useFaultRig(): FaultRig {
  const rig = {} as { fx: GatewayFixture; guid: string };
  useGatewayFixture({ emulator: { pollHoldMs: 300 }, client: { timeoutMs: TIMEOUT_MS } }, (fx, guid) => Object.assign(rig, { fx, guid }));
  return rig;
}

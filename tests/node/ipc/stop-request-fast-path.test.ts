import { describe, expect, it } from 'vitest';
import { createRequestSchemas, fastStopRequest, parseRequest } from '../../../main/ipc/request-schemas';
import { isTrustedSender } from '../../../main/ipc/sender';

const BOUND = 59999;
const schemas = createRequestSchemas({ agentIdUpperBound: BOUND });

/** Inputs a renderer could send for 'whisper:stop', well-formed or not. */
const inputs: [string, unknown][] = [
  ['nothing', undefined],
  ['empty object', {}],
  ['a valid target', { whisperAgentId: '1001' }],
  ['the highest target', { whisperAgentId: '59999' }],
  ['a target over the bound', { whisperAgentId: '60000' }],
  ['a target under the minimum', { whisperAgentId: '100' }],
  ['a leading zero', { whisperAgentId: '01001' }],
  ['a number, not a string', { whisperAgentId: 1001 }],
  ['an empty target', { whisperAgentId: '' }],
  ['an explicitly undefined target', { whisperAgentId: undefined }],
  ['a null target', { whisperAgentId: null }],
  ['an unknown key', { whisperAgentId: '1001', extra: true }],
  ['only an unknown key', { guid: 'x' }],
  ['an own __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['a symbol key', { [Symbol('s')]: 1 }],
  ['an array', []],
  ['null', null],
  ['a string', '1001'],
  ['a class instance', new (class Request { whisperAgentId = '1001'; })()],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { whisperAgentId: '1001' })],
];

describe("'whisper:stop' validation fast path", () => {
  it.each(inputs)('%s: same verdict and output as the zod schema', (_label, input) => {
    const viaZod = schemas['whisper:stop'].safeParse(input);
    const fast = fastStopRequest(input, BOUND);
    // The fast path only ever accepts; everything it does not accept goes to zod unchanged.
    if (fast !== null) expect(viaZod).toMatchObject({ success: true, data: fast });
    const parsed = parseRequest(schemas, BOUND, 'whisper:stop', input);
    expect(parsed.success).toBe(viaZod.success);
    if (parsed.success && viaZod.success) expect(parsed.data).toEqual(viaZod.data);
  });

  it('takes the usual shapes without zod', () => {
    expect(fastStopRequest(undefined, BOUND)).toEqual({});
    expect(fastStopRequest({}, BOUND)).toEqual({});
    expect(fastStopRequest({ whisperAgentId: '1001' }, BOUND)).toEqual({ whisperAgentId: '1001' });
    expect(fastStopRequest({ whisperAgentId: '1001', extra: 1 }, BOUND)).toBeNull();
  });
});

describe('IPC sender check: remembered answers', () => {
  it('a URL trusted under a dev server is not trusted without it, and refusals are never remembered', () => {
    const dev = { devServerUrl: 'http://localhost:5173' };
    const page = { url: 'http://localhost:5173/index.html', isMainFrame: true };
    expect(isTrustedSender(page, dev)).toBe(true);
    expect(isTrustedSender(page, dev)).toBe(true);
    expect(isTrustedSender(page)).toBe(false);
    expect(isTrustedSender({ ...page, isMainFrame: false }, dev)).toBe(false);
    const app = { url: 'app://whisper-control/index.html', isMainFrame: true };
    expect(isTrustedSender(app)).toBe(true);
    expect(isTrustedSender({ ...app, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'app://whisper-control.evil/index.html', isMainFrame: true })).toBe(false);
  });
});

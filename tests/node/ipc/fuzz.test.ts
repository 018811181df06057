/**
 * IPC fuzzing: for every request channel, at least 10,000 generated
 * payloads go through the real handler (sender check + schema) into real
 * services whose session is signed out against the real emulator. Each payload
 * is either refused with a typed validation failure before any service is
 * reached, or accepted only when it is valid. Three kinds of payload:
 * - valid: built from the contract's rules, must be accepted;
 * - near-valid: a valid request with one field broken or one key added, must be refused;
 * - junk: anything at all (wrong types, huge strings, deep nesting, __proto__ and
 *   constructor keys, NaN, ±Infinity, negative and fractional numbers, unicode digits),
 *   accepted exactly when the channel's schema accepts it.
 * Services that would write files or open a connection for an accepted payload
 * (save settings, test connection, sign-in, exports, open folder) are replaced by
 * recorders: what is fuzzed is the boundary, and the recorders prove that only
 * schema-valid requests get through it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '@app/ipc-contract';
import { REFUSAL_SHAPED_CHANNELS } from '@app/ipc-refusal';
import type { InspectorActions } from '@main/actions/whisper-actions';
import { createIpcHandlers, type IpcHandlers } from '@main/ipc/handlers';
import { createRequestSchemas } from '@main/ipc/request-schemas';
import type { AppServices } from '@main/compose';
import { PANEL_SENDER, startHarness, type Harness } from './harness';
import { recordFigures } from '@support/figures';

const RUNS_PER_CHANNEL = 10_000;
const SEED = 20261124;

type Kind = 'valid' | 'near-valid' | 'junk';
interface Payload {
  readonly kind: Kind;
  readonly value: unknown;
}

let h: Harness;
let handlers: IpcHandlers;
let reached: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const figures: Record<string, Record<Kind | 'accepted' | 'refused', number> & { ms: number }> = {};

function record<T>(name: string, answer: () => Promise<T> | T): () => Promise<T> {
  return async () => {
    reached.push(name);
    return answer();
  };
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  h = await startHarness();
  const real = h.services;
  const actionResult = { ok: true, action: 'sign-in', target: null, retcode: '0', gatewayMessage: '', durationMs: 0 } as const;
  const actions: InspectorActions = {
    stop: (r) => (reached.push('stop'), real.actions.stop(r)),
    backToListen: (r) => (reached.push('backToListen'), real.actions.backToListen(r)),
    start: (r) => (reached.push('start'), real.actions.start(r)),
    switchMode: (r) => (reached.push('switchMode'), real.actions.switchMode(r)),
    listen: (r) => (reached.push('listen'), real.actions.listen(r)),
    insert: (r) => (reached.push('insert'), real.actions.insert(r)),
    intercept: (r) => (reached.push('intercept'), real.actions.intercept(r)),
    signOut: (r) => (reached.push('signOut'), real.actions.signOut(r)),
    signIn: record('signIn', () => actionResult),
  };
  const services: AppServices = {
    ...real,
    actions,
    snapshot: () => (reached.push('snapshot'), real.snapshot()),
    roster: () => (reached.push('roster'), real.roster()),
    settingsView: () => (reached.push('settingsView'), real.settingsView()),
    history: () => (reached.push('history'), real.history()),
    forwardingStatus: () => (reached.push('forwardingStatus'), real.forwardingStatus()),
    saveSettings: record('saveSettings', () => ({ ok: true as const, view: real.settingsView() })),
    testConnection: record('testConnection', () => ({ ok: true, durationMs: 0, certificate: null, failure: null })),
    exportHistoryCsv: record('exportHistoryCsv', () => ({ ok: true, path: '/tmp/x.csv' })),
    exportDiagnostics: record('exportDiagnostics', () => ({ ok: true, path: '/tmp/x.json' })),
    openLogsFolder: record('openLogsFolder', () => ({ ok: true })),
  };
  handlers = createIpcHandlers(services);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await h.close();
  recordFigures('ipc-fuzz', { seed: SEED, figures });
});

// ---------- generators ----------

const agentIdBound = 59999;
const validAgentId = fc.integer({ min: 101, max: agentIdBound }).map(String);

const specialNumbers = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, -101, 0.5, 1001.5, 1e21, Number.MAX_SAFE_INTEGER + 2, 1002);
const unicodeDigits = fc.constantFrom('١٠١', '١٠٠٢', '１００２', '१००२', '۱۰۰۲', '1002\u200b', '\u202e1002', ' 1002', '1002 ', '01002', '1e3', '+1002', '-1002', '1002.0', '0x3ea', '1_002', '１０１');
const hugeString = fc.integer({ min: 64 * 1024, max: 1024 * 1024 }).chain((n) => fc.constantFrom('1', 'x', '٩', '"').map((c) => c.repeat(n)));
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = '1002';
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { whisperAgentId: value };
  return value;
});
const protoKeyed = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"__proto__": {"whisperAgentId": "1002"}, "whisperAgentId": "1002"}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  JSON.parse('{"changes": {"__proto__": {"bargeGuard": false}}}'),
  JSON.parse('{"changes": {"constructor": {"prototype": {"polluted": true}}}}'),
  { constructor: 'x' },
  { toString: 'x' },
  { hasOwnProperty: 1 },
  Object.assign(Object.create(null), { whisperAgentId: '1002', extra: 1 }),
);
const wrongTypes = fc.oneof(
  fc.constantFrom(null, true, false, 0, '', [], 'stop', Symbol.for('x').description, new Date(0), new Map(), new Set(), new Uint8Array(4)),
  specialNumbers,
  fc.bigInt(),
  fc.string(),
  fc.array(fc.anything(), { maxLength: 5 }),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }) },
  { weight: 3, arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'whisperAgentId', 'password', 'mode', 'changes', 'confirmed', 'force')), fc.oneof(wrongTypes, unicodeDigits, validAgentId), { maxKeys: 4 }) },
  { weight: 2, arbitrary: wrongTypes },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: protoKeyed },
  { weight: 1, arbitrary: hugeString },
);

/** Values no agent-ID field accepts. */
const badAgentId = fc.oneof(unicodeDigits, specialNumbers, fc.constantFrom('', '100', '60000', '999999', '0', 'abc', null, true, {}, []), hugeString, deepNesting, fc.string().filter((s) => !/^[1-9][0-9]{0,4}$/.test(s) || Number(s) < 101 || Number(s) > agentIdBound));
const badBoolean = fc.oneof(fc.constantFrom('true', 'false', 1, 0, null, 'yes', [], {}), specialNumbers, unicodeDigits);
const badMode = fc.oneof(fc.constantFrom('LISTEN', 'barge', 'stop', 0, 1, 2, '0', '1', '2', null, '', 'whisper ', []), specialNumbers, fc.string().filter((s) => !['listen', 'insert', 'whisper'].includes(s)));
const badPassword = fc.oneof(fc.constantFrom('', null, 123456, [], {}), specialNumbers, fc.string({ minLength: 33, maxLength: 200 }), hugeString);
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'guid', 'Guid', 'password', 'toString', 'trigger', 'agentId'), fc.string({ minLength: 1 }));

const validSettingsChanges = fc.record(
  {
    language: fc.constantFrom('system', 'en', 'zh-CN'),
    reminderAfterMinutes: fc.integer({ min: 0, max: 240 }),
    reminderRepeatMinutes: fc.integer({ min: 1, max: 120 }),
    bargeGuard: fc.boolean(),
    startAtLogin: fc.boolean(),
    requestTimeoutMs: fc.integer({ min: 1000, max: 60000 }),
    agentIdUpperBound: fc.constantFrom(59999, 999999),
    stopShortcut: fc.constantFrom('CommandOrControl+Alt+S', 'Alt+F9', null),
    gatewayUrl: fc.constantFrom('https://gw.example:8043', 'https://10.0.0.5:8043', null),
    phoneNumber: fc.stringMatching(/^[0-9]{1,24}$/),
    certificatePin: fc.constantFrom(null, Array.from({ length: 32 }, () => 'AB').join(':')),
  },
  { requiredKeys: [] },
);
const badSettingsChanges = fc.oneof(
  fc.constantFrom<unknown>(
    { password: 'Inspect0r!' }, { guid: 'x' }, { language: 'fr' }, { reminderAfterMinutes: 1.5 }, { reminderAfterMinutes: -1 }, { reminderRepeatMinutes: 0 },
    { requestTimeoutMs: Number.POSITIVE_INFINITY }, { requestTimeoutMs: Number.NaN }, { agentIdUpperBound: 60000 }, { gatewayUrl: 'http://gw.example:8043' },
    { gatewayUrl: 'https://user:pw@gw.example' }, { phoneNumber: '７０１０１' }, { phoneNumber: '701-01' }, { certificatePin: 'AB:CD' }, { bargeGuard: 'false' },
    { stopShortcut: 'S' }, { reminderAfterMinutes: '٥' }, JSON.parse('{"__proto__": {"bargeGuard": false}}'), { constructor: {} }, null, [], 'changes', 5,
  ),
  fc.tuple(validSettingsChanges, extraKey, wrongTypes).map(([valid, key, value]) => {
    const copy: Record<string, unknown> = { ...valid };
    Object.defineProperty(copy, key === 'language' ? 'languages' : key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  }).filter((v) => Object.keys(v).some((k) => !(k in { language: 1, reminderAfterMinutes: 1, reminderRepeatMinutes: 1, bargeGuard: 1, startAtLogin: 1, requestTimeoutMs: 1, agentIdUpperBound: 1, stopShortcut: 1, gatewayUrl: 1, phoneNumber: 1, certificatePin: 1, agentId: 1, caFile: 1, backToListenShortcut: 1 }))),
);

/** Adds an own enumerable key, even `__proto__`, the way JSON.parse or a structured clone would. */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

interface ChannelGenerators {
  readonly valid: fc.Arbitrary<unknown>;
  readonly nearValid: fc.Arbitrary<unknown>;
}

const emptyChannel: ChannelGenerators = {
  valid: fc.constantFrom(undefined, {}),
  nearValid: fc.tuple(extraKey, fc.oneof(wrongTypes, validAgentId)).map(([key, value]) => withKey({}, key, value)),
};

function fieldChannel(validArb: fc.Arbitrary<Record<string, unknown>>, breakers: Record<string, fc.Arbitrary<unknown>>, required: readonly string[]): ChannelGenerators {
  const fields = Object.keys(breakers);
  return {
    valid: validArb,
    nearValid: fc.oneof(
      fc.tuple(validArb, fc.constantFrom(...fields)).chain(([valid, field]) => breakers[field]!.map((bad) => withKey(valid, field, bad))),
      fc.tuple(validArb, extraKey, fc.oneof(wrongTypes, validAgentId)).map(([valid, key, value]) => withKey(valid, key in valid ? `${key}_` : key, value)),
      ...(required.length > 0 ? [fc.tuple(validArb, fc.constantFrom(...required)).map(([valid, field]) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field)))] : []),
    ),
  };
}

const GENERATORS: Record<RequestChannel, ChannelGenerators> = {
  'whisper:stop': {
    ...fieldChannel(fc.record({ whisperAgentId: validAgentId }, { requiredKeys: [] }), { whisperAgentId: badAgentId }, []),
    valid: fc.oneof(fc.constant(undefined), fc.record({ whisperAgentId: validAgentId }, { requiredKeys: [] })),
  },
  'whisper:start': fieldChannel(fc.record({ whisperAgentId: validAgentId }), { whisperAgentId: badAgentId }, ['whisperAgentId']),
  'whisper:switch': fieldChannel(
    fc.record({ mode: fc.constantFrom('listen', 'insert', 'whisper'), whisperAgentId: validAgentId, confirmed: fc.boolean() }, { requiredKeys: ['mode'] }),
    { mode: badMode, whisperAgentId: badAgentId, confirmed: badBoolean },
    ['mode'],
  ),
  'whisper:back-to-listen': emptyChannel,
  'whisper:listen': fieldChannel(fc.record({ whisperAgentId: validAgentId }), { whisperAgentId: badAgentId }, ['whisperAgentId']),
  'whisper:insert': fieldChannel(fc.record({ whisperAgentId: validAgentId, confirmed: fc.boolean() }, { requiredKeys: ['whisperAgentId'] }), { whisperAgentId: badAgentId, confirmed: badBoolean }, ['whisperAgentId']),
  'whisper:intercept': fieldChannel(fc.record({ whisperAgentId: validAgentId, confirmed: fc.boolean() }, { requiredKeys: ['whisperAgentId'] }), { whisperAgentId: badAgentId, confirmed: badBoolean }, ['whisperAgentId']),
  'roster:get': emptyChannel,
  'session:get-state': emptyChannel,
  'session:sign-in': fieldChannel(
    fc.record({ password: fc.string({ minLength: 1, maxLength: 32 }), force: fc.boolean() }, { requiredKeys: ['password'] }),
    { password: badPassword, force: badBoolean },
    ['password'],
  ),
  'session:sign-out': emptyChannel,
  'settings:get': emptyChannel,
  'settings:save': fieldChannel(fc.record({ changes: validSettingsChanges }), { changes: badSettingsChanges }, ['changes']),
  'settings:test-connection': {
    ...fieldChannel(fc.record({ changes: validSettingsChanges }, { requiredKeys: [] }), { changes: badSettingsChanges }, []),
    valid: fc.oneof(fc.constant(undefined), fc.record({ changes: validSettingsChanges }, { requiredKeys: [] })),
  },
  'history:get': emptyChannel,
  'history:export-csv': emptyChannel,
  'app:open-logs-folder': emptyChannel,
  'app:export-diagnostics': emptyChannel,
  'audit-forwarding:get-status': emptyChannel,
};

function payloads(channel: RequestChannel): fc.Arbitrary<Payload> {
  const g = GENERATORS[channel];
  return fc.oneof(
    { weight: 3, arbitrary: g.valid.map((value) => ({ kind: 'valid' as const, value })) },
    { weight: 4, arbitrary: g.nearValid.map((value) => ({ kind: 'near-valid' as const, value })) },
    { weight: 4, arbitrary: junk.map((value) => ({ kind: 'junk' as const, value })) },
  );
}

// ---------- the property ----------

const schemas = createRequestSchemas({ agentIdUpperBound: agentIdBound });
const refusalShaped = new Set<string>(REFUSAL_SHAPED_CHANNELS);

/** A refusal in the channel's own shape, as the handler contract promises. */
function isTypedRefusal(channel: RequestChannel, response: unknown): boolean {
  const r = response as Record<string, unknown>;
  if (refusalShaped.has(channel)) {
    return r['ok'] === false && r['refused'] === 'invalid-request' && (r['failure'] as { kind?: unknown })?.kind === 'validation';
  }
  if (channel === 'settings:save') {
    const errors = r['errors'] as { key?: unknown; message?: unknown }[];
    return r['ok'] === false && Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e.key === 'string' && typeof e.message === 'string' && e.message.length > 0);
  }
  const failure = r['failure'] as { kind?: unknown; message?: unknown; field?: unknown };
  return r['ok'] === false && failure?.kind === 'validation' && typeof failure.message === 'string' && failure.message.length > 0 && failure.message.length <= 300 && typeof failure.field === 'string' && r['needsConfirmation'] === undefined;
}

describe('IPC fuzzing', () => {
  it.each([...REQUEST_CHANNELS])('%s: 10,000 generated payloads, each refused with a typed failure or accepted only when valid', async (channel) => {
    const counts = { valid: 0, 'near-valid': 0, junk: 0, accepted: 0, refused: 0, ms: 0 };
    let throws = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(payloads(channel), async ({ kind, value }) => {
        counts[kind] += 1;
        reached = [];
        let response: unknown;
        try {
          response = await handlers[channel](value, PANEL_SENDER);
        } catch {
          throws += 1;
          return false;
        }
        structuredClone(response); // plain data that can cross IPC
        const accepted = reached.length > 0;
        counts[accepted ? 'accepted' : 'refused'] += 1;
        if (reached.length > 1) return false;
        const schemaAccepts = schemas[channel].safeParse(value).success;
        if (kind === 'valid' && !accepted) return false;
        if (kind === 'near-valid' && accepted) return false;
        if (accepted !== schemaAccepts) return false;
        if (!accepted && !isTypedRefusal(channel, response)) return false;
        const notAnObject = value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value));
        if (notAnObject && accepted) return false;
        return h.emulator.journal.length === 0;
      }),
      { numRuns: RUNS_PER_CHANNEL, seed: SEED, endOnFailure: true },
    );
    counts.ms = Math.round(performance.now() - started);
    figures[channel] = counts;
    expect(throws).toBe(0);
    expect(counts.valid + counts['near-valid'] + counts.junk).toBeGreaterThanOrEqual(RUNS_PER_CHANNEL);
    expect(counts.valid).toBeGreaterThan(1000);
    expect(counts['near-valid']).toBeGreaterThan(1000);
    expect(h.emulator.journal).toEqual([]);
  }, 240_000);

  it('left no unhandled rejection or exception, no prototype pollution, and no gateway request', () => {
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'whisperAgentId')).toBe(false);
    expect(h.emulator.journal).toEqual([]);
    expect(h.services.settings().bargeGuard).toBe(true);
  });
});

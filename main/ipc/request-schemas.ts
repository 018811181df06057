/**
 * One zod schema per request channel of app/ipc-contract.ts. Every object is
 * strict (unknown keys, including `__proto__` and `constructor`, are refused
 * rather than copied), agent IDs go through app/agent-id.ts, and settings
 * changes through the settings schema of main/settings.
 */
import { z } from 'zod';
import { checkAgentId, type AgentIdField } from '../../app/agent-id';
import type { RequestChannel, RequestOf } from '../../app/ipc-contract';
import type { Settings } from '../../app/settings';
import { SWITCH_TYPE, type WhisperMode } from '../../app/whisper';
import { partialSettingsSchema } from '../settings/schema';

/** Protocol §2.1: the CTI work-number password is at most 32 characters. */
export const PASSWORD_MAX_LENGTH = 32;

export interface RequestSchemaOptions {
  /** 59999 for 2023/2024 gateways, up to 999999 for 2025 editions (settings.agentIdUpperBound). */
  readonly agentIdUpperBound: number;
}

/** The settings module's own boundary: strict, each field with its own message (a password key is refused by name). */
const settingsChanges: z.ZodType<Partial<Settings>> = partialSettingsSchema;

export type RequestSchemas = { readonly [C in RequestChannel]: z.ZodType<RequestOf<C>> };

function agentId(field: AgentIdField, upperBound: number): z.ZodType<string> {
  return z.unknown().transform((input, ctx) => {
    const check = checkAgentId(field, input, upperBound);
    if (check.ok) return check.value;
    ctx.addIssue({ code: 'custom', message: check.message, params: { agentIdProblem: check.problem, messageZh: check.messageZh } });
    return z.NEVER;
  });
}

/** A request with no fields: `{}`, or nothing at all (an invoke without an argument). */
const emptyRequest: z.ZodType<Record<string, never>> = z
  .strictObject({})
  .optional()
  .transform(() => ({}) as Record<string, never>);

const confirmedFlag = z.boolean({ message: 'confirmed must be true or false.' });

const MODES = Object.keys(SWITCH_TYPE) as [WhisperMode, ...WhisperMode[]];

export function createRequestSchemas(options: RequestSchemaOptions): RequestSchemas {
  const bound = options.agentIdUpperBound;
  const optionalTarget = agentId('whisperAgentId', bound).optional();
  return {
    'whisper:stop': z
      .strictObject({ whisperAgentId: optionalTarget })
      .optional()
      .transform((request) => request ?? {}),
    'whisper:start': z.strictObject({ whisperAgentId: agentId('whisperAgentId', bound) }),
    'whisper:switch': z.strictObject({
      mode: z.enum(MODES, { message: 'Mode must be one of listen, insert or whisper.' }),
      whisperAgentId: optionalTarget,
      confirmed: confirmedFlag.optional(),
    }),
    'whisper:back-to-listen': emptyRequest,
    'whisper:listen': z.strictObject({ whisperAgentId: agentId('whisperAgentId', bound) }),
    'whisper:insert': z.strictObject({ whisperAgentId: agentId('whisperAgentId', bound), confirmed: confirmedFlag.optional() }),
    'whisper:intercept': z.strictObject({ whisperAgentId: agentId('whisperAgentId', bound), confirmed: confirmedFlag.optional() }),
    'roster:get': emptyRequest,
    'session:get-state': emptyRequest,
    'session:sign-in': z.strictObject({
      password: z
        .string({ message: 'The password must be text.' })
        .min(1, { message: 'Enter your password.' })
        .max(PASSWORD_MAX_LENGTH, { message: `The password is at most ${PASSWORD_MAX_LENGTH} characters.` }),
      force: z.boolean({ message: 'force must be true or false.' }).optional(),
    }),
    'session:sign-out': emptyRequest,
    'settings:get': emptyRequest,
    'settings:save': z.strictObject({ changes: settingsChanges }),
    'settings:test-connection': z
      .strictObject({ changes: settingsChanges.optional() })
      .optional()
      .transform((request) => request ?? {}),
    'history:get': emptyRequest,
    'history:export-csv': emptyRequest,
    'app:open-logs-folder': emptyRequest,
    'app:export-diagnostics': emptyRequest,
    'audit-forwarding:get-status': emptyRequest,
  };
}

export type ParsedRequest<C extends RequestChannel> = { success: true; data: RequestOf<C> } | { success: false; error: z.ZodError };

/**
 * The stop's usual shapes, checked without zod: nothing, `{}`, or `{ whisperAgentId }` with a
 * valid work number, as a plain object with no other own key (symbols included). Why: the stop
 * is pressed rarely, so its code runs cold, and zod's generic object parse then costs ~15 µs of
 * a ~50 µs budget on the urgent path. Null means "not one of those shapes": zod then decides,
 * exactly as before, and words any refusal. The output equals zod's for the same input.
 */
export function fastStopRequest(input: unknown, agentIdUpperBound: number): RequestOf<'whisper:stop'> | null {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return null;
  const keys = Reflect.ownKeys(input);
  if (keys.length === 0) return {};
  if (keys.length !== 1 || keys[0] !== 'whisperAgentId') return null;
  const check = checkAgentId('whisperAgentId', (input as { whisperAgentId: unknown }).whisperAgentId, agentIdUpperBound);
  return check.ok ? { whisperAgentId: check.value } : null;
}

/** Validates one request against its channel's schema (the stop through fastStopRequest first). */
export function parseRequest<C extends RequestChannel>(schemas: RequestSchemas, agentIdUpperBound: number, channel: C, input: unknown): ParsedRequest<C> {
  if (channel === 'whisper:stop') {
    const stop = fastStopRequest(input, agentIdUpperBound);
    if (stop !== null) return { success: true, data: stop as RequestOf<C> };
  }
  return (schemas[channel] as z.ZodType<RequestOf<C>>).safeParse(input);
}

/**
 * One zod schema per request channel of app/ipc-contract.ts. Every object is
 * strict (unknown keys, including `__proto__` and `constructor`, are refused
 * rather than copied), agent IDs go through app/agent-id.ts, and settings
 * changes through the settings schema of main/settings.
 */
import { z } from 'zod';
import { checkAgentId, type AgentIdField } from '../../app/agent-id';
import { validationText } from '../../app/i18n/validation';
import type { RequestChannel, RequestOf } from '../../app/ipc-contract';
import type { Settings } from '../../app/settings';
import { SWITCH_TYPE, type WhisperMode } from '../../app/whisper';
import { partialSettingsSchema } from '../settings/schema';
import { worded } from './validation-failure';

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

const confirmedFlag = z.boolean({ message: worded(validationText('request.confirmed')) });

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
      mode: z.enum(MODES, { message: worded(validationText('request.mode')) }),
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
        .string({ message: worded(validationText('request.passwordType')) })
        .min(1, { message: worded(validationText('request.passwordMissing')) })
        .max(PASSWORD_MAX_LENGTH, { message: worded(validationText('request.passwordTooLong', { max: PASSWORD_MAX_LENGTH })) }),
      force: z.boolean({ message: worded(validationText('request.force')) }).optional(),
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

/** Validates one request against its channel's schema. */
export function parseRequest<C extends RequestChannel>(schemas: RequestSchemas, channel: C, input: unknown): ParsedRequest<C> {
  return (schemas[channel] as z.ZodType<RequestOf<C>>).safeParse(input);
}

/**
 * Turns a zod error into the contract's validation Failure: the first problem,
 * naming the field, in a sentence a person can act on. Messages are bounded
 * (a refused key could be megabytes long) and never echo a submitted value.
 */
import type { z } from 'zod';
import type { AgentIdProblem } from '../../app/agent-id';
import { invalidInput, validationFailure, type ValidationFailure } from '../../app/failures';
import type { Notice } from '../../app/i18n/notice';
import { VALIDATION_MESSAGES, validationText } from '../../app/i18n/validation';

const MAX_FIELD_CHARS = 60;
const MAX_MESSAGE_CHARS = 240;
const AGENT_ID_PROBLEMS: readonly AgentIdProblem[] = ['missing', 'not-decimal', 'out-of-range'];

function bounded(text: string, max: number): string {
  const printable = text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

export type { ValidationFailure } from '../../app/failures';

/**
 * The Chinese of each request-schema message, keyed by its English: zod carries one string per
 * issue, and `validationFailureOf` adds the other language from here.
 */
const CHINESE = new Map<string, string>();

/** A catalogue sentence as a zod message, remembering its Chinese. */
export function worded(text: Notice): string {
  CHINESE.set(text.en, text['zh-CN']);
  return text.en;
}

export function validationFailureOf(error: z.ZodError): ValidationFailure {
  const issue = error.issues[0];
  if (!issue) return invalidInput('request', validationText('request.invalid'));
  if (issue.code === 'unrecognized_keys') {
    const key = bounded(String(issue.keys[0] ?? ''), MAX_FIELD_CHARS);
    return invalidInput(key, validationText('request.unknownField', { key }));
  }
  const field = bounded(issue.path.map(String).join('.') || 'request', MAX_FIELD_CHARS);
  const params = issue.code === 'custom' ? (issue.params as { agentIdProblem?: unknown; messageZh?: unknown } | undefined) : undefined;
  const agentIdProblem = params?.agentIdProblem;
  if (typeof agentIdProblem === 'string' && (AGENT_ID_PROBLEMS as readonly string[]).includes(agentIdProblem)) {
    const zh = typeof params?.messageZh === 'string' ? bounded(params.messageZh, MAX_MESSAGE_CHARS) : undefined;
    return validationFailure(field, agentIdProblem as AgentIdProblem, bounded(issue.message, MAX_MESSAGE_CHARS), zh);
  }
  const { en, 'zh-CN': zh } = VALIDATION_MESSAGES;
  const message = bounded(en['request.fieldProblem']({ field, problem: issue.message }), MAX_MESSAGE_CHARS);
  const chinese = CHINESE.get(issue.message);
  return validationFailure(field, 'invalid', message, chinese === undefined ? undefined : bounded(zh['request.fieldProblem']({ field, problem: chinese }), MAX_MESSAGE_CHARS));
}

export function senderRefusedFailure(): ValidationFailure {
  return invalidInput('sender', validationText('request.notFromPanel'));
}

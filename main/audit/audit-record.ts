/**
 * The shape of one audit line, and the only way to build one: every field is
 * re-checked against a narrow pattern so nothing but an action, a trigger, an
 * agent ID, a retcode, a failure kind and numbers can ever reach the file (no
 * Guid, no password, no free text from the gateway).
 */
import { z } from 'zod';
import { retcodeOf } from '../../app/failures';
import type { ActionResult, HistoryEntry, WhisperAction } from '../../app/ipc-contract';
import type { Trigger } from '../../app/whisper';

const ACTIONS = ['stop', 'start', 'switch', 'back-to-listen', 'listen', 'insert', 'intercept', 'sign-in', 'sign-out', 'force-sign-in'] as const satisfies readonly WhisperAction[];
const TRIGGERS = ['panel', 'tray', 'shortcut', 'external', 'reminder'] as const satisfies readonly Trigger[];
const AGENT_ID = /^[1-9][0-9]{0,5}$/;
const RETCODE = /^[0-9]{1,3}(-[0-9]{3})?$/;
const FAILURE_KIND = /^[a-z][a-z-]{0,31}$/;
/** A record's stable ID: 32 random hex digits for new lines; a digest of the line for older ones (syslog-message.ts). */
export const RECORD_ID = /^[0-9a-f][0-9a-f-]{7,63}$/;

export const auditRecordSchema = z.strictObject({
  /** Written since audit forwarding: the collector de-duplicates re-sent records by it. */
  id: z.string().regex(RECORD_ID).optional(),
  time: z.string().max(40),
  at: z.number().finite().nonnegative(),
  action: z.enum(ACTIONS),
  trigger: z.enum(TRIGGERS),
  target: z.string().regex(AGENT_ID).nullable(),
  ok: z.boolean(),
  retcode: z.string().regex(RETCODE).nullable(),
  failure: z.string().regex(FAILURE_KIND).nullable(),
  durationMs: z.number().finite().nonnegative(),
  retriedWithoutTarget: z.boolean().optional(),
  /** A stop: what it ended (the history names it with Stop's words); absent on older lines. */
  ended: z.enum(['whisper', 'listen', 'insert']).optional(),
  /** The inspector's own work number when known (the trail is per workstation, the collector's is per site). */
  inspector: z.string().regex(AGENT_ID).optional(),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;

function resultRetcode(result: ActionResult): string | null {
  return result.ok ? '0' : retcodeOf(result.failure);
}

function safe(value: string | null, pattern: RegExp): string | null {
  return value !== null && pattern.test(value) ? value : null;
}

/**
 * The history's view of one action, checked like the file line (the same fields, the same
 * patterns). Built on its own because the history updates in the action's turn while the
 * line is built when it is written, after the result is handed back.
 */
export function historyEntryFor(result: ActionResult, trigger: Trigger, at: number): HistoryEntry {
  return {
    at,
    action: result.action,
    trigger,
    target: safe(result.target, AGENT_ID),
    ok: result.ok,
    retcode: safe(resultRetcode(result), RETCODE),
    durationMs: Math.max(0, Math.round(Number.isFinite(result.durationMs) ? result.durationMs : 0)),
    ...(result.ok && result.action === 'stop' && result.ended !== undefined && { ended: result.ended }),
  };
}

export function auditRecordOf(result: ActionResult, trigger: Trigger, at: number): AuditRecord {
  return auditRecordFrom(historyEntryFor(result, trigger, at), result.ok ? null : result.failure.kind, result.retriedWithoutTarget === true);
}

/** The file line from an already-checked history entry plus what the history does not show. */
export function auditRecordFrom(
  entry: HistoryEntry,
  failureKind: string | null,
  retriedWithoutTarget: boolean,
  identity: { readonly id?: string; readonly inspector?: string | null } = {},
): AuditRecord {
  const record: AuditRecord = {
    ...(identity.id !== undefined && RECORD_ID.test(identity.id) && { id: identity.id }),
    time: new Date(entry.at).toISOString(),
    at: entry.at,
    action: entry.action,
    trigger: entry.trigger,
    target: entry.target,
    ok: entry.ok,
    retcode: entry.retcode,
    failure: safe(failureKind, FAILURE_KIND),
    durationMs: entry.durationMs,
  };
  if (retriedWithoutTarget) record.retriedWithoutTarget = true;
  if (entry.ended !== undefined) record.ended = entry.ended;
  const inspector = safe(identity.inspector ?? null, AGENT_ID);
  if (inspector !== null) record.inspector = inspector;
  return record;
}

export function historyEntryOf(record: AuditRecord): HistoryEntry {
  return {
    at: record.at,
    action: record.action,
    trigger: record.trigger,
    target: record.target,
    ok: record.ok,
    retcode: record.retcode,
    durationMs: record.durationMs,
    ...(record.ended !== undefined && { ended: record.ended }),
  };
}

/** Parses one stored line; anything that is not a well-formed record is skipped, not trusted. */
export function parseAuditLine(line: string): AuditRecord | null {
  if (line.trim() === '') return null;
  try {
    const parsed = auditRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

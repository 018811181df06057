/**
 * What a session call comes back with: the gateway's verdict in domain terms, without the
 * Guid-carrying headers (those stay with the session's Guid custody) and without any IPC shape.
 * The actions layer (main/actions/action-result.ts) turns it into the panel's ActionResult.
 */
import type { Failure } from '../../app/failures';
import type { Outcome } from '../gateway';

export type SessionResult =
  | {
      readonly ok: true;
      readonly retcode: '0';
      /** The gateway's own message. */
      readonly message: string;
      readonly durationMs: number;
      /**
       * A hedged stop whose hedge found the whisper (or listen) already ended (900-004/900-005):
       * the first request did it (docs/reliability.md, "Hedged stop").
       */
      readonly reconciled?: { readonly retcode: string; readonly message: string };
    }
  | { readonly ok: false; readonly failure: Failure; readonly durationMs: number };

export type SessionFailure = Extract<SessionResult, { ok: false }>;

/** The domain part of a gateway outcome. */
export function resultOf(outcome: Outcome): SessionResult {
  if (!outcome.ok) return { ok: false, failure: outcome.failure, durationMs: outcome.durationMs };
  return {
    ok: true,
    retcode: '0',
    message: outcome.message,
    durationMs: outcome.durationMs,
    ...(outcome.reconciled && { reconciled: outcome.reconciled }),
  };
}

/** Refused before anything was sent. */
export function refused(failure: Failure, durationMs = 0): SessionFailure {
  return { ok: false, failure, durationMs };
}

/**
 * The one place an ActionResult (the contract the surfaces see, app/ipc-contract.ts) is built
 * from what the session answered. The IPC layer adds only the words (main/ipc/handlers.ts).
 */
import type { Notice } from '../../app/i18n/notice';
import { invalidInput, type Failure } from '../../app/failures';
import type { ActionResult, WhisperAction } from '../../app/ipc-contract';
import type { SessionResult } from '../session/session-result';

/** What the actions make of one session answer: the answer and what the product rules added. */
export interface Performed {
  readonly result: SessionResult;
  /** The agent the person named that the plan did not act on (app/monitoring.ts planStop). */
  readonly overridden?: string | null;
  /** A stop: what its plan ends (app/monitoring.ts planStop). */
  readonly ended?: 'whisper' | 'listen' | 'insert';
  /** The verified stop dropped a refused target and asked again. */
  readonly retriedWithoutTarget?: boolean;
  /** The person must confirm before a second try (a sign-in refused because the agent is signed in elsewhere). */
  readonly needsConfirmation?: 'force-sign-in';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function actionResult(action: WhisperAction, target: string | null, performed: Performed): ActionResult {
  const { result } = performed;
  // Optional fields set in place rather than spread from small objects: this runs on every stop.
  if (result.ok) {
    const ok: Mutable<Extract<ActionResult, { ok: true }>> = { ok: true, action, target, retcode: '0', gatewayMessage: result.message, durationMs: result.durationMs };
    if (performed.retriedWithoutTarget) ok.retriedWithoutTarget = true;
    if (performed.overridden) ok.overridden = performed.overridden;
    if (performed.ended) ok.ended = performed.ended;
    if (result.reconciled) ok.reconciled = true;
    return ok;
  }
  const failed: Mutable<Extract<ActionResult, { ok: false }>> = { ok: false, action, target, failure: result.failure, durationMs: result.durationMs };
  if (performed.retriedWithoutTarget) failed.retriedWithoutTarget = true;
  if (performed.overridden) failed.overridden = performed.overridden;
  if (performed.needsConfirmation) failed.needsConfirmation = performed.needsConfirmation;
  return failed;
}

/** An action held back until the person confirms it (barge guard, intercept). */
export function heldForConfirmation(
  action: WhisperAction,
  target: string | null,
  kind: 'barge' | 'intercept',
  words: Notice,
): ActionResult {
  return {
    ok: false,
    action,
    target,
    failure: invalidInput('confirmed', words),
    durationMs: 0,
    needsConfirmation: kind,
  };
}

/** An action that never reached a session (none configured, or an unexpected error). */
export function notPerformed(action: WhisperAction, target: string | null, failure: Failure): ActionResult {
  return { ok: false, action, target, failure, durationMs: 0 };
}

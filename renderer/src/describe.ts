/**
 * Turns the plain data main returns into the sentences the result line shows,
 * in the panel's language. Kept apart from the components so every view words
 * outcomes the same way.
 */
import { agentIdRange, checkAgentId, type AgentIdCheck, type AgentIdProblem, type AgentIdRange } from '../../app/agent-id';
import { describeFailure } from '../../app/failure-messages';
import { isSessionGone, type Failure } from '../../app/failures';
import type { ActionResult } from '../../app/ipc-contract';
import type { Language } from '../../app/retcodes';
import type { WhisperMode } from '../../app/whisper';
import type { Translate } from './i18n';

/** What the result line is showing: an action main performed, or a file/folder tool. */
export type Outcome =
  | { readonly type: 'action'; readonly result: ActionResult; readonly mode?: WhisperMode }
  | { readonly type: 'file'; readonly ok: boolean; readonly path: string | null }
  | { readonly type: 'logs'; readonly ok: boolean }
  | { readonly type: 'bridge-error'; readonly detail: string };

export interface OutcomeText {
  readonly ok: boolean;
  readonly text: string;
  readonly retcode: string | null;
  readonly durationMs: number | null;
}

/** The checkAgentId problem, worded in the panel's language (the shared message is English only). */
export function targetProblem(problem: AgentIdProblem, range: AgentIdRange, input: string, t: Translate): string {
  const values = { min: range.min, max: range.max, value: input };
  if (problem === 'missing') return t('agentId.missing', values);
  if (problem === 'out-of-range') return t('agentId.outOfRange', values);
  return t('agentId.notDecimal', values);
}

export function checkTarget(input: string, upperBound: number): AgentIdCheck {
  return checkAgentId('whisperAgentId', input, upperBound);
}

function failureText(failure: Failure, language: Language, t: Translate, upperBound: number): string {
  // Main's agent-ID messages are English; the target field's own wording is translated.
  if (language !== 'en' && failure.kind === 'validation' && failure.field === 'whisperAgentId' && failure.problem !== 'invalid') {
    return targetProblem(failure.problem, agentIdRange(upperBound), '', t);
  }
  return describeFailure(failure, language);
}

function successText(result: Extract<ActionResult, { ok: true }>, mode: WhisperMode | undefined, t: Translate): string {
  switch (result.action) {
    case 'stop':
      return result.target ? t('result.ok.stop', { target: result.target }) : t('result.ok.stopNoTarget');
    case 'start':
      return t('result.ok.start', { target: result.target ?? '' });
    case 'switch':
      return t(`result.ok.switch.${mode ?? 'whisper'}`);
    case 'back-to-listen':
      return t('result.ok.backToListen');
    case 'sign-in':
      return t('result.ok.signIn');
    case 'force-sign-in':
      return t('result.ok.forceSignIn');
    case 'sign-out':
      return t('result.ok.signOut');
  }
}

export function describeOutcome(outcome: Outcome, language: Language, t: Translate, upperBound: number): OutcomeText {
  switch (outcome.type) {
    case 'file':
      return { ok: outcome.ok, text: outcome.path ? t('result.export.ok', { path: outcome.path }) : t('result.export.cancelled'), retcode: null, durationMs: null };
    case 'logs':
      return { ok: outcome.ok, text: t(outcome.ok ? 'result.logs.ok' : 'result.logs.failed'), retcode: null, durationMs: null };
    case 'bridge-error':
      return { ok: false, text: t('result.bridgeFailed', { detail: outcome.detail }), retcode: null, durationMs: null };
    case 'action':
      break;
  }
  const { result } = outcome;
  const sentences: string[] = [];
  if (result.retriedWithoutTarget) sentences.push(t('result.retried', { target: result.target ?? '' }));
  if (result.ok) {
    sentences.unshift(successText(result, outcome.mode, t));
    return { ok: true, text: sentences.join(' '), retcode: result.retcode, durationMs: result.durationMs };
  }
  sentences.unshift(failureText(result.failure, language, t, upperBound));
  // Verified stop (issue 8): a stop that lost its session cannot say the whisper ended.
  if (result.action === 'stop' && isSessionGone(result.failure)) sentences.push(t('result.mayStillRun'));
  return {
    ok: false,
    text: sentences.join(' '),
    retcode: result.failure.kind === 'retcode' ? result.failure.retcode : null,
    durationMs: result.durationMs,
  };
}

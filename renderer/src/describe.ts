/**
 * Turns the plain data main returns into the sentence the result line shows, in the
 * panel's language, so every view words outcomes the same way.
 */
import type { ActionResult, WhisperAction } from '../../app/ipc-contract';
import type { Language } from '../../app/i18n/language';
import type { WhisperMode } from '../../app/whisper';
import type { PanelKey, Translate } from './i18n';

/** What the result line is showing: an action main performed, or a file/folder tool. */
export type Outcome =
  | { readonly type: 'action'; readonly result: ActionResult; readonly mode?: WhisperMode }
  | { readonly type: 'file'; readonly ok: boolean; readonly path: string | null }
  | { readonly type: 'logs'; readonly ok: boolean }
  | { readonly type: 'bridge-error'; readonly detail: string };

/** Retcodes and durations are not part of it: History shows them. */
export interface OutcomeText {
  readonly ok: boolean;
  readonly text: string;
}

/** What a successful action says; a switch names the mode it switched to. */
const DONE: Readonly<Record<WhisperAction, PanelKey>> = {
  stop: 'stoppedNoTarget',
  start: 'started',
  switch: 'started',
  'back-to-listen': 'done.listen',
  listen: 'done.listen',
  insert: 'done.insert',
  intercept: 'done.intercept',
  'sign-in': 'signedIn',
  'force-sign-in': 'signedIn',
  'sign-out': 'signedOut',
};

/** A switch says the same sentence as the start of that mode: "Listening to 1002." either way. */
const STARTED: Readonly<Record<WhisperMode, PanelKey>> = { whisper: 'started', listen: 'done.listen', insert: 'done.insert' };

function successText(result: Extract<ActionResult, { ok: true }>, mode: WhisperMode | undefined, t: Translate): string {
  if (result.action === 'switch' && mode) return t(STARTED[mode], { target: result.target ?? t('unknownTarget') });
  return t(result.action === 'stop' && result.target ? 'stopped' : DONE[result.action], { target: result.target ?? '' });
}

export function describeOutcome(outcome: Outcome, language: Language, t: Translate): OutcomeText {
  if (outcome.type === 'file') return { ok: outcome.ok, text: t(outcome.path ? 'saved' : 'notSaved', { path: outcome.path ?? '' }) };
  if (outcome.type === 'logs') return { ok: outcome.ok, text: t(outcome.ok ? 'logsOpened' : 'logsFailed') };
  if (outcome.type === 'bridge-error') return { ok: false, text: t('noAnswer', { detail: outcome.detail }) };
  const { result } = outcome;
  const text = result.ok ? successText(result, outcome.mode, t) : (result.explanation?.[language] ?? t('noAnswer', { detail: result.failure.kind }));
  const retried = result.retriedWithoutTarget ? ` ${t('retried', { target: result.target ?? '' })}` : '';
  const reconciled = result.ok && result.reconciled ? ` ${t('reconciled')}` : '';
  return { ok: result.ok, text: `${text}${retried}${reconciled}` };
}

/**
 * What main answers when it refuses an IPC request: an untrusted sender or a
 * request that fails its schema (refused before anything is done), or an
 * unexpected error while handling it (IPC handlers never throw).
 *
 * Channels whose response can already express a failure answer in their own
 * shape (an ActionResult with a validation failure, a ConnectionTestResult with
 * ok:false, settings:save with errors). The others (plain reads such as
 * session:get-state) answer with an IpcRefusal instead.
 */
import type { Explanation } from './i18n/failure-explanations';
import type { Failure } from './failures';
import type { RequestChannel, ResponseOf } from './ipc-contract';

/** 'internal-error' = main hit a bug handling a valid request; the failure says what the person can do. */
export type IpcRefusalReason = 'untrusted-sender' | 'invalid-request' | 'internal-error';

export interface IpcRefusal {
  readonly ok: false;
  readonly refused: IpcRefusalReason;
  readonly failure: Failure;
  readonly explanation?: Explanation;
}

/** Channels whose response type has no failure shape of its own, so a refusal is an IpcRefusal. */
export const REFUSAL_SHAPED_CHANNELS = [
  'session:get-state',
  'settings:get',
  'history:get',
  'history:export-csv',
  'app:open-logs-folder',
  'app:export-diagnostics',
  'audit-forwarding:get-status',
] as const satisfies readonly RequestChannel[];

export type RefusalShapedChannel = (typeof REFUSAL_SHAPED_CHANNELS)[number];

/** What an IPC handler in main resolves to for channel C. */
export type HandlerResponse<C extends RequestChannel> = C extends RefusalShapedChannel ? ResponseOf<C> | IpcRefusal : ResponseOf<C>;

export function isIpcRefusal(value: unknown): value is IpcRefusal {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { refused?: unknown }).refused === 'string'
  );
}

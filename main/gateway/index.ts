/**
 * The gateway's one import path: everything outside main/gateway imports from here, never from
 * a file inside it. Only the gateway's own names are exported; failures, the logger and their
 * words are imported from their owners (app/failures.ts, main/log/logger.ts, app/i18n/failure-explanations.ts).
 */
export { GatewayClient, type GuidSource } from './client';
export { GatewayConfigError, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, POLL_HOLD_MS, normalizePin, type GatewayClientOptions } from './client-options';
export type { ConnectionTest, FailureOutcome, Outcome, Success } from './outcome';
export type { GatewayEvent } from './gateway-event';
export type { SignInBody, SignInResult } from './sign-in';
export { parseSetGuid } from './set-guid';

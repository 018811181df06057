/**
 * The gateway client's stable module path: Node scripts and the app import from here.
 *   import { GatewayClient } from './main/gateway';
 */
export { GatewayClient, type GuidSource } from './client';
export { GatewayConfigError, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, normalizePin, type GatewayClientOptions } from './client-options';
export type { ConnectionTest, FailureOutcome, Outcome, Success } from './outcome';
export type { GatewayEvent } from './gateway-event';
export type { SignInBody, SignInResult } from './sign-in';
export { parseSetGuid } from './set-guid';
export type { Failure, FailureKind } from '../../app/failures';
export type { Logger } from '../log/logger';
export { describeFailure } from '../../app/i18n/failure-explanations';

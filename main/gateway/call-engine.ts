import { checkAgentId, type AgentIdField } from '../../app/agent-id';
import type { Failure } from '../../app/failures';
import type { GatewayMethod } from '../../app/whisper';
import type { LogFields, Logger } from '../log/logger';
import type { ResolvedOptions } from './client-options';
import { readEnvelope, type Envelope } from './envelope';
import type { Answer, GatewayHttp, Lane } from './gateway-http';
import { readGuid, type GuidSource } from './guid-header';
import type { Outcome } from './outcome';
import type { Route } from './routes';
import { parseSetGuid } from './set-guid';
import type { TlsTrust } from '../platform/trust';

/**
 * How every gateway call runs, whatever it is: its inputs are checked before a byte is sent, it
 * goes out through undici (GatewayHttp.deliver), its answer is checked as a CC-Gateway envelope, and one
 * log line says what happened. The public calls (client.ts) only describe themselves as a Call.
 */

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Every ID field a call can carry, in the order they are validated (the first problem is reported). */
const ID_FIELDS: readonly AgentIdField[] = ['agentId', 'whisperAgentId'];

export type Read<T> = (envelope: Envelope) => { ok: true; result: T } | { ok: false; failure: Failure };

export interface Call<T> {
  readonly method: GatewayMethod | 'testConnection';
  /** Validated before anything is sent; logged by field name. */
  readonly ids: Readonly<Partial<Record<AgentIdField, string | undefined>>>;
  readonly optionalIds?: readonly AgentIdField[];
  readonly route: (ids: Readonly<Record<AgentIdField, string | undefined>>) => Route;
  /** null = the call carries no Guid (sign-in). */
  readonly guid: GuidSource | null;
  readonly body?: () => { ok: true; json: string } | { ok: false; failure: Failure };
  readonly read: Read<T>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly extraLog?: LogFields;
  /** Polls are frequent: they log at debug level only. */
  readonly quiet?: boolean;
  /** The event poll has a connection of its own; every other call goes on the commands' connections. */
  readonly lane?: Extract<Lane, 'poll'>;
  /**
   * Sent again after silence (hedge.ts). Only for calls the gateway may receive twice with the
   * same effect (docs/reliability.md, "Hedged stop"). `reconcile`: the retcodes that mean "already
   * in the end state asked for"; such a call is also confirmed after a cut, and one of these
   * answers is a success when another request of the same action may have done it.
   */
  readonly hedge?: { readonly afterMs?: number; readonly reconcile?: readonly string[] };
}

export const passResult: Read<unknown> = (envelope) => ({ ok: true, result: envelope.body.result ?? {} });

/** The connections and settings a client's calls share. */
export interface CallContext {
  readonly options: ResolvedOptions;
  readonly trust: TlsTrust;
  readonly http: GatewayHttp;
  readonly logger: Logger;
}

/** Runs a client's calls; once closed, refuses them without sending anything. */
export class CallEngine {
  closed = false;

  constructor(private readonly context: CallContext) {}

  async run<T>(call: Call<T>): Promise<Outcome<T>> {
    const started = performance.now();
    const logIds: LogFields = {};
    const ids: Partial<Record<AgentIdField, string>> = {};
    for (const field of ID_FIELDS) {
      if (!Object.hasOwn(call.ids, field)) continue;
      const value = call.ids[field];
      if (value === undefined && call.optionalIds?.includes(field)) continue;
      const check = checkAgentId(field, value, this.context.options.agentIdUpperBound);
      if (!check.ok) {
        const failure: Failure = { kind: 'validation', field: check.field, problem: check.problem, message: check.message, zh: check.messageZh };
        return this.refuse(call.method, failure, logIds, started, call.quiet);
      }
      ids[field] = check.value;
      logIds[field] = check.value;
    }
    if (call.extraLog) Object.assign(logIds, call.extraLog);

    const body = call.body ? call.body() : { ok: true as const, json: null };
    if (!body.ok) return this.refuse(call.method, body.failure, logIds, started, call.quiet);

    const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE };
    if (call.guid !== null) {
      const guid = readGuid(call.guid);
      if (!guid.ok) return this.refuse(call.method, guid.failure, logIds, started, call.quiet);
      headers.Guid = guid.value;
    }
    if (this.closed) return this.refuse(call.method, CLIENT_CLOSED, logIds, started, call.quiet);

    const route = call.route({ agentId: ids.agentId, whisperAgentId: ids.whisperAgentId });
    const reconcile = call.hedge?.reconcile;
    const delivered = await this.context.http.deliver({
      request: { http: route.http, path: route.path, headers, body: body.json },
      lane: call.lane ?? 'command',
      timeoutMs: call.timeoutMs,
      signal: call.signal,
      ...(call.hedge && { hedgeAfterMs: call.hedge.afterMs ?? 0 }),
      ...(reconcile && { alreadyEnded: (answer: Answer) => alreadyEnded(answer, reconcile) }),
    });
    const rawSetGuid = delivered.headers ? delivered.headers['set-guid'] : undefined;
    const setGuid = rawSetGuid === undefined ? null : parseSetGuid(rawSetGuid);
    if (rawSetGuid !== undefined && setGuid === null) {
      // The header's value is never logged: it may be a Guid in a form this check does not know.
      this.context.logger.warn('Set-GUID header malformed (not a JSESSIONID assignment); ignored', { method: call.method });
    }
    const headersAt = delivered.headersAt ?? performance.now();
    const durationMs = Math.round(performance.now() - started);
    const timing = { setGuid, headersAt, durationMs };

    // Every request the action sent, how each ended, and which decided (docs/reliability.md).
    if (delivered.sent.length > 1) {
      logIds.requests = delivered.sent.map((s) => `${s.role}:${s.ended}`).join(',');
      logIds.decided = delivered.decidedBy;
    }
    if (delivered.sent.some((s) => s.role === 'retry')) logIds.retried = 'new-connection';
    if (delivered.sent.some((s) => s.role === 'confirm')) logIds.confirmed = true;
    let outcome: Outcome<T>;
    if (delivered.kind !== 'response') {
      outcome = { ok: false, failure: delivered.failure, ...timing };
      if (delivered.failure.kind === 'not-http') logIds.parser = delivered.failure.reason;
    } else {
      logIds.status = delivered.status;
      if (delivered.decidedBy === 'hedge') logIds.hedged = true;
      const checked = readEnvelope(delivered.status, delivered.headers, delivered.body);
      if (!checked.ok) outcome = { ok: false, failure: checked.failure, ...timing };
      else if (delivered.othersMayHaveActed && reconcile?.includes(checked.envelope.retcode)) {
        // Another request of this action may have reached the gateway and done it; this one found it done (docs/reliability.md).
        const reconciled = { retcode: checked.envelope.retcode, message: checked.envelope.message };
        outcome = { ok: true, retcode: '0', message: checked.envelope.message, result: {} as T, reconciled, ...timing };
        logIds.reconciled = checked.envelope.retcode;
      } else if (checked.envelope.retcode !== '0') {
        outcome = { ok: false, failure: { kind: 'retcode', retcode: checked.envelope.retcode, gatewayMessage: checked.envelope.message }, ...timing };
      } else {
        const read = call.read(checked.envelope);
        outcome = read.ok ? { ok: true, retcode: '0', message: checked.envelope.message, result: read.result, ...timing } : { ok: false, failure: read.failure, ...timing };
      }
    }
    this.log(call.method, outcome, logIds, call.quiet === true);
    return outcome;
  }

  /** An outcome for a call refused before sending: nothing left this process. */
  refuse<T>(method: Call<T>['method'], failure: Failure, logIds: LogFields = {}, started = performance.now(), quiet = false): Outcome<T> {
    const now = performance.now();
    const outcome: Outcome<T> = { ok: false, failure, setGuid: null, headersAt: now, durationMs: Math.round(now - started) };
    const reason = failure.kind === 'validation' ? { field: failure.field, problem: failure.problem } : {};
    this.log(method, outcome, { ...logIds, ...reason, sent: false }, quiet);
    return outcome;
  }

  /**
   * Method name, agent IDs, retcode or failure kind, duration. Never the Guid, the password or the body.
   */
  private log(method: Call<unknown>['method'], outcome: Outcome<unknown>, line: LogFields, quiet: boolean): void {
    if (outcome.ok) line.retcode = outcome.retcode;
    else {
      line.failure = outcome.failure.kind;
      if (outcome.failure.kind === 'retcode') line.retcode = outcome.failure.retcode;
    }
    line.durationMs = outcome.durationMs;
    if (quiet) this.context.logger.debug(method, line);
    else if (outcome.ok) this.context.logger.info(method, line);
    else this.context.logger.warn(method, line);
  }
}

function alreadyEnded(answer: Answer, retcodes: readonly string[]): boolean {
  const checked = readEnvelope(answer.status, answer.headers, answer.body);
  return checked.ok && retcodes.includes(checked.envelope.retcode);
}

export const CLIENT_CLOSED: Failure = { kind: 'network', code: 'CLIENT_CLOSED' };

/** null when the answer is a well-formed CC-Gateway result, whatever its retcode. */
export function envelopeFailure(...answer: Parameters<typeof readEnvelope>): Failure | null {
  const checked = readEnvelope(...answer);
  return checked.ok ? null : checked.failure;
}

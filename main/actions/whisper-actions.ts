/**
 * Every inspector action, whichever surface asked for it (panel, tray,
 * shortcut, external trigger, reminder). This is where the product rules live,
 * and where each action's ActionResult is built, once (action-result.ts):
 * - single-flight stop and back-to-listen: presses that arrive while one is in
 *   flight join it and get its result, so the gateway sees one request;
 * - each action is planned once from the monitoring model (app/monitoring.ts: planStop,
 *   planStart, planBackToListen); that plan alone drives the request, the result, the history and
 *   the audit record, so a named agent the plan overrides is recorded as what was actually done;
 * - verified stop: a targeted stop the gateway refuses because of the target
 *   (900-004, 000-002) is retried once without it (the gateway then stops
 *   whatever whisper the inspector has), and a stop on a gone session says
 *   plainly that the whisper may still be running;
 * - barge guard: switching to insert, or starting one, needs an explicit confirmation;
 * - intercept (the customer moves to the inspector, the agent is released) is always confirmed;
 * - listen, insert and intercept are single-flight per target, like the stop;
 * - every performed action is recorded in the audit trail.
 */
import { isSessionGone, retcodeOf, unexpectedFailure, type Failure } from '../../app/failures';
import type { ActionResult, WhisperAction } from '../../app/ipc-contract';
import type { Settings } from '../../app/settings';
import type { Trigger, WhisperMode } from '../../app/whisper';
import type { Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';
import type { Logger } from '../log/logger';
import { actionResult, heldForConfirmation, notPerformed, type Performed } from './action-result';
import type { SessionPort, SessionResult } from './session-port';
import { customerHears, planAgent, planBackToListen, planStart, planStop, planSwitch, type StartPlan, type StopPlan } from '../../app/monitoring';

export interface ActionRecorder {
  record(result: ActionResult, trigger: Trigger): void;
}

export interface WhisperActionsDeps {
  /** The current session, or null when no gateway is configured. */
  readonly session: () => SessionPort | null;
  /** Why there is no session (shown in the not-configured failure). */
  readonly notConfiguredDetail: () => Notice;
  readonly settings: () => Pick<Settings, 'bargeGuard'>;
  readonly audit: ActionRecorder;
  readonly logger: Logger;
}

export interface StopRequest {
  readonly trigger: Trigger;
  /** Only an agent the person named on purpose (the panel's roster row or target field); see app/monitoring.ts planStop. */
  readonly whisperAgentId?: string;
}

export interface SwitchRequest {
  readonly trigger: Trigger;
  readonly mode: WhisperMode;
  readonly whisperAgentId?: string;
  readonly confirmed?: boolean;
}

export interface TargetRequest {
  readonly trigger: Trigger;
  readonly whisperAgentId: string;
  readonly confirmed?: boolean;
}

const INTERCEPT_CONFIRMATION = validationText('action.confirmIntercept');
const BARGE_CONFIRMATION = validationText('action.confirmBarge');

/**
 * The refusals a wrong target explains, so a stop without it can succeed: 900-004 (no information
 * for that agent) and 000-002 (parameter error). Not 900-002 (no permission), 900-003 (resource
 * unavailable) or 900-001 (no provider): dropping the target changes none of them, and a second
 * request would only show the inspector a second refusal.
 */
const TARGET_REFUSALS: ReadonlySet<string> = new Set(['900-004', '000-002']);
/** What a stop is answered when nothing is being whispered: no information (900-004), wrong state (900-005). */
const NOT_WHISPERING: ReadonlySet<string> = new Set(['900-004', '900-005']);

function isTargetRefusal(failure: Failure): boolean {
  return failure.kind === 'retcode' && TARGET_REFUSALS.has(failure.retcode);
}

/** A stop that failed on a gone session says plainly that the whisper (or listen) may still be running. */
function sayIfSessionGone(session: SessionPort, result: SessionResult): SessionResult {
  if (result.ok || !(isSessionGone(result.failure) || (result.failure.kind === 'not-signed-in' && session.snapshot().phase === 'expired'))) {
    return result;
  }
  const retcode = result.failure.kind === 'retcode' ? result.failure.retcode : null;
  return { ok: false, failure: { kind: 'whisper-may-continue', retcode }, durationMs: result.durationMs };
}

/** A session call whose answer needs nothing added. */
async function plain(result: Promise<SessionResult>): Promise<Performed> {
  return { result: await result };
}

/** The mode asked for is already the one on that agent: nothing is sent, and the state is as asked. */
const ALREADY: SessionResult = { ok: true, retcode: '0', message: '', durationMs: 0 };

/** The request a start plan sends: a start, a switch on the agent already monitored, or nothing. */
function startRequest(session: SessionPort, plan: StartPlan): Promise<SessionResult> {
  if (plan.kind === 'already') return Promise.resolve(ALREADY);
  if (plan.kind === 'switch') return session.switchMode(plan.mode, plan.target);
  if (plan.mode === 'whisper') return session.startWhisper(plan.target);
  return session.startMonitoring(plan.mode, plan.target);
}

/** A start that the plan turned into a switch is recorded as the switch it was. */
function startAction(action: WhisperAction, plan: StartPlan): WhisperAction {
  return plan.kind === 'switch' ? 'switch' : action;
}

/** What the surfaces (IPC handlers, tray, shortcut, external triggers, reminder) call. */
export type InspectorActions = Pick<WhisperActions, 'stop' | 'backToListen' | 'start' | 'switchMode' | 'listen' | 'insert' | 'intercept' | 'signIn' | 'signOut'>;

export class WhisperActions {
  private readonly deps: WhisperActionsDeps;
  private stopFlight: Promise<ActionResult> | null = null;
  private backToListenFlight: Promise<ActionResult> | null = null;
  /** Listen, insert and intercept in flight, by action and target. */
  private readonly targetFlights = new Map<string, Promise<ActionResult>>();

  constructor(deps: WhisperActionsDeps) {
    this.deps = deps;
  }

  /**
   * Stops whispering (or listening, or barging in): the plan (app/monitoring.ts planStop) says what
   * is sent and whom the result, history and audit name. Concurrent calls share one gateway request
   * and one result. The request is sent from here directly: the urgent path has no layer in between.
   */
  async stop(request: StopRequest): Promise<ActionResult> {
    if (this.stopFlight) {
      this.deps.logger.info('stop joined the one in flight', { trigger: request.trigger });
      return this.stopFlight;
    }
    let settle!: (result: ActionResult) => void;
    this.stopFlight = new Promise((resolve) => (settle = resolve));
    let plan: StopPlan | null = null;
    let result: ActionResult;
    try {
      const session = this.deps.session();
      plan = planStop(request.whisperAgentId, session?.snapshot());
      if (!session) {
        result = this.notConfigured('stop', planAgent(plan));
      } else {
        const first = plan.kind === 'cancel-monitoring' ? await session.cancelListenOrInsert(plan.workNo) : await session.stopWhisper(plan.target ?? undefined);
        result = actionResult('stop', planAgent(plan), { ...(await this.verifyStop(session, plan, first)), overridden: plan.overridden, ended: plan.ends });
      }
    } catch (error) {
      result = this.failedUnexpectedly('stop', request.trigger, plan ? planAgent(plan) : (request.whisperAgentId ?? null), error);
    }
    // Whatever happens to the record, the presses that joined get this result and the next press starts afresh.
    try {
      return this.recorded(result, request.trigger, plan?.overridden ?? null);
    } finally {
      this.stopFlight = null;
      settle(result);
    }
  }

  /** Ends whispering but keeps listening (switchtype=0). Concurrent calls share one request. */
  backToListen(request: { readonly trigger: Trigger }): Promise<ActionResult> {
    if (this.backToListenFlight) return this.backToListenFlight;
    const plan = planBackToListen(this.deps.session()?.snapshot());
    const flight = this.perform('back-to-listen', request.trigger, plan.target, (s) => plain(s.switchMode(plan.mode, plan.target ?? undefined)));
    this.backToListenFlight = flight;
    void flight.finally(() => {
      if (this.backToListenFlight === flight) this.backToListenFlight = null;
    });
    return flight;
  }

  /** Starts whispering to an agent; on the agent already monitored it is a switch (app/monitoring.ts planStart). */
  start(request: { readonly trigger: Trigger; readonly whisperAgentId: string }): Promise<ActionResult> {
    const plan = planStart('whisper', request.whisperAgentId, this.deps.session()?.snapshot());
    return this.perform(startAction('start', plan), request.trigger, plan.target, (s) => plain(startRequest(s, plan)));
  }

  /** Switches mode on the agent named, else the one monitored (app/monitoring.ts planSwitch). */
  switchMode(request: SwitchRequest): Promise<ActionResult> {
    const plan = planSwitch(request.mode, request.whisperAgentId, this.deps.session()?.snapshot());
    if (customerHears(plan.mode) && request.confirmed !== true && this.deps.settings().bargeGuard) {
      this.deps.logger.info('insert held by the barge guard until confirmed', { trigger: request.trigger });
      return Promise.resolve(heldForConfirmation('switch', plan.target, 'barge', BARGE_CONFIRMATION));
    }
    return this.perform('switch', request.trigger, plan.target, (s) => plain(s.switchMode(plan.mode, plan.target ?? undefined)));
  }

  /** Starts listening to an agent (§1.4); on the agent already monitored it is a switch. */
  listen(request: TargetRequest): Promise<ActionResult> {
    return this.singleFlight('listen', request, (s, plan) => plain(startRequest(s, plan)));
  }

  /** Barges in on an agent's call (§1.5): the customer hears the inspector, so the barge guard asks first. */
  insert(request: TargetRequest): Promise<ActionResult> {
    if (request.confirmed !== true && this.deps.settings().bargeGuard) {
      return this.held('insert', request, 'barge', BARGE_CONFIRMATION);
    }
    return this.singleFlight('insert', request, (s, plan) => plain(startRequest(s, plan)));
  }

  /** Takes the customer over from the agent (§1.8): always confirmed, whatever the barge guard says. */
  intercept(request: TargetRequest): Promise<ActionResult> {
    if (request.confirmed !== true) {
      return this.held('intercept', request, 'intercept', INTERCEPT_CONFIRMATION);
    }
    return this.singleFlight('intercept', request, (s) => plain(s.intercept(request.whisperAgentId)));
  }

  private held(action: WhisperAction, request: TargetRequest, kind: 'barge' | 'intercept', words: Notice): Promise<ActionResult> {
    this.deps.logger.info(`${action} held until confirmed`, { trigger: request.trigger, whisperAgentId: request.whisperAgentId });
    return Promise.resolve(heldForConfirmation(action, request.whisperAgentId, kind, words));
  }

  private singleFlight(
    action: 'listen' | 'insert' | 'intercept',
    request: TargetRequest,
    run: (session: SessionPort, plan: StartPlan) => Promise<Performed>,
  ): Promise<ActionResult> {
    const key = `${action}:${request.whisperAgentId}`;
    const inFlight = this.targetFlights.get(key);
    if (inFlight) {
      this.deps.logger.info(`${action} joined the one in flight`, { trigger: request.trigger, whisperAgentId: request.whisperAgentId });
      return inFlight;
    }
    // Intercept is no QC mode: it is always sent as asked.
    const plan: StartPlan =
      action === 'intercept'
        ? { kind: 'start', mode: 'listen', target: request.whisperAgentId }
        : planStart(action, request.whisperAgentId, this.deps.session()?.snapshot());
    const flight = this.perform(action === 'intercept' ? action : startAction(action, plan), request.trigger, request.whisperAgentId, (s) => run(s, plan));
    this.targetFlights.set(key, flight);
    void flight.finally(() => {
      if (this.targetFlights.get(key) === flight) this.targetFlights.delete(key);
    });
    return flight;
  }

  signIn(request: { readonly trigger: Trigger; readonly password: string; readonly force?: boolean }): Promise<ActionResult> {
    const action: WhisperAction = request.force ? 'force-sign-in' : 'sign-in';
    return this.perform(action, request.trigger, null, async (s) => {
      const result = await s.signIn(request.password, request.force ? { force: true } : undefined);
      // 100-002: signed in elsewhere. Only the forced sign-in can take over, and only when confirmed.
      const offerForce = !request.force && !result.ok && result.failure.kind === 'retcode' && result.failure.retcode === '100-002';
      return offerForce ? { result, needsConfirmation: 'force-sign-in' } : { result };
    });
  }

  signOut(request: { readonly trigger: Trigger }): Promise<ActionResult> {
    return this.perform('sign-out', request.trigger, null, (s) => plain(s.signOut()));
  }

  /**
   * What the stop's first answer means. A cancel of a listen or insert is final. A whisper stop
   * naming an agent the gateway refuses because of the target is retried once without it; a hedged
   * one reconciled on 900-004 is confirmed (docs/reliability.md, "Which agent a stop names").
   */
  private async verifyStop(session: SessionPort, plan: StopPlan, first: SessionResult): Promise<Performed> {
    if (plan.kind === 'cancel-monitoring') return { result: sayIfSessionGone(session, first) };
    const target = plan.target ?? undefined;
    if (first.ok && first.reconciled?.retcode === '900-004' && target !== undefined) return this.confirmReconciledStop(session, first, target);
    if (first.ok || target === undefined || !isTargetRefusal(first.failure)) return { result: sayIfSessionGone(session, first) };
    this.deps.logger.warn('stop naming a target was refused; retrying once without the target', {
      method: 'requestStopWhisperAgent',
      whisperAgentId: target,
      retcode: retcodeOf(first.failure),
    });
    const second = await session.stopWhisper();
    const result: SessionResult = { ...second, durationMs: first.durationMs + second.durationMs };
    return { result: sayIfSessionGone(session, result), retriedWithoutTarget: true };
  }

  /**
   * A hedged stop naming an agent whose answer was 900-004: either the first stop got through, or
   * the named agent was wrong and the whisper goes on. One stop without the target tells them
   * apart: it stops a whisper still running, and is refused as "not whispering" when there is none.
   */
  private async confirmReconciledStop(session: SessionPort, first: SessionResult, target: string): Promise<Performed> {
    this.deps.logger.warn('hedged stop naming a target reconciled on 900-004; confirming with a stop without the target', {
      method: 'requestStopWhisperAgent',
      whisperAgentId: target,
    });
    const second = await session.stopWhisper();
    if (second.ok) return { result: { ...second, durationMs: first.durationMs + second.durationMs }, retriedWithoutTarget: true };
    if (second.failure.kind === 'retcode' && NOT_WHISPERING.has(second.failure.retcode)) return { result: first };
    return { result: sayIfSessionGone(session, { ...second, durationMs: first.durationMs + second.durationMs }), retriedWithoutTarget: true };
  }

  private async perform(
    action: WhisperAction,
    trigger: Trigger,
    target: string | null,
    run: (session: SessionPort) => Promise<Performed>,
  ): Promise<ActionResult> {
    const session = this.deps.session();
    let result: ActionResult;
    try {
      result = session ? actionResult(action, target, await run(session)) : this.notConfigured(action, target);
    } catch (error) {
      result = this.failedUnexpectedly(action, trigger, target, error);
    }
    return this.recorded(result, trigger, null);
  }

  private notConfigured(action: WhisperAction, target: string | null): ActionResult {
    return notPerformed(action, target, { kind: 'not-configured', detail: this.deps.notConfiguredDetail() });
  }

  private failedUnexpectedly(action: WhisperAction, trigger: Trigger, target: string | null, error: unknown): ActionResult {
    this.deps.logger.error('action failed unexpectedly', { action, trigger, error: error instanceof Error ? error.name : 'unknown' });
    return notPerformed(action, target, unexpectedFailure(error));
  }

  /** The audit trail and the log get the result as it is returned: the plan's agent, and the one it overrode. */
  private recorded(result: ActionResult, trigger: Trigger, overridden: string | null): ActionResult {
    this.deps.audit.record(result, trigger);
    this.deps.logger.info('inspector action', {
      action: result.action,
      trigger,
      target: result.target,
      overridden,
      ok: result.ok,
      retcode: result.ok ? '0' : retcodeOf(result.failure),
      failure: result.ok ? null : result.failure.kind,
      durationMs: result.durationMs,
      retriedWithoutTarget: result.retriedWithoutTarget ?? false,
      reconciled: result.ok && result.reconciled === true,
    });
    return result;
  }
}

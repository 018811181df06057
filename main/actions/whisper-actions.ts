/**
 * Every inspector action, whichever surface asked for it (panel, tray,
 * shortcut, external trigger, reminder). This is where the product rules live,
 * and where each action's ActionResult is built, once (action-result.ts):
 * - single-flight stop and back-to-listen: presses that arrive while one is in
 *   flight join it and get its result, so the gateway sees one request;
 * - which agent a stop names: one rule for every surface (stop-target.ts);
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
import { planStop, stopTarget } from './stop-target';

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
  /** Only an agent the person named on purpose (the panel's roster row or target field); see stop-target.ts. */
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

  /** Stops whispering (or listening). Concurrent calls share one gateway request and one result. */
  stop(request: StopRequest): Promise<ActionResult> {
    if (this.stopFlight) {
      this.deps.logger.info('stop joined the one in flight', { trigger: request.trigger });
      return this.stopFlight;
    }
    const target = stopTarget(request.whisperAgentId, this.deps.session()?.snapshot() ?? null);
    const flight = this.perform('stop', request.trigger, target ?? null, (session) => this.verifiedStop(session, request.whisperAgentId));
    this.stopFlight = flight;
    void flight.finally(() => {
      if (this.stopFlight === flight) this.stopFlight = null;
    });
    return flight;
  }

  /** Ends whispering but keeps listening (switchtype=0). Concurrent calls share one request. */
  backToListen(request: { readonly trigger: Trigger }): Promise<ActionResult> {
    if (this.backToListenFlight) return this.backToListenFlight;
    const target = stopTarget(undefined, this.deps.session()?.snapshot() ?? null);
    const flight = this.perform('back-to-listen', request.trigger, target ?? null, (s) => plain(s.switchMode('listen', target)));
    this.backToListenFlight = flight;
    void flight.finally(() => {
      if (this.backToListenFlight === flight) this.backToListenFlight = null;
    });
    return flight;
  }

  start(request: { readonly trigger: Trigger; readonly whisperAgentId: string }): Promise<ActionResult> {
    return this.perform('start', request.trigger, request.whisperAgentId, (s) => plain(s.startWhisper(request.whisperAgentId)));
  }

  switchMode(request: SwitchRequest): Promise<ActionResult> {
    const target = request.whisperAgentId ?? null;
    if (request.mode === 'insert' && request.confirmed !== true && this.deps.settings().bargeGuard) {
      this.deps.logger.info('insert held by the barge guard until confirmed', { trigger: request.trigger });
      return Promise.resolve(heldForConfirmation('switch', target, 'barge', BARGE_CONFIRMATION));
    }
    return this.perform('switch', request.trigger, target, (s) => plain(s.switchMode(request.mode, request.whisperAgentId)));
  }

  /** Starts listening to an agent (§1.4). */
  listen(request: TargetRequest): Promise<ActionResult> {
    return this.singleFlight('listen', request, (s) => plain(s.startMonitoring('listen', request.whisperAgentId)));
  }

  /** Barges in on an agent's call (§1.5): the customer hears the inspector, so the barge guard asks first. */
  insert(request: TargetRequest): Promise<ActionResult> {
    if (request.confirmed !== true && this.deps.settings().bargeGuard) {
      return this.held('insert', request, 'barge', BARGE_CONFIRMATION);
    }
    return this.singleFlight('insert', request, (s) => plain(s.startMonitoring('insert', request.whisperAgentId)));
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

  private singleFlight(action: WhisperAction, request: TargetRequest, run: (session: SessionPort) => Promise<Performed>): Promise<ActionResult> {
    const key = `${action}:${request.whisperAgentId}`;
    const inFlight = this.targetFlights.get(key);
    if (inFlight) {
      this.deps.logger.info(`${action} joined the one in flight`, { trigger: request.trigger, whisperAgentId: request.whisperAgentId });
      return inFlight;
    }
    const flight = this.perform(action, request.trigger, request.whisperAgentId, run);
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

  private async verifiedStop(session: SessionPort, named: string | undefined): Promise<Performed> {
    const plan = planStop(named, session.snapshot());
    if (plan.kind === 'cancel-monitoring') return { result: sayIfSessionGone(session, await session.cancelListenOrInsert(plan.workNo)) };
    const { target } = plan;
    const first = await session.stopWhisper(target);
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
      result = session
        ? actionResult(action, target, await run(session))
        : notPerformed(action, target, { kind: 'not-configured', detail: this.deps.notConfiguredDetail() });
    } catch (error) {
      this.deps.logger.error('action failed unexpectedly', { action, trigger, error: error instanceof Error ? error.name : 'unknown' });
      result = notPerformed(action, target, unexpectedFailure(error));
    }
    this.deps.audit.record(result, trigger);
    this.deps.logger.info('inspector action', {
      action,
      trigger,
      target,
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

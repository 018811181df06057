/**
 * The one monitoring model: what the session is, whom the inspector monitors and how, and what each
 * action will do. Every surface (panel, tray icon/tooltip/menu, reminder, notifications) and the
 * audit read these answers; none works them out again. Pure: no Node, DOM or Electron.
 * See docs/reliability.md, "Which agent a stop names".
 */
import { isOnCall, type AgentStatus } from './roster';
import type { SessionPhase, SessionSnapshot, WhisperMode, WhisperState } from './whisper';

/** Signed in, even while the event poll has lost the gateway: the Guid may still be good. */
export function isSignedIn(snapshot: Pick<SessionSnapshot, 'phase'> | null | undefined): boolean {
  return isSignedInPhase(snapshot?.phase);
}

export function isSignedInPhase(phase: SessionPhase | null | undefined): boolean {
  return phase === 'signed-in' || phase === 'connection-lost';
}

/**
 * The monitoring the person should be shown: none unless signed in. A whisper left on an expired
 * session is not shown as current (the panel says instead that it may still run on the gateway).
 */
export function currentMonitoring(snapshot: SessionSnapshot | null | undefined): WhisperState | null {
  return snapshot && isSignedIn(snapshot) ? snapshot.whisper : null;
}

/**
 * Stop is offered whenever signed in: with nothing known to be monitored it still sends a stop
 * without a target, which ends whatever whisper the gateway has for this inspector (protocol §1.2).
 */
export function canStop(snapshot: SessionSnapshot | null | undefined): boolean {
  return isSignedIn(snapshot);
}

/** What Stop will end, and so what it is called: "Stop whispering", "Stop listening", "Stop barging in". */
export type StopKind = 'whisper' | 'listen' | 'insert';

export function stopKind(snapshot: SessionSnapshot | null | undefined): StopKind {
  const monitoring = currentMonitoring(snapshot);
  return monitoring ? monitoring.mode : 'whisper';
}

/** The catalogue key naming Stop for this state (app/i18n: stopLabel.*). */
export function stopLabelKey(kind: StopKind): `stopLabel.${StopKind}` {
  return `stopLabel.${kind}`;
}

export type StopPlan =
  /** Ends a listen or insert on this agent: DELETE qualitycontrol/{id}/{workNo} (protocol §1.6). */
  | { readonly kind: 'cancel-monitoring'; readonly mode: 'listen' | 'insert'; readonly workNo: string; readonly overridden: string | null }
  /** Ends a whisper; `target` null sends no whisperagentid (the gateway stops whatever whisper there is). */
  | { readonly kind: 'stop-whisper'; readonly target: string | null; readonly overridden: null };

/**
 * The one stop rule for every surface. `named` is an agent the person chose (a roster row's or the
 * target field's Stop); surfaces that only say "stop" pass null.
 * 1. While listening to or barging in on a known agent, Stop cancels that (the whisper stop ends only
 *    a whisper, protocol §1.2 / §1.6). A different agent named is overridden, and the plan says so,
 *    so the result and the audit name the agent actually acted on.
 * 2. Otherwise the whisper stop names the agent named, else the agent monitored, else none.
 */
export function planStop(named: string | null | undefined, snapshot: SessionSnapshot | null | undefined): StopPlan {
  const monitoring = currentMonitoring(snapshot);
  if (monitoring && monitoring.target !== null && (monitoring.mode === 'listen' || monitoring.mode === 'insert')) {
    const overridden = named && named !== monitoring.target ? named : null;
    return { kind: 'cancel-monitoring', mode: monitoring.mode, workNo: monitoring.target, overridden };
  }
  return { kind: 'stop-whisper', target: named ?? monitoring?.target ?? null, overridden: null };
}

/** The agent a plan acts on, as the result, history and audit must record it (null: none named). */
export function planAgent(plan: StopPlan): string | null {
  return plan.kind === 'cancel-monitoring' ? plan.workNo : plan.target;
}

export type StartPlan =
  /** POST requestwhisperagent / PUT addsupervise / PUT addinsert on an agent not monitored yet. */
  | { readonly kind: 'start'; readonly mode: WhisperMode; readonly target: string }
  /** The agent is already monitored in another mode: requestswitchinsertwhisperagent (protocol §1.3). */
  | { readonly kind: 'switch'; readonly mode: WhisperMode; readonly target: string }
  /** Already in that mode on that agent: nothing to send. */
  | { readonly kind: 'already'; readonly mode: WhisperMode; readonly target: string };

/**
 * Starting a mode on an agent: a start when nothing is monitored or another agent is, a switch when the
 * same agent is monitored in another mode. Listen/whisper/insert started on the agent already monitored
 * is a switch (protocol §1.3 switches only within the current QC leg [inferred]).
 */
export function planStart(mode: WhisperMode, target: string, snapshot: SessionSnapshot | null | undefined): StartPlan {
  const monitoring = currentMonitoring(snapshot);
  if (monitoring && monitoring.target === target) {
    return monitoring.mode === mode ? { kind: 'already', mode, target } : { kind: 'switch', mode, target };
  }
  return { kind: 'start', mode, target };
}

/** Whether the customer hears the inspector in this mode: the heard modes are asked before they start. */
export function customerHears(mode: WhisperMode): boolean {
  return mode === 'insert';
}

/** What an agent's row (or menu entry) may do: start a mode, take the call over. Stopping is Stop's. */
export type OfferedAction = WhisperMode | 'intercept';

/**
 * The actions offered on an agent, one monitoring at a time: on the agent monitored, the other modes
 * (each a switch, see planStart) and take over; on any other agent, the three starts, only while
 * nothing is monitored and the agent may be on a call (an unknown state may be one: the gateway
 * decides, protocol §1.9 [inferred]); otherwise none.
 */
export function offeredActions(workNo: string, status: AgentStatus, snapshot: SessionSnapshot | null | undefined): readonly OfferedAction[] {
  if (!isSignedIn(snapshot)) return [];
  const monitoring = currentMonitoring(snapshot);
  if (monitoring?.target === workNo) return [...MODES.filter((mode) => mode !== monitoring.mode), 'intercept'];
  return monitoring === null && (isOnCall(status) || status === 'unknown') ? MODES : [];
}

const MODES: readonly WhisperMode[] = ['listen', 'whisper', 'insert'];

/**
 * The one monitoring model: what the session is, whom the inspector monitors and how, and what each
 * action will do. Every surface (panel, tray icon/tooltip/menu, reminder, notifications) and the
 * audit read these answers; none works them out again. Pure: no Node, DOM or Electron.
 * See docs/reliability.md, "Which agent a stop names".
 */
import { isOnCall, type AgentStatus, type Roster } from './roster';
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

/** Back to listen is offered while signed in and not already listening (nothing known counts as not listening). */
export function canBackToListen(snapshot: SessionSnapshot | null | undefined): boolean {
  return isSignedIn(snapshot) && currentMonitoring(snapshot)?.mode !== 'listen';
}

/** What Stop will end, and so what it is called: "Stop whispering", "Stop listening", "Stop barging in". */
export type StopKind = 'whisper' | 'listen' | 'insert';

export function stopKind(snapshot: SessionSnapshot | null | undefined): StopKind {
  // What Stop is called is what it will send (planStop): a listen or barge-in whose agent is not known
  // cannot be cancelled, so Stop then sends, and says, the whisper stop.
  return planStop(null, snapshot).ends;
}

/** The catalogue key naming Stop for this state (app/i18n: stopLabel.*). */
export function stopLabelKey(kind: StopKind): `stopLabel.${StopKind}` {
  return `stopLabel.${kind}`;
}

export type StopPlan =
  /** Ends a listen or insert on this agent: DELETE qualitycontrol/{id}/{workNo} (protocol §1.6). */
  | { readonly kind: 'cancel-monitoring'; readonly mode: 'listen' | 'insert'; readonly ends: 'listen' | 'insert'; readonly workNo: string; readonly overridden: string | null }
  /** Ends a whisper; `target` null sends no whisperagentid (the gateway stops whatever whisper there is). */
  | { readonly kind: 'stop-whisper'; readonly ends: 'whisper'; readonly target: string | null; readonly overridden: null };

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
    return { kind: 'cancel-monitoring', mode: monitoring.mode, ends: monitoring.mode, workNo: monitoring.target, overridden };
  }
  return { kind: 'stop-whisper', ends: 'whisper', target: named ?? monitoring?.target ?? null, overridden: null };
}

/** The agent a plan acts on, as the result, history and audit must record it (null: none named). */
export function planAgent(plan: StopPlan): string | null {
  return plan.kind === 'cancel-monitoring' ? plan.workNo : plan.target;
}

/**
 * A switch of mode (requestswitchinsertwhisperagent, protocol §1.3) acts on the agent named, else the
 * one monitored: the request, the result and the audit all name that agent.
 */
export interface SwitchPlan {
  readonly kind: 'switch';
  readonly mode: WhisperMode;
  readonly target: string | null;
}

export function planSwitch(mode: WhisperMode, named: string | null | undefined, snapshot: SessionSnapshot | null | undefined): SwitchPlan {
  return { kind: 'switch', mode, target: named ?? currentMonitoring(snapshot)?.target ?? null };
}

/** Back to listen: requestswitchinsertwhisperagent switchtype=0 on the agent monitored, else none named. */
export interface BackToListenPlan extends SwitchPlan {
  readonly mode: 'listen';
}

export function planBackToListen(snapshot: SessionSnapshot | null | undefined): BackToListenPlan {
  return { kind: 'switch', mode: 'listen', target: currentMonitoring(snapshot)?.target ?? null };
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

/** The name the roster gives an agent, when it knows one (the gateway may leave names empty). */
export function agentName(workNo: string | null | undefined, roster: Pick<Roster, 'agents'> | null | undefined): string | null {
  if (!workNo || !roster) return null;
  const name = roster.agents.find((agent) => agent.workNo === workNo)?.name;
  return name ? name : null;
}

/**
 * What the inspector is doing to which agent follows from the inspector's own successful
 * start/switch/stop results and from the events polled for the inspector: the one function that
 * turns an outcome into the next state. The session feeds it inputs and keeps the result.
 */
export type MonitoringInput =
  | { readonly kind: 'started'; readonly target: string; readonly at: number }
  | { readonly kind: 'switched'; readonly mode: WhisperMode; readonly target: string | null; readonly at: number }
  | { readonly kind: 'stopped'; readonly at: number }
  | { readonly kind: 'event'; readonly event: MonitoringEvent; readonly inspectorId: string; readonly at: number }
  | { readonly kind: 'session-ended' };

/** The part of a polled gateway event the reducer reads. */
export interface MonitoringEvent {
  readonly eventType: string;
  readonly workNo?: string;
  readonly content?: unknown;
  readonly eventGenTime?: number;
}

/**
 * Events that, sent to the inspector, mean the inspector's QC leg is over.
 * Protocol §6 documents PhoneRelease + AgentState_Ready for the inspector when a
 * listen/insert is cancelled; we read them the same way for a whisper that ends
 * outside the app (call ended, another client stopped it) [inferred].
 */
const INSPECTOR_LEG_OVER = new Set(['AgentOther_PhoneRelease', 'AgentState_Ready']);

/** The inspector signed out or was signed out by the gateway: no QC leg survives it. */
const INSPECTOR_SIGNED_OUT = 'AgentOther_ShutdownService';

/** qcType values of AgentOther_BeQcStart/Stop (protocol §6). */
const QC_TYPE_MODE: Readonly<Record<number, WhisperMode>> = { 8: 'listen', 9: 'insert', 20172: 'whisper', 20173: 'whisper' };

export function nextMonitoring(state: WhisperState | null, input: MonitoringInput): WhisperState | null {
  switch (input.kind) {
    case 'started':
      return { target: input.target, mode: 'whisper', since: input.at };
    case 'switched': {
      const target = input.target ?? state?.target ?? null;
      if (state && state.mode === input.mode && state.target === target) return state;
      return { target, mode: input.mode, since: input.at };
    }
    case 'stopped':
      return null;
    case 'session-ended':
      return null;
    case 'event':
      return nextOnEvent(state, input.event, input.inspectorId);
  }
}

function nextOnEvent(state: WhisperState | null, event: MonitoringEvent, inspectorId: string): WhisperState | null {
  if (!state) return null;
  // An event generated before the current mode began describes an earlier leg
  // (e.g. the AgentState_Ready queued at sign-in or by the previous stop) [inferred:
  // eventGenTime and our clock are comparable, both epoch ms on the gateway's side and ours].
  if (typeof event.eventGenTime === 'number' && event.eventGenTime < state.since) return state;
  const toInspector = event.workNo === undefined || event.workNo === inspectorId;

  if (toInspector && (INSPECTOR_LEG_OVER.has(event.eventType) || event.eventType === INSPECTOR_SIGNED_OUT)) return null;

  // BeQcStop/BeQcStart go to the inspected agent (protocol §6); a gateway that also
  // copies them to the inspector tells us the leg ended or changed mode [inferred].
  const qc = readQcContent(event.content);
  if (qc && qc.inspector === inspectorId) {
    if (event.eventType === 'AgentOther_BeQcStop') return null;
    if (event.eventType === 'AgentOther_BeQcStart' && qc.mode && qc.mode !== state.mode) {
      return { target: state.target, mode: qc.mode, since: typeof event.eventGenTime === 'number' ? event.eventGenTime : state.since };
    }
  }
  return state;
}

function readQcContent(content: unknown): { inspector: string; mode: WhisperMode | null } | null {
  if (typeof content !== 'object' || content === null) return null;
  const record = content as Record<string, unknown>;
  const qcAgentId = record['qcAgentId'];
  if (typeof qcAgentId !== 'string' && typeof qcAgentId !== 'number') return null;
  const qcType = Number(record['qcType']);
  return { inspector: String(qcAgentId), mode: QC_TYPE_MODE[qcType] ?? null };
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

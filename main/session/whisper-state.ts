import type { WhisperMode, WhisperState } from '../../app/whisper';

/**
 * What the inspector is doing to which agent, derived from the inspector's own
 * successful start/switch/stop results and from the events polled for the
 * inspector. Pure: the session feeds it inputs and keeps the result.
 */
export type WhisperInput =
  | { readonly kind: 'started'; readonly target: string; readonly at: number }
  | { readonly kind: 'switched'; readonly mode: WhisperMode; readonly target: string | null; readonly at: number }
  | { readonly kind: 'stopped'; readonly at: number }
  | { readonly kind: 'event'; readonly event: WhisperEvent; readonly inspectorId: string; readonly at: number }
  | { readonly kind: 'session-ended' };

/** The part of a polled gateway event the reducer reads. */
export interface WhisperEvent {
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

export function reduceWhisper(state: WhisperState | null, input: WhisperInput): WhisperState | null {
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
      return reduceEvent(state, input.event, input.inspectorId);
  }
}

function reduceEvent(state: WhisperState | null, event: WhisperEvent, inspectorId: string): WhisperState | null {
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

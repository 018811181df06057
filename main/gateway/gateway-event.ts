import type { Failure } from '../../app/failures';

/** One event from a poll (protocol §3): one per response [inferred from the singular `event`]. */
export interface GatewayEvent {
  eventType: string;
  workNo: string;
  content: unknown;
  eventGenTime?: number;
}

/**
 * `event` of a successful poll: null when the hold ended with nothing to report
 * (absent, null or an empty object), otherwise a checked GatewayEvent.
 */
export function readPolledEvent(value: unknown): { ok: true; event: GatewayEvent | null } | { ok: false; failure: Failure } {
  if (value === undefined || value === null) return { ok: true, event: null };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, failure: { kind: 'bad-shape', detail: 'event is not an object' } };
  }
  const e = value as Record<string, unknown>;
  if (Object.keys(e).length === 0) return { ok: true, event: null };
  if (typeof e.eventType !== 'string' || e.eventType === '') {
    return { ok: false, failure: { kind: 'bad-shape', detail: 'event.eventType is missing' } };
  }
  const workNo = typeof e.workNo === 'number' && Number.isFinite(e.workNo) ? String(e.workNo) : e.workNo;
  if (typeof workNo !== 'string') return { ok: false, failure: { kind: 'bad-shape', detail: 'event.workNo is missing' } };
  const event: GatewayEvent = { eventType: e.eventType, workNo, content: e.content ?? null };
  if (typeof e.eventGenTime === 'number' && Number.isFinite(e.eventGenTime)) event.eventGenTime = e.eventGenTime;
  return { ok: true, event };
}

/**
 * Reads the §1.9 roster answer at the boundary. `result` must be an array (else the answer is not a
 * roster: bad-shape); each row needs a `workno` the actions accept (app/agent-id.ts, with the
 * configured upper bound), else it is dropped and counted, never failing the list: a row shown is a
 * row that can be listened to. Unknown status codes read as 'unknown'; names are trimmed to a bounded plain
 * string. The inspector's own ID is left out, as Huawei's sample does. [inferred from sample code]
 */
import { AGENT_ID_MAX_CLASSIC, agentIdProblem } from '../../app/agent-id';
import { agentStatusOf, type RosterAgent } from '../../app/roster';
import type { Failure } from '../../app/failures';

/** A big VDN has hundreds of agents; anything far beyond is not a roster a person can use. */
export const MAX_ROSTER_ROWS = 5000;
const MAX_NAME_CHARS = 64;
/** Control characters and bidirectional overrides would garble the list (and could spoof it). */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface RosterRead {
  readonly agents: RosterAgent[];
  readonly dropped: number;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function readRoster(result: unknown, ownId: string, agentIdUpperBound: number = AGENT_ID_MAX_CLASSIC): { ok: true; result: RosterRead } | { ok: false; failure: Failure } {
  if (!Array.isArray(result)) {
    return { ok: false, failure: { kind: 'bad-shape', detail: 'the agent list (result) is not an array' } };
  }
  const agents: RosterAgent[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const row of result.slice(0, MAX_ROSTER_ROWS)) {
    const record = typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : null;
    const workNo = record ? text(record['workno']) : null;
    if (record === null || workNo === null || agentIdProblem(workNo, agentIdUpperBound) !== null || seen.has(workNo)) {
      dropped += 1;
      continue;
    }
    seen.add(workNo);
    if (workNo === ownId) continue;
    const name = (text(record['name']) ?? '').replace(UNSAFE_CHARS, '').trim().slice(0, MAX_NAME_CHARS);
    const status = agentStatusOf(text(record['status']) ?? '');
    agents.push({ workNo, name, status });
  }
  dropped += Math.max(0, result.length - MAX_ROSTER_ROWS);
  agents.sort((a, b) => Number(a.workNo) - Number(b.workNo));
  return { ok: true, result: { agents, dropped } };
}

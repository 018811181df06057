/**
 * The roster shows only agents the actions accept: the same agent-ID rule (app/agent-id.ts) with the
 * configured upper bound, so Listen on a row shown is never refused as out of range.
 */
import { describe, expect, it } from 'vitest';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC, agentIdProblem } from '@app/agent-id';
import { readRoster } from '@main/gateway/roster';

const rows = ['100', '101', '1002', '59999', '60000', '999999'].map((workno) => ({ workno, name: `agent ${workno}`, status: '7' }));

function shown(upperBound: number): string[] {
  const read = readRoster(rows, '9999', upperBound);
  if (!read.ok) throw new Error('not a roster');
  return read.result.agents.map((agent) => agent.workNo);
}

describe('the roster applies the agent-ID rule of the actions', () => {
  it('on a 2023/2024 gateway (up to 59999), rows 100, 60000 and 999999 are not offered, and are counted as dropped', () => {
    expect(shown(AGENT_ID_MAX_CLASSIC)).toEqual(['101', '1002', '59999']);
    const read = readRoster(rows, '9999', AGENT_ID_MAX_CLASSIC);
    expect(read.ok && read.result.dropped).toBe(3);
  });

  it('on a 2025 gateway (up to 999999), 60000 and 999999 are offered; 100 never is', () => {
    expect(shown(AGENT_ID_MAX_2025)).toEqual(['101', '1002', '59999', '60000', '999999']);
  });

  it('every row offered passes the check Listen applies', () => {
    for (const bound of [AGENT_ID_MAX_CLASSIC, AGENT_ID_MAX_2025]) {
      for (const workNo of shown(bound)) expect(agentIdProblem(workNo, bound)).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AGENT_ID_MAX_2025, checkAgentId } from '@app/agent-id';

describe('checkAgentId', () => {
  it.each(['101', '59999', '1002'])('accepts %s in the classic range', (id) => {
    expect(checkAgentId('whisperAgentId', id)).toEqual({ ok: true, value: id });
  });

  it.each([
    ['100', 'out-of-range'],
    ['60000', 'out-of-range'],
    ['999999', 'out-of-range'],
    ['0101', 'not-decimal'],
    [' 101', 'not-decimal'],
    ['101 ', 'not-decimal'],
    ['1e3', 'not-decimal'],
    ['+101', 'not-decimal'],
    ['-101', 'not-decimal'],
    ['10.5', 'not-decimal'],
    ['١٠١', 'not-decimal'],
    ['1000000', 'not-decimal'],
    ['', 'missing'],
    [undefined, 'missing'],
    [null, 'missing'],
    [101, 'not-decimal'],
  ])('rejects %j as %s', (input, problem) => {
    const check = checkAgentId('whisperAgentId', input);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).toBe(problem);
      expect(check.field).toBe('whisperAgentId');
      expect(check.message).toContain('101–59999');
      expect(check.message).toMatch(/^Target agent ID/);
    }
  });

  it('accepts up to 999999 when the 2025 bound is configured, and no further', () => {
    expect(checkAgentId('agentId', '999999', AGENT_ID_MAX_2025).ok).toBe(true);
    expect(checkAgentId('agentId', '60000', AGENT_ID_MAX_2025).ok).toBe(true);
    const tooBig = checkAgentId('agentId', '1000000', AGENT_ID_MAX_2025);
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect(tooBig.message).toContain('101–999999');
  });
});

/**
 * Agent work numbers as CC-Gateway accepts them: decimal strings with no sign,
 * no leading zero, no spaces or exponent. 2023/2024 gateways accept 101–59999
 * (the seed's range); 2025 editions accept up to 999999 (protocol §0, §8).
 */
import { AGENT_ID_MESSAGES } from './i18n/agent-id';

export const AGENT_ID_MIN = 101;
export const AGENT_ID_MAX_CLASSIC = 59999;
export const AGENT_ID_MAX_2025 = 999999;

export type AgentIdField = 'agentId' | 'whisperAgentId';

export interface AgentIdRange {
  readonly min: number;
  readonly max: number;
}

export function agentIdRange(upperBound: number = AGENT_ID_MAX_CLASSIC): AgentIdRange {
  return { min: AGENT_ID_MIN, max: upperBound };
}

export type AgentIdProblem = 'missing' | 'not-decimal' | 'out-of-range';

export type AgentIdCheck =
  | { ok: true; value: string }
  /** `message` in English, `messageZh` the same in Simplified Chinese. */
  | { ok: false; field: AgentIdField; problem: AgentIdProblem; range: AgentIdRange; message: string; messageZh: string };

/** Only ASCII digits, first digit 1–9: rejects '0101', ' 101', '1e3', '+101', '١٠١'. */
const DECIMAL_WORK_NUMBER = /^[1-9][0-9]{0,5}$/;

/** Whether a work number is acceptable, without words: the panel says the problem in its own language. */
export function agentIdProblem(input: unknown, upperBound: number = AGENT_ID_MAX_CLASSIC): AgentIdProblem | null {
  if (input === undefined || input === null || input === '') return 'missing';
  if (typeof input !== 'string' || !DECIMAL_WORK_NUMBER.test(input)) return 'not-decimal';
  const value = Number(input);
  const range = agentIdRange(upperBound);
  return value < range.min || value > range.max ? 'out-of-range' : null;
}

/** The check main applies at every boundary: the problem worded in both languages (app/i18n/agent-id.ts). */
export function checkAgentId(field: AgentIdField, input: unknown, upperBound: number = AGENT_ID_MAX_CLASSIC): AgentIdCheck {
  const problem = agentIdProblem(input, upperBound);
  if (problem === null) return { ok: true, value: input as string };
  const range = agentIdRange(upperBound);
  const words = { field, range: `${range.min}–${range.max}`, value: String(input) };
  return {
    ok: false,
    field,
    problem,
    range,
    message: AGENT_ID_MESSAGES.en[problem](words),
    messageZh: AGENT_ID_MESSAGES['zh-CN'][problem](words),
  };
}

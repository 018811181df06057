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

export function checkAgentId(field: AgentIdField, input: unknown, upperBound: number = AGENT_ID_MAX_CLASSIC): AgentIdCheck {
  const range = agentIdRange(upperBound);
  const words = { field, range: `${range.min}–${range.max}` };
  const { en, 'zh-CN': zh } = AGENT_ID_MESSAGES;
  if (input === undefined || input === null || input === '') {
    return {
      ok: false,
      field,
      problem: 'missing',
      range,
      message: en.missing(words),
      messageZh: zh.missing(words),
    };
  }
  if (typeof input !== 'string' || !DECIMAL_WORK_NUMBER.test(input)) {
    return {
      ok: false,
      field,
      problem: 'not-decimal',
      range,
      message: en['not-decimal'](words),
      messageZh: zh['not-decimal'](words),
    };
  }
  const value = Number(input);
  if (value < range.min || value > range.max) {
    return {
      ok: false,
      field,
      problem: 'out-of-range',
      range,
      message: en['out-of-range']({ ...words, value: input }),
      messageZh: zh['out-of-range']({ ...words, value: input }),
    };
  }
  return { ok: true, value: input };
}

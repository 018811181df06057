/**
 * Agent work numbers as CC-Gateway accepts them: decimal strings with no sign,
 * no leading zero, no spaces or exponent. 2023/2024 gateways accept 101–59999
 * (the seed's range); 2025 editions accept up to 999999 (protocol §0, §8).
 */
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

const FIELD_LABEL: Record<AgentIdField, string> = {
  agentId: 'Agent ID',
  whisperAgentId: 'Target agent ID',
};
const FIELD_LABEL_ZH: Record<AgentIdField, string> = {
  agentId: '质检员工号',
  whisperAgentId: '目标工号',
};

/** Only ASCII digits, first digit 1–9: rejects '0101', ' 101', '1e3', '+101', '١٠١'. */
const DECIMAL_WORK_NUMBER = /^[1-9][0-9]{0,5}$/;

export function checkAgentId(field: AgentIdField, input: unknown, upperBound: number = AGENT_ID_MAX_CLASSIC): AgentIdCheck {
  const range = agentIdRange(upperBound);
  const label = FIELD_LABEL[field];
  const labelZh = FIELD_LABEL_ZH[field];
  const rangeText = `${range.min}–${range.max}`;
  if (input === undefined || input === null || input === '') {
    return {
      ok: false,
      field,
      problem: 'missing',
      range,
      message: `${label} is required: enter a work number from ${rangeText}.`,
      messageZh: `请填写${labelZh}（${rangeText}）。`,
    };
  }
  if (typeof input !== 'string' || !DECIMAL_WORK_NUMBER.test(input)) {
    return {
      ok: false,
      field,
      problem: 'not-decimal',
      range,
      message: `${label} must be a plain work number (digits only, no leading zero or spaces) from ${rangeText}.`,
      messageZh: `${labelZh}只能是数字，不含前导零或空格（${rangeText}）。`,
    };
  }
  const value = Number(input);
  if (value < range.min || value > range.max) {
    return {
      ok: false,
      field,
      problem: 'out-of-range',
      range,
      message: `${label} ${input} is outside the allowed range ${rangeText}.`,
      messageZh: `${labelZh} ${input} 超出允许范围 ${rangeText}。`,
    };
  }
  return { ok: true, value: input };
}

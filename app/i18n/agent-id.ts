/**
 * Why an agent work number was refused (app/agent-id.ts), in both languages. Kept apart from
 * validation.ts so that each stays small; the panel words agent-ID problems with its own keys
 * (panel-en.ts) and does not load these.
 */
import type { Translations } from './catalogue';

type Field = 'agentId' | 'whisperAgentId';
interface Params {
  readonly field: Field;
  readonly range: string;
  readonly value: string;
}

const LABEL_EN: Record<Field, string> = { agentId: 'Agent ID', whisperAgentId: 'Target agent ID' };
const LABEL_ZH: Record<Field, string> = { agentId: '质检员工号', whisperAgentId: '目标工号' };

const EN = {
  missing: (p: Params) => `${LABEL_EN[p.field]} is required: enter a work number from ${p.range}.`,
  'not-decimal': (p: Params) => `${LABEL_EN[p.field]} must be a plain work number (digits only, no leading zero or spaces) from ${p.range}.`,
  'out-of-range': (p: Params) => `${LABEL_EN[p.field]} ${p.value} is outside the allowed range ${p.range}.`,
};

type AgentIdBook = typeof EN;

const ZH: AgentIdBook = {
  missing: (p) => `请填写${LABEL_ZH[p.field]}（${p.range}）。`,
  'not-decimal': (p) => `${LABEL_ZH[p.field]}只能是数字，不含前导零或空格（${p.range}）。`,
  'out-of-range': (p) => `${LABEL_ZH[p.field]} ${p.value} 超出允许范围 ${p.range}。`,
};

export const AGENT_ID_MESSAGES: Translations<AgentIdBook> = { en: EN, 'zh-CN': ZH };

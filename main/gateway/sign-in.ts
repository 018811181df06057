import type { Failure } from '../../app/failures';
import type { Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';

/** Sign-in body fields this app uses (protocol §2.1 fields 1–8). */
export interface SignInBody {
  password: string;
  phonenum: string;
  autoanswer?: boolean;
  autoenteridle?: boolean;
  releasephone?: boolean;
  agenttype?: number;
  status?: number;
  ip?: string;
}

/** `result` of a successful sign-in (§2.1). The gateway may send numbers where the table says strings (vdnid). */
export interface SignInResult {
  vdnid: string | null;
  workno: string | null;
  mediatype: string | null;
  loginTime: string | null;
  isForceChange: string | null;
  serverName: string | null;
  timeRemaining: string | null;
}

/** Documented defaults, always sent explicitly so both sign-in routes behave the same (§2.1). */
const DEFAULTS = {
  autoanswer: true,
  autoenteridle: true,
  // The forced-sign-in excerpt lists false here (§8); sending true on both routes keeps
  // the phone behaving the same whether or not the inspector had to force the sign-in.
  releasephone: true,
  agenttype: 4, // PC + phone agent
  status: 4, // idle after sign-in
  ip: '127.0.0.1',
} as const;

const AGENT_TYPES = new Set([4, 11]);
const STATUSES = new Set([3, 4, 5]);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function invalid(field: string, text: Notice): { ok: false; failure: Failure } {
  return { ok: false, failure: { kind: 'validation', field, problem: 'invalid', message: text.en, zh: text['zh-CN'] } };
}

/**
 * Validates the sign-in body and fills the defaults. Messages never echo the
 * password, and say what a valid value looks like.
 */
export function buildSignInBody(input: SignInBody | undefined): { ok: true; json: string } | { ok: false; failure: Failure } {
  if (typeof input !== 'object' || input === null) return invalid('body', validationText('signIn.body'));
  const { password, phonenum } = input;
  if (typeof password !== 'string' || password === '') return invalid('password', validationText('signIn.password'));
  if (typeof phonenum !== 'string' || !/^\S{1,24}$/.test(phonenum)) {
    return invalid('phonenum', validationText('signIn.phone'));
  }
  const body = { ...DEFAULTS, ...definedOnly(input) };
  for (const flag of ['autoanswer', 'autoenteridle', 'releasephone'] as const) {
    if (typeof body[flag] !== 'boolean') return invalid(flag, validationText('signIn.flag', { flag }));
  }
  if (!AGENT_TYPES.has(body.agenttype)) return invalid('agenttype', validationText('signIn.agentType'));
  if (!STATUSES.has(body.status)) return invalid('status', validationText('signIn.status'));
  if (typeof body.ip !== 'string' || !IPV4.test(body.ip)) return invalid('ip', validationText('signIn.ip'));
  return {
    ok: true,
    json: JSON.stringify({
      password,
      phonenum,
      autoanswer: body.autoanswer,
      autoenteridle: body.autoenteridle,
      releasephone: body.releasephone,
      agenttype: body.agenttype,
      status: body.status,
      ip: body.ip,
    }),
  };
}

function definedOnly(input: SignInBody): Partial<SignInBody> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<SignInBody>;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Reads the fields this app knows from `result`; anything missing or odd becomes null. */
export function readSignInResult(result: unknown): SignInResult {
  const r = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  return {
    vdnid: text(r.vdnid),
    workno: text(r.workno),
    mediatype: text(r.mediatype),
    loginTime: text(r.loginTime),
    isForceChange: text(r.isForceChange),
    serverName: text(r.serverName),
    timeRemaining: text(r.timeRemaining),
  };
}

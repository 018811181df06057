import { AgentBook } from './agents';
import type { GatewayState, RequestContext } from './context';
import { failure, success, type Reply } from './http-reply';
import { contentTypeProblem, pathIdProblem } from './guards';

/**
 * PUT onlineagent/{agentid} and …/forcelogin (protocol §2.1, §2.2). The 100-0xx codes are the
 * §5 sign-in codes applied to the situations they name [inferred: the pages list none per call].
 */

interface SignInRequest {
  password: string;
  phonenum: string;
  status: number;
}

const BOOLEAN_FIELDS = ['autoanswer', 'autoenteridle', 'releasephone', 'phonelinkage', 'checkInWebm', 'checkInMailm', 'listenStatus'];

function parseBody(body: string): SignInRequest | Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return failure('100-001', 'the sign-in body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return failure('100-001', 'the sign-in body must be a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  const { password, phonenum, agenttype, status, ip } = fields;
  if (typeof password !== 'string' || password === '' || typeof phonenum !== 'string' || phonenum === '') {
    return failure('100-001', 'password and phonenum are required strings');
  }
  if (password.length > 32) return failure('100-011', 'password is longer than 32 characters');
  if (phonenum.length > 24) return failure('100-013', 'phonenum is longer than 24 characters');
  const badBoolean = BOOLEAN_FIELDS.find((name) => name in fields && typeof fields[name] !== 'boolean');
  if (badBoolean) return failure('100-011', `${badBoolean} must be a boolean`);
  if (agenttype !== undefined && agenttype !== 4 && agenttype !== 11) return failure('100-012', 'agenttype must be 4 or 11');
  if (status !== undefined && status !== 3 && status !== 4 && status !== 5) return failure('100-011', 'status must be 3, 4 or 5');
  if (ip !== undefined && (typeof ip !== 'string' || ip.length > 15 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))) {
    return failure('100-016', 'ip must be an IPv4 address of at most 15 characters');
  }
  return { password, phonenum, status: typeof status === 'number' ? status : 4 };
}

/** Events the loginex page lists per status; the same for login [inferred, §2.1]. */
const EXTRA_EVENTS_BY_STATUS: Record<number, string[]> = { 3: ['AgentState_SetNotReady_Success'], 4: [], 5: ['AgentState_Work'] };

export function signIn(state: GatewayState, ctx: RequestContext, force: boolean): Reply {
  const refused = pathIdProblem(ctx) ?? contentTypeProblem(ctx);
  if (refused) return refused;
  const request = parseBody(ctx.body);
  if (!('password' in request)) return request;
  const agent = state.book.get(ctx.agentId);
  if (!agent || agent.password !== request.password) return failure('100-004', 'wrong user name or password');
  const phone = AgentBook.phoneProblem(request.phonenum);
  if (phone === 'not-digits') return failure('100-013', 'the phone number to bind is invalid');
  if (phone === 'out-of-range') return failure('100-014', 'the phone number is outside the configured range');
  state.book.expireIdle();
  if (!force && agent.session) return failure('100-002', 'the agent is already signed in');

  const loginTime = Date.now();
  const guid = state.book.startClientSession(agent);
  for (const eventType of ['AgentOther_InService', 'AgentState_Ready', ...(EXTRA_EVENTS_BY_STATUS[request.status] ?? [])]) {
    state.book.queueEvent(agent.id, eventType, null);
  }
  return success(
    {
      vdnid: String(agent.vdn),
      workno: agent.id,
      mediatype: 'TTF',
      loginTime: String(loginTime),
      isForceChange: 'false',
      serverName: 'AgentGateway',
      timeRemaining: '',
    },
    { 'Set-GUID': `JSESSIONID=${guid}` },
  );
}

import { AgentBook, type AgentRecord } from './agents';
import type { GatewayState, RequestContext } from './context';
import { failure, type Reply } from './http-reply';

/** Checks every interface shares (protocol §0, §4). Each returns a refusal, or null to go on. */

const REQUIRED_CONTENT_TYPE = 'application/json;charset=utf-8';

/** §0: mandatory on every call. Case and spaces are forgiven; the journal keeps the exact bytes. */
export function contentTypeProblem(ctx: RequestContext): Reply | null {
  const sent = ctx.headers['content-type'];
  const normalised = (sent ?? '').toLowerCase().replace(/\s+/g, '');
  return normalised === REQUIRED_CONTENT_TYPE
    ? null
    : failure('000-002', `Content-Type must be "application/json; charset=UTF-8" (got ${sent === undefined ? 'none' : JSON.stringify(sent)})`);
}

export function pathIdProblem(ctx: RequestContext): Reply | null {
  return AgentBook.isWellFormedId(ctx.agentId) ? null : failure('000-002', `agent ID in the URL is not valid: ${JSON.stringify(ctx.agentId)}`);
}

/** A query parameter given once (or not at all); given twice is a malformed URL. */
export function singleQuery(ctx: RequestContext, name: string): { value: string | undefined } | Reply {
  const values = ctx.query.getAll(name);
  if (values.length > 1) return failure('000-002', `${name} is given more than once`);
  return { value: values[0] };
}

/**
 * §4: the header `Guid` (any case) must be a live Guid of the agent in the path. Anything else —
 * missing, foreign, expired, revoked, agent not signed in — is 100-006.
 */
export function authenticate(state: GatewayState, ctx: RequestContext): AgentRecord | Reply {
  state.book.expireIdle();
  const guid = ctx.headers['guid'];
  const agent = state.book.get(ctx.agentId);
  if (typeof guid !== 'string' || guid === '' || !agent?.session || !state.guids.isValid(agent.id, guid)) {
    return failure('100-006', 'the agent is not signed in or the Guid is not valid');
  }
  state.book.touch(agent);
  return agent;
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/**
 * Dynamic mode (§4): the first authenticated answer after GUIDINTERVAL carries the next Guid in
 * Set-GUID. The reference documents it on polls; the emulator does it on every authenticated answer
 * so a client that reads Set-GUID only on polls is caught [inferred].
 */
export function withRotatedGuid(state: GatewayState, agent: AgentRecord, reply: Reply): Reply {
  if (!agent.session) return reply;
  const rotated = state.guids.rotateIfDue(agent.id);
  return rotated ? { ...reply, headers: { ...reply.headers, 'Set-GUID': `JSESSIONID=${rotated}` } } : reply;
}

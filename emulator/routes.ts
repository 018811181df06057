import type { AgentRecord } from './agents';
import type { GatewayState, RequestContext } from './context';
import { authenticate, contentTypeProblem, isReply, pathIdProblem, singleQuery, withRotatedGuid } from './guards';
import { failure, success, type Reply } from './http-reply';
import { pollEvent } from './polling';
import type { QcAnswer } from './quality-control';
import { signIn } from './sign-in';
import type { RouteName } from './types';

/** The interfaces the emulator serves, each with its one accepted method (protocol §0). */
export interface Route {
  name: RouteName;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(state: GatewayState, ctx: RequestContext): Reply | Promise<Reply>;
}

const BASE = '/agentgateway/resource';
const ID = '([^/]+)';

function path(tail: string): RegExp {
  return new RegExp(`^${BASE}/${tail}$`);
}

/** Shared frame of every authenticated, body-less interface: checks first, Guid rotation last. */
function withSignedInAgent(action: (state: GatewayState, ctx: RequestContext, agent: AgentRecord) => Reply): Route['handle'] {
  return (state, ctx) => {
    const refused = pathIdProblem(ctx) ?? contentTypeProblem(ctx);
    if (refused) return refused;
    const agent = authenticate(state, ctx);
    return isReply(agent) ? agent : withRotatedGuid(state, agent, action(state, ctx, agent));
  };
}

function qcReply(answer: QcAnswer & { result?: unknown }): Reply {
  return answer.retcode === '0' ? success((answer.result as object | undefined) ?? {}) : failure(answer.retcode, answer.message);
}

/** QC routes whose target is the last path segment, raw like {agentid} (§1.4, §1.5, §1.8); no query is read. */
function workNoRoute(run: (state: GatewayState, inspector: AgentRecord, workNo: string) => QcAnswer): Route['handle'] {
  return withSignedInAgent((state, ctx, agent) => qcReply(run(state, agent, /([^/]*)$/.exec(ctx.path)?.[1] ?? '')));
}

/** Reads the optional whisperagentid (and more) before handing over to the state machine. */
function qcRoute(
  run: (state: GatewayState, ctx: RequestContext, inspector: AgentRecord, target: string | undefined) => QcAnswer | Reply,
): Route['handle'] {
  return withSignedInAgent((state, ctx, agent) => {
    const target = singleQuery(ctx, 'whisperagentid');
    if (isReply(target)) return target;
    const answer = run(state, ctx, agent, target.value);
    return isReply(answer) ? answer : qcReply(answer);
  });
}

export const ROUTES: readonly Route[] = [
  { name: 'login', method: 'PUT', pattern: path(`onlineagent/${ID}`), handle: (s, c) => signIn(s, c, false) },
  { name: 'forceLogin', method: 'PUT', pattern: path(`onlineagent/${ID}/forcelogin`), handle: (s, c) => signIn(s, c, true) },
  {
    name: 'logout',
    method: 'DELETE',
    pattern: path(`onlineagent/${ID}/logout`),
    handle: withSignedInAgent((state, _ctx, agent) => {
      state.book.endSession(agent, 'signed-out');
      return success();
    }),
  },
  {
    name: 'updateGuid',
    method: 'PUT',
    pattern: path(`onlineagent/${ID}/updateGuid`),
    handle: withSignedInAgent((state, _ctx, agent) => {
      const guid = state.guids.issue(agent.id);
      state.guids.keepOnlyNewest(agent.id);
      // §2.7 documents result.guid; whether Set-GUID is sent too is [not found], so it is not.
      return success({ guid });
    }),
  },
  { name: 'getAgentEvent', method: 'GET', pattern: path(`agentevent/${ID}`), handle: pollEvent },
  {
    name: 'requestWhisperAgent',
    method: 'POST',
    pattern: path(`qualitycontrol/${ID}/requestwhisperagent`),
    handle: qcRoute((state, _ctx, agent, target) => state.qc.startWhisper(agent, target)),
  },
  {
    name: 'requestStopWhisperAgent',
    method: 'POST',
    pattern: path(`qualitycontrol/${ID}/requeststopwhisperagent`),
    handle: qcRoute((state, _ctx, agent, target) => state.qc.stopWhisper(agent, target)),
  },
  {
    name: 'requestSwitchInsertWhisperAgent',
    method: 'POST',
    pattern: path(`qualitycontrol/${ID}/requestswitchinsertwhisperagent`),
    handle: qcRoute((state, ctx, agent, target) => {
      const switchtype = singleQuery(ctx, 'switchtype');
      return isReply(switchtype) ? switchtype : state.qc.switchMode(agent, switchtype.value, target);
    }),
  },
  {
    name: 'addSupervise',
    method: 'PUT',
    pattern: path(`qualitycontrol/${ID}/addsupervise/${ID}`),
    handle: workNoRoute((state, agent, workNo) => state.qc.startMonitoring(agent, workNo, 'listen')),
  },
  {
    name: 'addInsert',
    method: 'PUT',
    pattern: path(`qualitycontrol/${ID}/addinsert/${ID}`),
    handle: workNoRoute((state, agent, workNo) => state.qc.startMonitoring(agent, workNo, 'insert')),
  },
  {
    name: 'intercept',
    method: 'PUT',
    pattern: path(`qualitycontrol/${ID}/intercept/${ID}`),
    handle: workNoRoute((state, agent, workNo) => state.qc.intercept(agent, workNo)),
  },
  {
    // §1.9: the log name is not documented; Huawei's Java sample calls it qualityControlSearchAllAgents [inferred].
    name: 'allAgent',
    method: 'GET',
    pattern: path(`qualitycontrol/${ID}/allagent`),
    handle: withSignedInAgent((state, _ctx, agent) => qcReply(state.qc.roster(agent))),
  },
  {
    name: 'stopSuperviseOrInsert',
    method: 'DELETE',
    // §1.6: the target is the last path segment. Digits only here, so a misspelt interface name
    // (…/requeststopwhisper) stays an unknown path (404) rather than a 405 for this route.
    pattern: path(`qualitycontrol/${ID}/([0-9]+)`),
    handle: withSignedInAgent((state, ctx, agent) => {
      const workNo = /([0-9]+)$/.exec(ctx.path)?.[1] ?? '';
      return qcReply(state.qc.cancelListenOrInsert(agent, workNo));
    }),
  },
];

export type RouteMatch =
  | { kind: 'found'; route: Route; agentId: string }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

export function matchRoute(method: string, pathname: string): RouteMatch {
  const candidates = ROUTES.map((route) => ({ route, m: route.pattern.exec(pathname) })).filter((c) => c.m !== null);
  const hit = candidates.find((c) => c.route.method === method);
  if (hit?.m) return { kind: 'found', route: hit.route, agentId: hit.m[1] as string };
  if (candidates.length > 0) return { kind: 'wrong-method', allowed: candidates.map((c) => c.route.method) };
  return { kind: 'not-found' };
}

import { SWITCH_TYPE, type GatewayMethod, type WhisperMode } from '../../app/whisper';

/** Every path hangs off this prefix (protocol §0). */
const RESOURCE = '/agentgateway/resource';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  readonly method: GatewayMethod;
  readonly http: HttpMethod;
  /** Path and query, already encoded; agent IDs are validated digit strings before they get here. */
  readonly path: string;
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const text = new URLSearchParams(defined).toString();
  return text ? `${path}?${text}` : path;
}

const qc = (agentId: string, action: string) => `${RESOURCE}/qualitycontrol/${encodeURIComponent(agentId)}/${action}`;
const onlineAgent = (agentId: string) => `${RESOURCE}/onlineagent/${encodeURIComponent(agentId)}`;

/** §1.2 — `whisperagentid` only when a target is given: without one the gateway stops the current whisper. */
export function stopWhisperRoute(agentId: string, whisperAgentId?: string): Route {
  return {
    method: 'requestStopWhisperAgent',
    http: 'POST',
    path: withQuery(qc(agentId, 'requeststopwhisperagent'), { whisperagentid: whisperAgentId }),
  };
}

/** §1.1 — the table calls the target optional, but a whisper needs someone to whisper to [inferred: always send it]. */
export function startWhisperRoute(agentId: string, whisperAgentId: string): Route {
  return {
    method: 'requestWhisperAgent',
    http: 'POST',
    path: withQuery(qc(agentId, 'requestwhisperagent'), { whisperagentid: whisperAgentId }),
  };
}

/** §1.3 — `switchtype` is mandatory; the target is optional like the stop's. */
export function switchWhisperRoute(agentId: string, mode: WhisperMode, whisperAgentId?: string): Route {
  return {
    method: 'requestSwitchInsertWhisperAgent',
    http: 'POST',
    path: withQuery(qc(agentId, 'requestswitchinsertwhisperagent'), {
      whisperagentid: whisperAgentId,
      switchtype: String(SWITCH_TYPE[mode]),
    }),
  };
}

/** §1.6 — ends a listen or insert; the target agent is the last path segment. A whisper ends by §1.2 [inferred]. */
export function cancelListenOrInsertRoute(agentId: string, workNo: string): Route {
  return { method: 'stopSuperviseOrInsert', http: 'DELETE', path: qc(agentId, encodeURIComponent(workNo)) };
}

/** §2.1 / §2.2 */
export function signInRoute(agentId: string, force: boolean): Route {
  return force
    ? { method: 'forceLogin', http: 'PUT', path: `${onlineAgent(agentId)}/forcelogin` }
    : { method: 'login', http: 'PUT', path: onlineAgent(agentId) };
}

/** §2.4 */
export function signOutRoute(agentId: string): Route {
  return { method: 'logout', http: 'DELETE', path: `${onlineAgent(agentId)}/logout` };
}

/** §3 — `calldata` is only for refreshing a connection bar, which this app has none of. */
export function pollEventRoute(agentId: string): Route {
  return { method: 'getAgentEvent', http: 'GET', path: `${RESOURCE}/agentevent/${encodeURIComponent(agentId)}` };
}

/** §1.4 — start listening to workNo (the target is the last path segment). */
export function listenRoute(agentId: string, workNo: string): Route {
  return { method: 'addSupervise', http: 'PUT', path: qc(agentId, `addsupervise/${encodeURIComponent(workNo)}`) };
}

/** §1.5 — barge in on workNo's call. */
export function insertRoute(agentId: string, workNo: string): Route {
  return { method: 'addInsert', http: 'PUT', path: qc(agentId, `addinsert/${encodeURIComponent(workNo)}`) };
}

/** §1.8 — take the customer over from workNo (the older, call-less form every edition has). */
export function interceptRoute(agentId: string, workNo: string): Route {
  return { method: 'intercept', http: 'PUT', path: qc(agentId, `intercept/${encodeURIComponent(workNo)}`) };
}

/** §1.9 — the agents the inspector may monitor; no body, no query [inferred from Huawei's sample]. */
export function rosterRoute(agentId: string): Route {
  return { method: 'searchAllAgents', http: 'GET', path: qc(agentId, 'allagent') };
}

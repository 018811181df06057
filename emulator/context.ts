import type { IncomingHttpHeaders } from 'node:http';
import type { AgentBook } from './agents';
import type { GuidBook } from './guid-book';
import type { QualityControl } from './quality-control';

/** What a route handler gets: the parsed request and the gateway state it may change. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The `{agentid}` path segment, raw (not decoded: a client must send plain digits). */
  agentId: string;
  /** True once the client has gone away (so a held poll does not swallow an event). */
  isClosed(): boolean;
  onClose(listener: () => void): void;
}

export interface GatewayState {
  book: AgentBook;
  guids: GuidBook;
  qc: QualityControl;
  pollHoldMs: number;
}

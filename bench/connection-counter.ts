/**
 * Counts, for the whole process and without touching the code under test, the TLS connections
 * it opens (every gateway connection is HTTPS, so each is a handshake) and the HTTP requests it
 * sends. Connections are counted at `tls.connect`, which the client's dialer and node:https's
 * agent (the floor) both go through; requests through the diagnostics channels of undici (the
 * client) and of node:https (the floor).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import tls from 'node:tls';

export interface ConnectionCounts {
  /** TLS connections opened (handshakes). */
  readonly newConnections: number;
  /** HTTP requests sent, through undici or node:https (event polls, sign-in, the floor's requests). */
  readonly httpsRequests: number;
}

// Held strongly: a channel only referenced by a subscription may be collected on Node 20.
const requestStart = diagnosticsChannel.channel('http.client.request.start');
const undiciRequest = diagnosticsChannel.channel('undici:request:create');
let newConnections = 0;
let httpsRequests = 0;
let installed = false;

function install(): void {
  installed = true;
  const count = () => {
    httpsRequests += 1;
  };
  requestStart.subscribe(count);
  undiciRequest.subscribe(count);
  // node:https's agent calls tls.connect through the module object, so this sees its dials too.
  const connect = tls.connect;
  tls.connect = function countedConnect(this: unknown, ...args: unknown[]) {
    newConnections += 1;
    return (connect as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
  } as typeof tls.connect;
}

export function connectionCounts(): ConnectionCounts {
  if (!installed) install();
  return { newConnections, httpsRequests };
}

export function countsSince(before: ConnectionCounts): ConnectionCounts {
  const now = connectionCounts();
  return { newConnections: now.newConnections - before.newConnections, httpsRequests: now.httpsRequests - before.httpsRequests };
}

export const NO_CONNECTIONS: ConnectionCounts = { newConnections: 0, httpsRequests: 0 };

export function addCounts(a: ConnectionCounts, b: ConnectionCounts): ConnectionCounts {
  return { newConnections: a.newConnections + b.newConnections, httpsRequests: a.httpsRequests + b.httpsRequests };
}

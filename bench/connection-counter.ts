/**
 * Counts, for the whole process and without touching the code under test, the TLS connections
 * it opens (every gateway connection is HTTPS, so each is a handshake) and the requests it sends
 * through node:https. Connections are counted at `tls.connect`, which node:https's agent and the
 * client's command connection both go through; requests through Node's built-in diagnostics
 * channel. The command connection's requests are not node:https requests: the client counts
 * those itself (GatewayClient.commandConnectionRequests).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import tls from 'node:tls';

export interface ConnectionCounts {
  /** TLS connections opened (handshakes). */
  readonly newConnections: number;
  /** Requests sent through node:https (event polls, sign-in, the floor's requests). */
  readonly httpsRequests: number;
}

// Held strongly: a channel only referenced by a subscription may be collected on Node 20.
const requestStart = diagnosticsChannel.channel('http.client.request.start');
let newConnections = 0;
let httpsRequests = 0;
let installed = false;

function install(): void {
  installed = true;
  requestStart.subscribe(() => {
    httpsRequests += 1;
  });
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

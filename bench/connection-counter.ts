/**
 * Counts HTTP requests of this process that went out on a new connection versus a reused
 * keep-alive one, through Node's built-in diagnostics channel — without touching the code
 * under test. Every gateway connection is HTTPS, so a new connection is a TLS handshake.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export interface ConnectionCounts {
  /** Requests that had to wait for a TLS handshake on a connection opened for them. */
  readonly newConnections: number;
  readonly reusedConnections: number;
  /** Requests that took a connection opened and verified before they started (the client's spare). */
  readonly prewarmedConnections: number;
}

// Held strongly: a channel only referenced by a subscription may be collected on Node 20.
const requestStart = diagnosticsChannel.channel('http.client.request.start');
let newConnections = 0;
let reusedConnections = 0;
let prewarmedConnections = 0;

/** Every socket a request of this process has used: a request on a socket not seen before opened a connection. */
const seenSockets = new WeakSet<object>();

function onRequestStart(message: unknown): void {
  const request = (message as { request: ClientRequest }).request;
  const count = () => {
    const socket = request.socket;
    if (!socket) return;
    if (seenSockets.has(socket)) reusedConnections += 1;
    else {
      seenSockets.add(socket);
      // A TLS socket that is already authorized finished its handshake before this request began.
      if ((socket as { authorized?: boolean }).authorized === true) prewarmedConnections += 1;
      else newConnections += 1;
    }
  };
  // The agent hands out a free or new socket synchronously; a request queued behind busy sockets
  // gets its socket later, and has it by the time it has been written out ('finish').
  if (request.socket) count();
  else request.once('finish', count);
}

let subscribed = false;

export function connectionCounts(): ConnectionCounts {
  if (!subscribed) {
    requestStart.subscribe(onRequestStart);
    subscribed = true;
  }
  return { newConnections, reusedConnections, prewarmedConnections };
}

export function countsSince(before: ConnectionCounts): ConnectionCounts {
  const now = connectionCounts();
  return {
    newConnections: now.newConnections - before.newConnections,
    reusedConnections: now.reusedConnections - before.reusedConnections,
    prewarmedConnections: now.prewarmedConnections - before.prewarmedConnections,
  };
}

export const NO_CONNECTIONS: ConnectionCounts = { newConnections: 0, reusedConnections: 0, prewarmedConnections: 0 };

export function addCounts(a: ConnectionCounts, b: ConnectionCounts): ConnectionCounts {
  return {
    newConnections: a.newConnections + b.newConnections,
    reusedConnections: a.reusedConnections + b.reusedConnections,
    prewarmedConnections: a.prewarmedConnections + b.prewarmedConnections,
  };
}

/**
 * Counts HTTP requests of this process that went out on a new connection versus a reused
 * keep-alive one, through Node's built-in diagnostics channel — without touching the code
 * under test. Every gateway connection is HTTPS, so a new connection is a TLS handshake.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export interface ConnectionCounts {
  readonly newConnections: number;
  readonly reusedConnections: number;
}

// Held strongly: a channel only referenced by a subscription may be collected on Node 20.
const requestStart = diagnosticsChannel.channel('http.client.request.start');
let newConnections = 0;
let reusedConnections = 0;

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
      newConnections += 1;
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
  return { newConnections, reusedConnections };
}

export function countsSince(before: ConnectionCounts): ConnectionCounts {
  const now = connectionCounts();
  return { newConnections: now.newConnections - before.newConnections, reusedConnections: now.reusedConnections - before.reusedConnections };
}

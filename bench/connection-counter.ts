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

function onRequestStart(message: unknown): void {
  const request = (message as { request: ClientRequest }).request;
  // The agent hands out a free socket synchronously, so reusedSocket is settled by the time 'socket' fires.
  request.once('socket', () => {
    if (request.reusedSocket) reusedConnections += 1;
    else newConnections += 1;
  });
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

import type { ServerResponse } from 'node:http';

/** A complete answer, built before any byte is written so a fault can still bend it. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function jsonReply(payload: object, headers: Record<string, string> = {}, status = 200): Reply {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(payload) };
}

/** The gateway's failure shape: HTTP 200 with the code in retcode (protocol §0 [inferred: status 200]). */
export function failure(retcode: string, message: string, status = 200): Reply {
  return jsonReply({ message, retcode, result: {} }, {}, status);
}

export function success(result: object = {}, headers: Record<string, string> = {}): Reply {
  return jsonReply({ message: '', retcode: '0', result }, headers);
}

export function writeHead(res: ServerResponse, reply: Reply, contentLength: number): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(contentLength) });
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const body = Buffer.from(reply.body, 'utf8');
  writeHead(res, reply, body.length);
  res.end(body);
}

import type { ServerResponse } from 'node:http';
import { JSON_CONTENT_TYPE, failure, jsonReply, send, writeHead, type Reply } from './http-reply';
import type { Fault, RouteName } from './types';

/**
 * Injected misbehaviour per route, for the client's failure tests.
 *
 * Some faults stand in for the gateway (the request never reaches the state machine): hang, reset,
 * http-status, invalid-json, huge-body, retcode, raw-body. The others damage the delivery of a real
 * answer, so the gateway HAS acted (a stop took effect) although the client cannot tell:
 * delay (waits, then acts), hang-after-headers, slow-body, reset-mid-body, truncated-json, content-type,
 * reset-after-acting, raw-answer, answer-late.
 */
interface Armed {
  fault: Fault;
  remaining: number;
}

/** Every kind answerWithFault knows; a typo from an untyped caller must fail loudly, not hang like 'hang'. */
const FAULT_KINDS: ReadonlySet<string> = new Set<Fault['kind']>([
  'delay', 'hang', 'hang-after-headers', 'slow-body', 'reset', 'reset-mid-body', 'http-status',
  'invalid-json', 'truncated-json', 'huge-body', 'content-type', 'retcode', 'raw-body', 'reset-after-acting', 'raw-answer', 'answer-late',
]);

export class FaultBook {
  private readonly armed = new Map<RouteName, Armed[]>();

  inject(route: RouteName, fault: Fault, times = Infinity): void {
    if (!FAULT_KINDS.has(fault.kind)) throw new Error(`unknown fault kind: ${String(fault.kind)}`);
    if (!(times > 0)) return;
    this.armed.set(route, [...(this.armed.get(route) ?? []), { fault, remaining: times }]);
  }

  /** The fault for this request, counted as used; faults on one route apply in injection order. */
  take(route: RouteName): Fault | null {
    const queue = this.armed.get(route);
    const first = queue?.[0];
    if (!queue || !first) return null;
    first.remaining -= 1;
    if (first.remaining <= 0) queue.shift();
    return first.fault;
  }

  clear(): void {
    this.armed.clear();
  }
}

const HTML_ERROR = (status: number): string =>
  `<!DOCTYPE html><html><head><title>Error ${status}</title></head><body><h1>HTTP Status ${status}</h1><p>The server encountered an error.</p></body></html>`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function destroy(res: ServerResponse): void {
  res.socket?.destroy();
}

/** A syntactically valid JSON answer of exactly `bytes` bytes (or the smallest one possible). */
function hugeBody(bytes: number): string {
  const shell = JSON.stringify({ message: '', retcode: '0', result: {} });
  return JSON.stringify({ message: 'x'.repeat(Math.max(0, bytes - shell.length)), retcode: '0', result: {} });
}

async function writeSlowly(res: ServerResponse, reply: Reply, bytesPerSecond: number): Promise<void> {
  const body = Buffer.from(reply.body, 'utf8');
  writeHead(res, reply, body.length);
  res.flushHeaders();
  const chunk = Math.max(1, Math.floor(bytesPerSecond / 10));
  const pauseMs = (chunk * 1000) / Math.max(1, bytesPerSecond);
  for (let at = 0; at < body.length; at += chunk) {
    if (res.destroyed) return;
    res.write(body.subarray(at, at + chunk));
    await sleep(pauseMs);
  }
  if (!res.destroyed) res.end();
}

/** Answers `res` as the fault dictates; `produce` runs the real gateway when the fault lets it. */
export async function answerWithFault(res: ServerResponse, fault: Fault, produce: () => Promise<Reply>): Promise<void> {
  switch (fault.kind) {
    case 'delay':
      await sleep(fault.ms);
      if (!res.destroyed) send(res, await produce());
      return;
    case 'hang':
      // Nothing is ever written; the socket stays open until the client gives up or the emulator closes.
      return;
    case 'hang-after-headers': {
      const reply = await produce();
      writeHead(res, reply, Buffer.byteLength(reply.body));
      res.flushHeaders();
      return;
    }
    case 'slow-body':
      await writeSlowly(res, await produce(), fault.bytesPerSecond);
      return;
    case 'reset':
      destroy(res);
      return;
    case 'reset-mid-body': {
      const reply = await produce();
      const body = Buffer.from(reply.body, 'utf8');
      writeHead(res, reply, body.length);
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => destroy(res));
      return;
    }
    case 'http-status':
      send(
        res,
        fault.html
          ? { status: fault.status, headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: HTML_ERROR(fault.status) }
          : failure('100-007', `HTTP ${fault.status}`, fault.status),
      );
      return;
    case 'invalid-json':
      send(res, { status: 200, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: "{'message': '', 'retcode': '0', 'result': {}}" });
      return;
    case 'truncated-json': {
      const reply = await produce();
      send(res, { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) });
      return;
    }
    case 'huge-body':
      send(res, { status: 200, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: hugeBody(fault.bytes) });
      return;
    case 'content-type': {
      const reply = await produce();
      const headers = { ...reply.headers };
      if (fault.value === '') delete headers['Content-Type'];
      else headers['Content-Type'] = fault.value;
      send(res, { ...reply, headers });
      return;
    }
    case 'retcode':
      send(res, jsonReply({ message: fault.message ?? '', retcode: fault.retcode, result: {} }));
      return;
    case 'raw-body':
      send(res, { status: 200, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: fault.body });
      return;
    case 'answer-late': {
      const reply = await produce();
      await sleep(fault.ms);
      if (!res.destroyed) send(res, reply);
      return;
    }
    case 'reset-after-acting':
      await produce();
      await sleep(fault.afterMs);
      destroy(res);
      return;
    case 'raw-answer': {
      const reply = await produce();
      const socket = res.socket;
      if (!socket || socket.destroyed) return;
      // Past Node's HTTP writer: these bytes are whatever the fault says, valid HTTP or not.
      socket.write(fault.bytes, 'latin1');
      if (fault.then === 'reset') setTimeout(() => socket.destroy(), 20);
      else if (fault.then === 'answer') send(res, reply);
      return;
    }
  }
}

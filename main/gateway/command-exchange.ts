import type { IncomingHttpHeaders } from 'node:http';
import type { CommandConnection } from './command-connection';
import { ResponseReader, serializeRequest, type ReadState } from './http1-codec';
import type { AbortReason, Exchange, ExchangeResult } from './transport';

/**
 * One request/response on the command connection, with the same contract as transport.ts's
 * exchange over node:https: the whole body read under the cap, never longer than `timeoutMs`
 * or past the caller's `signal`, the presented certificate and whether the handshake completed
 * reported for failures. Nothing is written before the connection is verified. Any answer
 * that leaves the connection in doubt (an error, a cap, a timeout, `Connection: close`, bytes
 * left over) closes it; a clean one parks it for the next command.
 */
export function commandExchange(x: Exchange, connection: CommandConnection): Promise<ExchangeResult> | null {
  let wire: string;
  try {
    wire = serializeRequest({ method: x.http, path: x.path, host: x.origin.host, headers: x.headers, body: x.body });
  } catch (error) {
    return Promise.resolve({ kind: 'failed', headers: null, headersAt: null, failure: null, error, presented: null, beforeSecureConnect: true });
  }
  const socket = connection.socket;
  const reader = new ResponseReader(x.maxBodyBytes);
  let settle!: (result: ExchangeResult) => void;
  const done = new Promise<ExchangeResult>((resolve) => (settle = resolve));
  let finished = false;
  let secured = connection.isVerified;
  let headers: IncomingHttpHeaders | null = null;
  let headersAt: number | null = null;

  const finish = (result: ExchangeResult, reusable: boolean, keepAliveTimeoutMs: number | null = null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    x.signal?.removeEventListener('abort', onCancel);
    connection.release(reusable, keepAliveTimeoutMs);
    settle(result);
  };
  const presented = () => x.agent.presentedCertificate(socket);
  const fail = (error: unknown) =>
    finish({ kind: 'failed', headers, headersAt, failure: null, error, presented: presented(), beforeSecureConnect: !secured }, false);
  const abort = (reason: AbortReason) => finish({ kind: 'aborted', reason, headers, headersAt, presented: presented() }, false);
  const onCancel = () => abort('cancelled');
  const handle = (state: ReadState) => {
    if (headers === null && reader.headers !== null) {
      headers = reader.headers;
      headersAt = performance.now();
    }
    switch (state.kind) {
      case 'more':
        return;
      case 'complete': {
        const { response } = state;
        return finish(
          { kind: 'response', status: response.status, headers: response.headers, headersAt: headersAt ?? performance.now(), body: response.body, presented: presented() },
          response.reusable,
          response.keepAliveTimeoutMs,
        );
      }
      case 'too-large':
        return finish(
          { kind: 'failed', headers, headersAt, failure: { kind: 'too-large', limitBytes: state.limitBytes }, error: null, presented: presented(), beforeSecureConnect: false },
          false,
        );
      case 'error':
        // The answer arrived but the codec refused it: a gateway it cannot read gets node:https from now on.
        if (state.error.code !== 'ECONNRESET') x.agent.retireCommandConnection();
        return fail(state.error);
    }
  };

  const acquired = connection.acquire({
    data: (chunk) => handle(reader.push(chunk)),
    end: () => handle(reader.end()),
    close: () => handle(reader.end()),
    error: fail,
    secured: () => {
      secured = true;
      if (!finished) socket.write(wire);
    },
  });
  if (!acquired) return null;
  x.agent.countCommandRequest();

  const timer = setTimeout(abort, x.timeoutMs, 'timeout');
  if (x.signal?.aborted) abort('cancelled');
  else {
    x.signal?.addEventListener('abort', onCancel, { once: true });
    if (secured) socket.write(wire);
  }
  return done;
}

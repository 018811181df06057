/**
 * One delivery session to the syslog collector: connect (TLS verified against the site's CA,
 * or plain TCP when the policy says so), write the framed messages, half-close, and wait for the
 * collector to close its side.
 *
 * Syslog over TLS has no acknowledgement of its own. The collector closing the session cleanly
 * in answer to our end of stream (a FIN with no reset; rsyslog sends no TLS close_notify) means
 * its process read every byte we sent: a receiver that closes with unread data makes the kernel
 * send a reset, which fails the session. That clean close is what this project calls
 * "acknowledged". It says "read and queued", not "written": what the collector does with a record
 * it read depends on its queue (docs/reliability.md and docs/deployment.md §9 give the durable
 * rsyslog configuration).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { describeForwardingError, type ForwardingFailure } from './forwarding-failure';

export interface CollectorEndpoint {
  readonly host: string;
  readonly port: number;
  readonly transport: 'tls' | 'tcp';
  /** PEM trust anchors (the OS store plus the site's CA file, trust.ts); absent = Node's bundled roots only. */
  readonly ca?: readonly string[];
  readonly cert?: string;
  readonly key?: string;
}

export type SessionResult = { readonly ok: true } | { readonly ok: false; readonly failure: ForwardingFailure };

export interface SessionOptions {
  /**
   * The write timeout: no progress (connect, handshake, write, close) for this long fails the
   * session; once connected, as a stalled collector ('stalled').
   */
  readonly idleTimeoutMs: number;
  /** Told when the connection is up (TLS verified), before any record is written. */
  readonly onConnected?: () => void;
}

export interface RunningSession {
  readonly result: Promise<SessionResult>;
  /** Ends the session at once (app quit); the result then reports a failure. */
  abort(): void;
}

/** Bounds of the wait between the handshake and the first record (see the secureConnect handler). */
const MIN_SETTLE_MS = 100;
const MAX_SETTLE_MS = 3000;

/** Writes are gathered into chunks of about this size (fewer TLS records, same bytes). */
const CHUNK_BYTES = 64 * 1024;

export function deliver(endpoint: CollectorEndpoint, frames: readonly Buffer[], options: SessionOptions): RunningSession {
  const collector = `${endpoint.host}:${endpoint.port}`;
  let socket: net.Socket;
  try {
    socket =
      endpoint.transport === 'tls'
        ? tls.connect({
            host: endpoint.host,
            port: endpoint.port,
            // SNI carries host names only; an IP is checked against the certificate's IP SANs.
            ...(net.isIP(endpoint.host) === 0 && { servername: endpoint.host }),
            ...(endpoint.ca && { ca: [...endpoint.ca] }),
            ...(endpoint.cert !== undefined && { cert: endpoint.cert }),
            ...(endpoint.key !== undefined && { key: endpoint.key }),
            minVersion: 'TLSv1.2',
            rejectUnauthorized: true,
          })
        : net.connect({ host: endpoint.host, port: endpoint.port });
  } catch (error) {
    return { result: Promise.resolve({ ok: false, failure: describeForwardingError(error, collector, 'connect') }), abort: () => undefined };
  }

  const startedAt = performance.now();
  let settle: ReturnType<typeof setTimeout> | null = null;
  let tcpConnected = false;
  let connected = false;
  let ended = false;
  let peerEnded = false;
  let failure: unknown = null;

  const result = new Promise<SessionResult>((resolve) => {
    socket.setTimeout(options.idleTimeoutMs, () => {
      failure ??= connected
        ? Object.assign(new Error('collector stopped reading'), { code: 'stalled', timeoutMs: options.idleTimeoutMs })
        : Object.assign(new Error('no progress'), { code: 'timeout' });
      socket.destroy();
    });
    socket.once('connect', () => {
      tcpConnected = true;
    });
    socket.on('error', (error) => {
      failure ??= error;
    });
    socket.on('end', () => {
      peerEnded = true;
      // The collector closed before every byte of ours had left this process (a collector shutting
      // down closes without reading to our end of stream): nothing in this session counts.
      if (!ended || !socket.writableFinished) {
        failure ??= Object.assign(new Error('collector closed the session early'), { code: ended ? 'closed-early' : 'peer-refused' });
      }
    });
    socket.on('close', (hadError) => {
      if (settle !== null) clearTimeout(settle);
      // TCP up, then closed with neither a TLS alert nor a handshake: nothing behind the address speaks TLS
      // (a load balancer with no healthy collector accepts and closes), which is not a TLS refusal.
      const code = (failure as { code?: unknown } | null)?.code;
      if (endpoint.transport === 'tls' && tcpConnected && !connected && (failure === null || code === 'ECONNRESET' || code === 'EPIPE' || code === 'peer-refused')) {
        failure = Object.assign(new Error('collector closed before TLS'), { code: 'closed-before-tls' });
      }
      if (failure === null && !hadError && ended && peerEnded) resolve({ ok: true });
      // Refused before any record was written: the collector did not accept this workstation.
      else resolve({ ok: false, failure: describeForwardingError(failure ?? { code: 'closed-early' }, collector, connected && ended ? 'deliver' : 'connect') });
    });
    socket.once(endpoint.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      connected = true;
      options.onConnected?.();
      // A collector can accept the handshake and then refuse the peer by closing (rsyslog does so
      // when a required client certificate is missing or not permitted). Once records were written,
      // that close would look like an acknowledgement; so first wait as long as the handshake took,
      // twice over (the collector's answer needs about one handshake), and write nothing if it closes meanwhile.
      // (Capped below the write timeout, so the wait itself never reads as a stall.)
      const settleMs = Math.min(MAX_SETTLE_MS, options.idleTimeoutMs / 2, Math.max(MIN_SETTLE_MS, Math.round(2 * (performance.now() - startedAt))));
      settle = setTimeout(() => {
        settle = null;
        if (peerEnded || failure !== null || socket.destroyed) return;
        writeAll(socket, frames);
        ended = true;
        socket.end();
      }, settleMs);
    });
  });
  return {
    result,
    abort: () => {
      failure ??= Object.assign(new Error('forwarding stopped'), { code: 'stopped' });
      socket.destroy();
    },
  };
}

/** Queues every frame on the socket (Node buffers them; the idle timeout covers a stalled peer). */
function writeAll(socket: net.Socket, frames: readonly Buffer[]): void {
  let chunk: Buffer[] = [];
  let bytes = 0;
  for (const frame of frames) {
    chunk.push(frame);
    bytes += frame.length;
    if (bytes >= CHUNK_BYTES) {
      socket.write(Buffer.concat(chunk, bytes));
      chunk = [];
      bytes = 0;
    }
  }
  if (bytes > 0) socket.write(Buffer.concat(chunk, bytes));
}

import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import type { TlsTrust } from './trust';

/**
 * Sockets per gateway. One is usually held by the event long-poll (up to ~10 s,
 * protocol §3); the rest keep a stop from ever queueing behind it.
 */
const MAX_SOCKETS = 6;
const MAX_FREE_SOCKETS = 4;
/**
 * Idle limit for pooled sockets. Setting one is what lets Node apply a server's
 * `Keep-Alive: timeout=N` hint (it closes the socket a second early), so a stop is
 * never written into a connection the server is closing at that moment.
 */
const FREE_SOCKET_IDLE_MS = 30_000;

/**
 * The one keep-alive HTTPS agent of a gateway client, so a stop on a live session
 * reuses a warm, already-verified connection instead of paying a TLS handshake.
 * It also records the certificate each connection was shown, so a TLS failure can
 * name it, and counts completed handshakes for tests and the latency bench.
 */
export class GatewayAgent extends https.Agent {
  private completedHandshakes = 0;
  private readonly presented = new WeakMap<Duplex, X509Certificate>();

  constructor(private readonly trust: TlsTrust) {
    // FIFO hands out the longest-idle free socket first, so while the poll cycles
    // through the pool every spare socket stays warm instead of aging out server-side.
    super({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_FREE_SOCKETS, timeout: FREE_SOCKET_IDLE_MS, scheduling: 'fifo' });
  }

  get handshakes(): number {
    return this.completedHandshakes;
  }

  /** The leaf certificate the server presented on this socket, if the handshake got that far. */
  presentedCertificate(socket: Duplex | null | undefined): X509Certificate | null {
    return (socket && this.presented.get(socket)) ?? null;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const verified: https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'> = {
      ...options,
      secureContext: this.trust.secureContext,
      checkServerIdentity: this.trust.checkServerIdentity,
      rejectUnauthorized: true,
    };
    const socket = super.createConnection(verified, callback) as tls.TLSSocket;
    // 'secure' fires when the handshake completes, before Node's own verification
    // listener can destroy the socket: the only moment a refused certificate can be read.
    // (getPeerCertificate, not getPeerX509Certificate: on Node 20 calling the latter here
    // leaves Node's own check below an empty certificate, failing every host-name check.)
    socket.prependOnceListener('secure', () => {
      const leaf = socket.getPeerCertificate(true);
      if (leaf?.raw) this.presented.set(socket, new X509Certificate(leaf.raw));
    });
    socket.once('secureConnect', () => {
      this.completedHandshakes += 1;
    });
    return socket;
  }
}

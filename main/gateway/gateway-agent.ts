import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { isIP, type Socket, type TcpSocketConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { SpareConnection, type PrewarmOutcome } from './spare-connection';
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
/** TCP keep-alive probe delay; set explicitly so a spare is opened exactly like the agent's own connections. */
const TCP_KEEPALIVE_MS = 1_000;

/**
 * The one keep-alive HTTPS agent of a gateway client, so a stop on a live session
 * reuses a warm, already-verified connection instead of paying a TLS handshake.
 * It also records the certificate each connection was shown, so a TLS failure can
 * name it, and counts completed handshakes for tests and the latency bench.
 */
export class GatewayAgent extends https.Agent {
  private completedHandshakes = 0;
  private readonly presented = new WeakMap<Duplex, X509Certificate>();
  private spare: SpareConnection | null = null;
  /** The free-socket idle limit Node last applied (the server's Keep-Alive hint can lower it); a parked spare gets the same. */
  private idleLimitMs = FREE_SOCKET_IDLE_MS;
  private destroyed = false;

  constructor(private readonly trust: TlsTrust) {
    // FIFO hands out the longest-idle free socket first, so while the poll cycles
    // through the pool every spare socket stays warm instead of aging out server-side.
    super({ keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_MS, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_FREE_SOCKETS, timeout: FREE_SOCKET_IDLE_MS, scheduling: 'fifo' });
  }

  get handshakes(): number {
    return this.completedHandshakes;
  }

  /** The leaf certificate the server presented on this socket, if the handshake got that far. */
  presentedCertificate(socket: Duplex | null | undefined): X509Certificate | null {
    return (socket && this.presented.get(socket)) ?? null;
  }

  /**
   * Opens one spare connection to `origin` in the background and parks it until a request
   * needs a new connection (typically the first stop while the event poll holds the only
   * pooled one). Sends no HTTP request. A no-op when a spare is already parked or opening,
   * or when the pool already has two connections to that origin (the poll then rotates
   * through them and keeps both warm).
   */
  prewarm(origin: URL): Promise<PrewarmOutcome> {
    if (this.destroyed) return Promise.resolve({ kind: 'skipped', reason: 'agent-destroyed' });
    if (this.spare) return Promise.resolve({ kind: 'skipped', reason: 'spare-exists' });
    const options = this.connectionOptions(origin);
    const key = this.getName(options);
    const pooled = (this.sockets[key]?.length ?? 0) + (this.freeSockets[key]?.length ?? 0);
    if (pooled >= 2) return Promise.resolve({ kind: 'skipped', reason: 'pool-has-two' });
    const spare: SpareConnection = new SpareConnection(key, this.dial(options), {
      idleLimitMs: () => this.idleLimitMs,
      inUseTimeoutMs: FREE_SOCKET_IDLE_MS,
      onGone: () => {
        if (this.spare === spare) this.spare = null;
      },
    });
    this.spare = spare;
    return spare.settled;
  }

  /** Called by Node for every request that finds no free socket: the spare, if it fits, saves a handshake. */
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const spare = this.spare?.take(this.getName(options));
    if (spare) {
      this.spare = null;
      return spare;
    }
    return this.dial(options, callback);
  }

  /**
   * Node calls this when a response leaves its socket free, and keeps the socket only if it
   * returns true (documented; @types/node declares void). Node has then just set the socket's
   * idle timeout: the agent's limit, lowered by the server's Keep-Alive hint. A spare parked
   * later gets the same limit, so it too is closed before the server would close it.
   */
  override keepSocketAlive(socket: Duplex): boolean {
    const keep = super.keepSocketAlive(socket) as unknown as boolean;
    const applied = (socket as Socket).timeout;
    if (keep && applied) this.idleLimitMs = applied;
    return keep;
  }

  /** Also closes a parked or opening spare: after close() the client holds no connection at all. */
  override destroy(): void {
    this.destroyed = true;
    const spare = this.spare;
    this.spare = null;
    spare?.close();
    super.destroy();
  }

  /**
   * The options Node's Agent passes to createConnection for a request to `origin` from
   * transport.ts: its own options, host, port, TCP keep-alive, and a servername. The
   * servername mirrors Node 20's internal normalizeServerName (lib/_http_agent.js: the Host
   * header's name, empty for an IP literal), which is not public API; if it ever differed,
   * `getName` would give another pool key and the spare would simply not be handed out
   * (tests/node/gateway/prewarm.test.ts covers an IP and a host name origin).
   * Node's private `_agentKey` (TLS session reuse) is left out on purpose: the spare always
   * makes a full handshake, with the chain, host name and pin all checked.
   */
  private connectionOptions(origin: URL): https.RequestOptions & tls.ConnectionOptions & TcpSocketConnectOpts {
    const host = origin.hostname.replace(/^\[(.*)\]$/, '$1');
    return {
      ...this.options,
      host,
      port: Number(origin.port) || 443,
      servername: isIP(host) ? '' : host,
      keepAlive: true,
      keepAliveInitialDelay: TCP_KEEPALIVE_MS,
    };
  }

  /** Every connection of this agent, spare or not, is opened here: one trust setup for all. */
  private dial(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): tls.TLSSocket {
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

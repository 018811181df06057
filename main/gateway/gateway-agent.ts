import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { isIP, type Socket, type TcpSocketConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { CommandConnection, type PrewarmOutcome } from './command-connection';
import type { TlsTrust } from './trust';

/**
 * Sockets per gateway. One is usually held by the event long-poll (up to ~10 s,
 * protocol §3); the rest keep a request from ever queueing behind it.
 */
const MAX_SOCKETS = 6;
const MAX_FREE_SOCKETS = 4;
/**
 * Idle limit for pooled sockets. Setting one is what lets Node apply a server's
 * `Keep-Alive: timeout=N` hint (it closes the socket a second early), so a request is
 * never written into a connection the server is closing at that moment.
 */
const FREE_SOCKET_IDLE_MS = 30_000;
/** TCP keep-alive probe delay; set explicitly so the command connection is opened exactly like the pool's. */
const TCP_KEEPALIVE_MS = 1_000;
/**
 * A command connection kept warm is re-opened when it goes, but never sooner than this after
 * the last one was opened: a gateway that closes connections at once sees a handshake every
 * few seconds at most, and only while someone is whispering.
 */
const MIN_REOPEN_INTERVAL_MS = 5_000;

/**
 * The one keep-alive HTTPS agent of a gateway client. Besides its pool (event polls, sign-in
 * and the rest, through node:https) it keeps the command connection (command-connection.ts):
 * one verified connection outside the pool for the commands an inspector waits on, opened
 * ahead of need, so a stop never pays a TLS handshake nor queues behind the held event poll.
 * Every connection, pooled or not, is dialed here with one trust setup; the agent records the
 * certificate each was shown, so a TLS failure can name it, and counts completed handshakes
 * for tests and the latency bench.
 */
export class GatewayAgent extends https.Agent {
  private completedHandshakes = 0;
  private commandRequests = 0;
  private readonly presented = new WeakMap<Duplex, X509Certificate>();
  private command: CommandConnection | null = null;
  /** While set, a command connection that goes is re-opened (someone is whispering: a stop may come any moment). */
  private warmOrigin: URL | null = null;
  private lastOpenedAt = Number.NEGATIVE_INFINITY;
  private reopenTimer: NodeJS.Timeout | null = null;
  /** The free-socket idle limit Node last applied (the server's Keep-Alive hint can lower it); the command connection gets the same. */
  private idleLimitMs = FREE_SOCKET_IDLE_MS;
  private destroyed = false;
  /** Set once the gateway answered the command connection with something the codec refused. */
  private commandRetired = false;

  constructor(
    private readonly trust: TlsTrust,
    /** Told once, when the command connection is given up (see retireCommandConnection). */
    private readonly onCommandConnectionRetired: () => void = () => undefined,
  ) {
    // FIFO hands out the longest-idle free socket first, so while the poll cycles
    // through the pool every other socket stays warm instead of aging out server-side.
    super({ keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_MS, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_FREE_SOCKETS, timeout: FREE_SOCKET_IDLE_MS, scheduling: 'fifo' });
  }

  get handshakes(): number {
    return this.completedHandshakes;
  }

  /** Requests sent on a command connection so far (the rest went through the pool). */
  get commandConnectionRequests(): number {
    return this.commandRequests;
  }

  /** The leaf certificate the server presented on this socket, if the handshake got that far. */
  presentedCertificate(socket: Duplex | null | undefined): X509Certificate | null {
    return (socket && this.presented.get(socket)) ?? null;
  }

  /**
   * Opens the command connection to `origin` in the background, so the first stop after
   * sign-in does not pay a handshake while the event poll holds the pooled connection.
   * Sends no HTTP request. A no-op when one is already open or opening.
   */
  prewarm(origin: URL): Promise<PrewarmOutcome> {
    if (this.destroyed) return Promise.resolve({ kind: 'skipped', reason: 'agent-destroyed' });
    if (this.commandRetired) return Promise.resolve({ kind: 'skipped', reason: 'retired' });
    if (this.command) return Promise.resolve({ kind: 'skipped', reason: 'connection-exists' });
    return this.openCommandConnection(origin).settled;
  }

  /**
   * Keeps a command connection to `origin` open (opening one now if there is none) until
   * called with null: one that reaches its idle limit or is closed by the server is replaced.
   * One that never completed its handshake is not, so an unreachable or refusing gateway is
   * not dialed in a loop.
   */
  keepWarm(origin: URL | null): void {
    this.warmOrigin = this.destroyed || this.commandRetired ? null : origin;
    if (this.warmOrigin === null && this.reopenTimer) {
      clearTimeout(this.reopenTimer);
      this.reopenTimer = null;
    }
    if (this.warmOrigin && !this.command && !this.reopenTimer) this.openCommandConnection(this.warmOrigin);
  }

  /** The command connection, open or opening, when it leads to `origin`. */
  commandConnectionFor(origin: URL): CommandConnection | null {
    const command = this.command;
    return command !== null && command.key === origin.origin ? command : null;
  }

  /** Called by the command exchange once it has the connection. */
  countCommandRequest(): void {
    this.commandRequests += 1;
  }

  /**
   * The gateway answered the command connection with something the strict codec refuses
   * (http1-codec.ts) although it may be a gateway Node's own client copes with: from now on every
   * command goes through the pool, and no command connection is opened again for this agent.
   */
  retireCommandConnection(): void {
    if (this.commandRetired) return;
    this.commandRetired = true;
    this.onCommandConnectionRetired();
    this.keepWarm(null);
    const command = this.command;
    this.command = null;
    command?.close();
  }

  /** Called by Node for every request that finds no free socket. */
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return this.dial(options, callback);
  }

  /**
   * Node calls this when a response leaves its socket free, and keeps the socket only if it
   * returns true (documented; @types/node declares void). Node has then just set the socket's
   * idle timeout: the agent's limit, lowered by the server's Keep-Alive hint. The command
   * connection gets the same limit, so it too is closed before the server would close it.
   */
  override keepSocketAlive(socket: Duplex): boolean {
    const keep = super.keepSocketAlive(socket) as unknown as boolean;
    const applied = (socket as Socket).timeout;
    if (keep && applied) this.idleLimitMs = applied;
    return keep;
  }

  /** Also closes the command connection: after close() the client holds no connection at all. */
  override destroy(): void {
    this.destroyed = true;
    this.keepWarm(null);
    const command = this.command;
    this.command = null;
    command?.close();
    super.destroy();
  }

  private openCommandConnection(origin: URL): CommandConnection {
    this.lastOpenedAt = performance.now();
    const command: CommandConnection = new CommandConnection(origin.origin, this.dial(this.connectionOptions(origin)), {
      idleLimitMs: () => this.idleLimitMs,
      onGone: (verified) => this.commandConnectionGone(command, verified),
    });
    this.command = command;
    return command;
  }

  private commandConnectionGone(command: CommandConnection, verified: boolean): void {
    if (this.command !== command) return;
    this.command = null;
    if (!this.warmOrigin || !verified || this.destroyed) return;
    const wait = Math.max(0, this.lastOpenedAt + MIN_REOPEN_INTERVAL_MS - performance.now());
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (this.warmOrigin && !this.command && !this.destroyed) this.openCommandConnection(this.warmOrigin);
    }, wait);
    this.reopenTimer.unref();
  }

  /**
   * The options Node's Agent passes to createConnection for a request to `origin` from
   * transport.ts: its own options, host, port, TCP keep-alive, and a servername. The
   * servername mirrors Node 20's internal normalizeServerName (lib/_http_agent.js: the Host
   * header's name, empty for an IP literal), which is not public API; if it ever differed,
   * the command connection would name the host differently from a pooled one
   * (tests/node/gateway/prewarm.test.ts covers an IP and a host name origin).
   * Node's private `_agentKey` (TLS session reuse) is left out on purpose: the command
   * connection always makes a full handshake, with the chain, host name and pin all checked.
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

  /** Every connection of this agent, pooled or not, is opened here: one trust setup for all. */
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

import type tls from 'node:tls';

/** What became of one prewarm. */
export type PrewarmOutcome =
  | { readonly kind: 'parked' }
  /** A command took it while its handshake was still under way. */
  | { readonly kind: 'taken' }
  | { readonly kind: 'skipped'; readonly reason: 'connection-exists' | 'agent-destroyed' | 'retired' }
  /** The handshake failed (refused certificate, pin mismatch, unreachable): nothing is parked. */
  | { readonly kind: 'failed'; readonly error: unknown };

/** Where the socket's events go while one exchange owns the connection (command-exchange.ts). */
export interface ExchangeListener {
  data(chunk: Buffer): void;
  end(): void;
  close(): void;
  error(error: Error): void;
  secured(): void;
}

export interface CommandConnectionOptions {
  /** How long it may sit unused: the same limit the agent applies to its pooled sockets. */
  readonly idleLimitMs: () => number;
  /** Called once, when the connection is closed for good; `verified` tells whether its handshake ever completed. */
  readonly onGone: (verified: boolean) => void;
}

type State = 'connecting' | 'idle' | 'busy' | 'gone';

/**
 * One verified connection kept for the gateway commands an inspector is waiting on (stop
 * first of all), apart from the agent's pool where the event long-poll holds a connection for
 * up to 10 s. It serves one exchange at a time (command-exchange.ts) and is parked between
 * them. It is usable only once Node has verified it ('secureConnect' with `authorized`;
 * rejectUnauthorized is always on); an exchange that takes it during the handshake writes
 * nothing before then. While parked it never keeps the process alive (unref), closes itself
 * after the pool's idle limit (or the server's Keep-Alive hint, a second early, as Node does),
 * and treats bytes the server sends unasked as a reason to close. Re-opening is the agent's
 * decision (gateway-agent.ts), never this object's.
 */
export class CommandConnection {
  readonly settled: Promise<PrewarmOutcome>;
  private state: State = 'connecting';
  private verified = false;
  private listener: ExchangeListener | null = null;
  /** The server's Keep-Alive hint, minus a second, once an answer carried one. */
  private hintedIdleMs: number | null = null;
  private settle!: (outcome: PrewarmOutcome) => void;

  constructor(
    readonly key: string,
    readonly socket: tls.TLSSocket,
    private readonly options: CommandConnectionOptions,
  ) {
    let settled = false;
    this.settled = new Promise((resolve) => {
      this.settle = (outcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
    });
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
    socket.once('secureConnect', this.onSecureConnect);
  }

  get isVerified(): boolean {
    return this.verified;
  }

  /**
   * Gives the connection to one exchange, parked or still handshaking (a handshake under way
   * is never slower than a new one). False when it is busy, gone or no longer writable.
   */
  acquire(listener: ExchangeListener): boolean {
    if (this.state !== 'idle' && this.state !== 'connecting') return false;
    const socket = this.socket;
    if (socket.destroyed || !socket.writable || socket.readableEnded) {
      this.close();
      return false;
    }
    if (this.state === 'connecting') this.settle({ kind: 'taken' });
    this.state = 'busy';
    this.listener = listener;
    // The exchange keeps its own deadline; the idle limit applies only while parked.
    socket.setTimeout(0);
    socket.ref();
    return true;
  }

  /**
   * The exchange is over. A connection whose answer left it reusable is parked again (with the
   * server's Keep-Alive hint, if it sent one); any other is closed.
   */
  release(reusable: boolean, keepAliveTimeoutMs: number | null): void {
    if (this.state !== 'busy') return;
    this.listener = null;
    if (keepAliveTimeoutMs !== null) this.hintedIdleMs = keepAliveTimeoutMs - 1000;
    if (!reusable || (this.hintedIdleMs !== null && this.hintedIdleMs <= 0)) {
      this.close();
      return;
    }
    this.park();
  }

  close(): void {
    this.socket.destroy();
  }

  private park(): void {
    this.state = 'idle';
    const limit = this.options.idleLimitMs();
    this.socket.setTimeout(this.hintedIdleMs === null ? limit : Math.min(limit, this.hintedIdleMs));
    this.socket.unref();
  }

  private readonly onSecureConnect = (): void => {
    if (this.state === 'gone') return;
    if (!this.socket.authorized) {
      // Unreachable with rejectUnauthorized on; kept so an unverified socket can never be used.
      this.socket.destroy(new Error(`TLS connection not authorized: ${String(this.socket.authorizationError)}`));
      return;
    }
    this.verified = true;
    if (this.state === 'busy') this.listener?.secured();
    else {
      this.park();
      this.settle({ kind: 'parked' });
    }
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.listener) this.listener.data(chunk);
    // Bytes nobody asked for: whatever the server means by them, this connection is not in a known state.
    else this.close();
  };

  private readonly onEnd = (): void => {
    if (this.listener) this.listener.end();
    else this.close();
  };

  private readonly onError = (error: Error): void => {
    // While parked nobody else listens: handling it here keeps a server reset from crashing the app.
    this.settle({ kind: 'failed', error });
    this.listener?.error(error);
  };

  private readonly onClose = (): void => {
    if (this.state === 'gone') return;
    this.settle({ kind: 'failed', error: Object.assign(new Error('the connection closed before its handshake completed'), { code: 'ECONNRESET' }) });
    this.state = 'gone';
    const listener = this.listener;
    this.listener = null;
    listener?.close();
    this.options.onGone(this.verified);
  };

  private readonly onTimeout = (): void => {
    this.close();
  };
}

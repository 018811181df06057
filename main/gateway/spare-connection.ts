import type tls from 'node:tls';

/** What became of one prewarm. */
export type PrewarmOutcome =
  | { readonly kind: 'parked' }
  /** A request that needed a new connection took it while its handshake was still under way. */
  | { readonly kind: 'taken' }
  | { readonly kind: 'skipped'; readonly reason: 'pool-has-two' | 'spare-exists' | 'agent-destroyed' }
  /** The handshake failed (refused certificate, pin mismatch, unreachable): nothing is parked. */
  | { readonly kind: 'failed'; readonly error: unknown };

export interface SpareOptions {
  /** How long a parked spare may sit unused: the same limit the agent applies to its free sockets. */
  readonly idleLimitMs: () => number;
  /** The socket timeout a connection the agent dials itself carries, restored when the spare is taken. */
  readonly inUseTimeoutMs: number;
  /** Called once the spare is closed without having been taken. */
  readonly onGone: () => void;
}

type State = 'connecting' | 'parked' | 'taken' | 'gone';

/**
 * One verified connection opened ahead of need and held outside the agent's pool until a
 * request asks the agent for a new connection. It is parked only once Node has verified it
 * ('secureConnect' with `authorized`; rejectUnauthorized is always on). While parked it never
 * keeps the process alive (unref), closes itself after the pool's idle limit, and vanishes
 * quietly when the server closes it: nothing re-opens it, so a gateway that drops idle
 * connections never sees a reconnect loop.
 */
export class SpareConnection {
  readonly settled: Promise<PrewarmOutcome>;
  private state: State = 'connecting';
  private settle!: (outcome: PrewarmOutcome) => void;

  constructor(
    readonly key: string,
    private readonly socket: tls.TLSSocket,
    private readonly options: SpareOptions,
  ) {
    let settled = false;
    this.settled = new Promise((resolve) => {
      this.settle = (outcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
    });
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
    socket.once('secureConnect', this.onSecureConnect);
  }

  /**
   * Hands the socket over to the agent for a request to `key`, parked or still handshaking
   * (a handshake under way is never slower than a new one). Null when it is for another
   * origin or no longer usable; an unusable spare is closed.
   */
  take(key: string): tls.TLSSocket | null {
    if (key !== this.key || (this.state !== 'connecting' && this.state !== 'parked')) return null;
    const socket = this.socket;
    if (socket.destroyed || !socket.writable || socket.readableEnded) {
      socket.destroy();
      return null;
    }
    const wasConnecting = this.state === 'connecting';
    this.state = 'taken';
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('timeout', this.onTimeout);
    socket.off('secureConnect', this.onSecureConnect);
    // From here on it is one of the agent's sockets like any it dials itself.
    socket.setTimeout(this.options.inUseTimeoutMs);
    socket.ref();
    if (wasConnecting) this.settle({ kind: 'taken' });
    return socket;
  }

  close(): void {
    this.socket.destroy();
  }

  private readonly onSecureConnect = (): void => {
    if (this.state !== 'connecting') return;
    if (!this.socket.authorized) {
      // Unreachable with rejectUnauthorized on; kept so an unverified socket can never be parked.
      this.socket.destroy(new Error(`TLS connection not authorized: ${String(this.socket.authorizationError)}`));
      return;
    }
    this.state = 'parked';
    this.socket.setTimeout(this.options.idleLimitMs());
    this.socket.unref();
    this.settle({ kind: 'parked' });
  };

  private readonly onError = (error: unknown): void => {
    // While parked nobody else listens: swallowing here keeps a server reset from crashing the app.
    this.settle({ kind: 'failed', error });
  };

  private readonly onClose = (): void => {
    if (this.state === 'taken' || this.state === 'gone') return;
    this.settle({ kind: 'failed', error: Object.assign(new Error('the spare connection closed before its handshake completed'), { code: 'ECONNRESET' }) });
    this.state = 'gone';
    this.options.onGone();
  };

  private readonly onTimeout = (): void => {
    this.socket.destroy();
  };
}

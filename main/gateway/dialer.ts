import { X509Certificate } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';
import type { TlsTrust } from '../platform/trust';
import { watchDeclaredSizes } from './declared-size-watch';

/** Idle limit of a pre-connected spare when the gateway has not told us its own (Keep-Alive hint). */
const DEFAULT_SPARE_IDLE_MS = 30_000;
/** TCP keep-alive probes on every connection: lets the OS notice a peer that vanished. */
const TCP_KEEPALIVE_MS = 1_000;
/**
 * While kept warm, a spare that goes is re-opened, but never sooner than this after the last
 * one: a gateway that closes connections at once sees a handshake every few seconds at most.
 */
const MIN_REOPEN_INTERVAL_MS = 5_000;
/** Records of closed sockets kept for a late question about them (which error came from which). */
const CLOSED_RECORDS_KEPT = 64;

interface SocketRecord {
  /** performance.now() when the handshake completed; null while it has not. */
  verifiedAt: number | null;
  presented: X509Certificate | null;
  /** When undici last wrote a request's head on it, and how many answer bytes had been read then. */
  writtenAt: number | null;
  readAtWrite: number;
  /** When the gateway closed or reset it (first of 'end', 'error', 'close'), and the bytes read by then. */
  closedAt: number | null;
  readAtClose: number;
  /** Starts the declared-size watch on a new answer (declared-size-watch.ts). */
  rearmSizeWatch: () => void;
}

/**
 * Which connection a request goes on, the one word for it everywhere (here, gateway-http.ts and
 * call-engine.ts): the commands' kept connection (it may take the pre-connected spare), the event
 * poll's own connection, a connection opened for this request alone, or the warm standby kept
 * beside the commands' connection for hedges.
 */
export type Lane = 'command' | 'poll' | 'fresh' | 'standby';

/** Every socket any Dialer opened, with its record; undici's diagnostics say when a request head is written on one. */
const RECORDS = new WeakMap<object, SocketRecord>();
diagnostics.subscribe('undici:client:sendHeaders', (message) => {
  const socket = (message as { socket?: tls.TLSSocket }).socket;
  const record = socket ? RECORDS.get(socket) : undefined;
  if (!socket || !record) return;
  record.writtenAt = performance.now();
  record.readAtWrite = socket.bytesRead;
  record.rearmSizeWatch();
});

/**
 * Opens every TLS connection of one gateway client, with one trust setup (trust.ts), as
 * undici's `connect` function. It records the certificate each server presented (so a refused
 * handshake can name it), reports completed handshakes, and can keep one verified connection
 * pre-connected (the "spare"), handed to the commands dispatcher the next time it needs a
 * connection: the first stop after sign-in then pays no handshake. Nothing here reads or
 * writes HTTP; undici does, on the sockets this returns (watched for declared sizes past the cap).
 */
export class Dialer {
  private lastPresentedCertificate: X509Certificate | null = null;
  private readonly byLocalPort = new Map<number, SocketRecord>();
  private readonly byError = new WeakMap<object, SocketRecord>();
  private spare: tls.TLSSocket | null = null;
  /** Removes the parked spare's own listeners when it is handed over. */
  private unpark: (() => void) | null = null;
  private spareOpening: Promise<PrewarmOutcome> | null = null;
  /**
   * The standby: a second verified connection kept beside the commands' one while warm, taken
   * only by a hedge, so a hedge pays no handshake (docs/reliability.md, "Hedged stop").
   */
  private standby: tls.TLSSocket | null = null;
  private standbyOpening = false;
  private liveCommandSockets = 0;
  private warm = false;
  private lastSpareAt = Number.NEGATIVE_INFINITY;
  private reopenTimer: NodeJS.Timeout | null = null;
  private spareIdleMs = DEFAULT_SPARE_IDLE_MS;
  private closed = false;

  constructor(
    private readonly origin: URL,
    private readonly trust: TlsTrust,
    private readonly connectTimeoutMs: number,
    /** The answer size cap: an answer declaring more is refused when the declaration is read (declared-size-watch.ts). */
    private readonly answerCapBytes: number,
    /** Told of each completed handshake (a diagnostic hook: tests and the bench measure connection reuse with it). */
    private readonly onHandshake: () => void = () => {},
  ) {}

  /**
   * undici's `connect` option for a dispatcher of this lane. `deadline` (performance.now() time)
   * bounds the dial of a one-request dispatcher: the action's deadline, not a timeout of its own.
   */
  connector(lane: Lane, deadline?: number): buildConnector.connector {
    return (_options, callback) => {
      // A spare still handshaking is never slower than a new connection: wait for it.
      if (lane === 'command' && this.spareOpening) {
        void this.spareOpening.then(() => this.connectCommand(callback, deadline));
        return;
      }
      if (lane === 'command') return this.connectCommand(callback, deadline);
      if (lane === 'standby') {
        const standby = this.takeStandby();
        if (standby) return void process.nextTick(callback, null, standby);
      }
      this.connectNew(lane, callback, deadline);
    };
  }

  private connectCommand(callback: buildConnector.Callback, deadline?: number): void {
    const spare = this.takeSpare();
    // Answered on a later tick, as for a new connection: undici does not expect its connector to call back synchronously.
    if (spare) process.nextTick(callback, null, spare);
    else this.connectNew('command', callback, deadline);
  }

  private connectNew(lane: Lane, callback: buildConnector.Callback, deadline?: number): void {
    const socket = this.dial();
    let answered = false;
    const answer = (error: Error | null) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (error) return callback(error, null);
      if (lane === 'command') this.countCommandSocket(socket);
      callback(null, socket);
    };
    const limit = deadline === undefined ? this.connectTimeoutMs : Math.max(0, Math.min(this.connectTimeoutMs, deadline - performance.now()));
    const timer = setTimeout(() => socket.destroy(connectTimeout()), limit);
    socket.once('secureConnect', () => answer(null));
    socket.once('error', answer);
    socket.once('close', () => answer(Object.assign(new Error('the connection closed during the TLS handshake'), { code: 'ECONNRESET' })));
  }

  /** The certificate presented on the latest handshake, for the connection test (which dials a connection of its own). */
  get lastPresented(): X509Certificate | null {
    return this.lastPresentedCertificate;
  }

  /** The leaf certificate the server presented on the connection that raised `error`, if any. */
  presentedFor(error: unknown): X509Certificate | null {
    return (typeof error === 'object' && error !== null && this.byError.get(error)?.presented) || null;
  }

  /**
   * Whether the connection that raised `error` was closed before the gateway could have read the
   * request last written on it: not one answer byte came after the write, and the close (FIN or
   * RST) arrived sooner after the write than `quickestMs`, the quickest answer this gateway ever
   * gave, so the gateway sent it before the request could have reached it (the keep-alive race),
   * on a connection verified before `since` (the request's start).
   */
  closedBeforeRead(error: unknown, quickestMs: number | null, since: number): boolean {
    if (quickestMs === null || typeof error !== 'object' || error === null) return false;
    const message = (error as { message?: unknown }).message;
    const code = (error as { code?: unknown }).code;
    // undici's 'bad response' / 'bad upgrade' are answers (an interim 100, an unrequested 101), not a close.
    if (code === 'UND_ERR_SOCKET' && message !== 'other side closed') return false;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE') return false;
    const port = (error as { socket?: { localPort?: unknown } }).socket?.localPort;
    const record = this.byError.get(error) ?? (typeof port === 'number' ? this.byLocalPort.get(port) : undefined);
    if (!record || record.writtenAt === null || record.closedAt === null) return false;
    // Only a connection kept from before the request: a gateway does not idle-close one it just opened.
    if (record.verifiedAt === null || record.verifiedAt >= since) return false;
    return record.readAtClose === record.readAtWrite && record.closedAt - record.writtenAt < quickestMs;
  }

  /** The gateway's Keep-Alive hint, so a parked spare is closed before the gateway would close it. */
  learnKeepAlive(timeoutSeconds: number): void {
    if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) this.spareIdleMs = Math.min(DEFAULT_SPARE_IDLE_MS, timeoutSeconds * 1000 - 1000);
  }

  /** Opens the spare unless a command connection is already open or opening. Sends no HTTP. */
  prewarm(): Promise<PrewarmOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'skipped', reason: 'closed' });
    if (this.spare || this.spareOpening || this.liveCommandSockets > 0) return Promise.resolve({ kind: 'skipped', reason: 'connection-exists' });
    return this.openSpare();
  }

  /**
   * While on, a command connection is kept open: the spare is re-opened when the last command
   * connection goes (idle limit, gateway close), so a stop minutes into a whisper still finds a
   * verified connection. A spare whose handshake failed is not re-dialed (no loop on a refusal).
   */
  keepWarm(on: boolean): void {
    this.warm = on && !this.closed;
    if (!this.warm && this.reopenTimer) {
      clearTimeout(this.reopenTimer);
      this.reopenTimer = null;
    }
    if (this.warm) {
      void this.prewarm();
      this.openStandby();
    } else {
      this.standby?.destroy();
      this.standby = null;
    }
  }

  /** A hedge took the standby (or found none): a new one is opened while warm. */
  standbyUsed(): void {
    if (this.warm) this.openStandby();
  }

  close(): void {
    this.closed = true;
    this.keepWarm(false);
    this.spare?.destroy();
    this.spare = null;
  }

  private openStandby(): void {
    if (this.closed || this.standby || this.standbyOpening) return;
    this.standbyOpening = true;
    const socket = this.dial();
    const timer = setTimeout(() => socket.destroy(connectTimeout()), this.connectTimeoutMs);
    const drop = () => {
      clearTimeout(timer);
      this.standbyOpening = false;
      if (this.standby === socket) this.standby = null;
      socket.destroy();
    };
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      this.standbyOpening = false;
      if (this.closed || !this.warm) return socket.destroy();
      this.standby = socket;
      // Parked like the spare: closes at its idle limit or on bytes nobody asked for, and is then re-opened while warm.
      const events = ['readable', 'end', 'close', 'timeout'] as const;
      const gone = () => {
        for (const event of events) socket.off(event, gone);
        drop();
        if (this.warm) {
          const timerAgain = setTimeout(() => this.openStandby(), MIN_REOPEN_INTERVAL_MS);
          timerAgain.unref();
        }
      };
      for (const event of events) socket.on(event, gone);
      (socket as tls.TLSSocket & { unparkStandby?: () => void }).unparkStandby = () => {
        for (const event of events) socket.off(event, gone);
      };
      socket.setTimeout(this.spareIdleMs);
      socket.unref();
    });
    socket.once('close', () => {
      if (this.standby !== socket) drop();
    });
  }

  private takeStandby(): tls.TLSSocket | null {
    const socket = this.standby;
    this.standby = null;
    if (!socket) return null;
    (socket as tls.TLSSocket & { unparkStandby?: () => void }).unparkStandby?.();
    socket.setTimeout(0);
    socket.ref();
    if (socket.destroyed || !socket.writable || socket.readableEnded) {
      socket.destroy();
      return null;
    }
    return socket;
  }

  private openSpare(): Promise<PrewarmOutcome> {
    this.lastSpareAt = performance.now();
    const socket = this.dial();
    const opening = new Promise<PrewarmOutcome>((resolve) => {
      const timer = setTimeout(() => socket.destroy(connectTimeout()), this.connectTimeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        this.spareOpening = null;
        if (this.closed) return socket.destroy();
        this.park(socket);
        resolve({ kind: 'parked' });
      });
      socket.once('close', () => {
        clearTimeout(timer);
        if (this.spareOpening === opening) this.spareOpening = null;
        resolve({ kind: 'failed', error: socket.errored ?? new Error('closed during the handshake') });
      });
    });
    this.spareOpening = opening;
    return opening;
  }

  /** A parked spare never keeps the process alive, closes at its idle limit, and closes on bytes nobody asked for. */
  private park(socket: tls.TLSSocket): void {
    this.spare = socket;
    const drop = () => {
      if (this.spare !== socket) return;
      this.spare = null;
      socket.destroy();
      this.afterCommandConnectionGone();
    };
    // 'readable', not 'data': a 'data' listener would switch the socket to flowing mode, and
    // undici reads the connection it is handed with 'readable'.
    const events = ['readable', 'end', 'close', 'timeout'] as const;
    for (const event of events) socket.on(event, drop);
    this.unpark = () => {
      for (const event of events) socket.off(event, drop);
    };
    socket.setTimeout(this.spareIdleMs);
    socket.unref();
  }

  private takeSpare(): tls.TLSSocket | null {
    const socket = this.spare;
    this.spare = null;
    if (!socket) return null;
    this.unpark?.();
    this.unpark = null;
    socket.setTimeout(0);
    socket.ref();
    if (socket.destroyed || !socket.writable || socket.readableEnded) {
      socket.destroy();
      return null;
    }
    this.countCommandSocket(socket);
    return socket;
  }

  private countCommandSocket(socket: tls.TLSSocket): void {
    this.liveCommandSockets += 1;
    socket.once('close', () => {
      this.liveCommandSockets -= 1;
      this.afterCommandConnectionGone();
    });
  }

  private afterCommandConnectionGone(): void {
    if (!this.warm || this.closed || this.spare || this.spareOpening || this.reopenTimer || this.liveCommandSockets > 0) return;
    const wait = Math.max(0, this.lastSpareAt + MIN_REOPEN_INTERVAL_MS - performance.now());
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (this.warm) void this.prewarm();
    }, wait);
    this.reopenTimer.unref();
  }

  /** One verified TLS connection to the gateway: chain, dates, host name and pin checked by Node (trust.ts). */
  private dial(): tls.TLSSocket {
    const host = this.origin.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = tls.connect({
      host,
      port: Number(this.origin.port) || 443,
      servername: isIP(host) ? undefined : host,
      secureContext: this.trust.secureContext,
      checkServerIdentity: this.trust.checkServerIdentity,
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, TCP_KEEPALIVE_MS);
    const rearmSizeWatch = watchDeclaredSizes(socket, this.answerCapBytes);
    const record: SocketRecord = { verifiedAt: null, presented: null, writtenAt: null, readAtWrite: 0, closedAt: null, readAtClose: 0, rearmSizeWatch };
    RECORDS.set(socket, record);
    const closing = () => {
      if (record.closedAt !== null) return;
      record.closedAt = performance.now();
      record.readAtClose = socket.bytesRead;
    };
    socket.once('end', closing);
    socket.once('close', closing);
    // 'secure' fires when the handshake completes, before Node's own verification can destroy
    // the socket: the only moment a refused certificate can be read. (getPeerCertificate, not
    // getPeerX509Certificate: on Node 20 the latter here leaves Node's own check an empty certificate.)
    socket.prependOnceListener('secure', () => {
      const leaf = socket.getPeerCertificate(true);
      if (leaf?.raw) record.presented = this.lastPresentedCertificate = new X509Certificate(leaf.raw);
    });
    socket.once('secureConnect', () => {
      this.onHandshake();
      record.verifiedAt = performance.now();
      if (typeof socket.localPort === 'number') this.byLocalPort.set(socket.localPort, record);
    });
    // Always listened to, so an error on a socket nobody else listens to (a parked spare) cannot crash the app.
    socket.on('error', (error) => {
      closing();
      this.byError.set(error, record);
    });
    socket.once('close', () => this.forgetOldRecords());
    return socket;
  }

  private forgetOldRecords(): void {
    for (const port of this.byLocalPort.keys()) {
      if (this.byLocalPort.size <= CLOSED_RECORDS_KEPT) return;
      this.byLocalPort.delete(port);
    }
  }
}

export type PrewarmOutcome =
  | { readonly kind: 'parked' }
  | { readonly kind: 'skipped'; readonly reason: 'connection-exists' | 'closed' }
  | { readonly kind: 'failed'; readonly error: unknown };

function connectTimeout(): Error {
  return Object.assign(new Error('no TLS connection to the gateway within the deadline'), { code: 'ETIMEDOUT' });
}

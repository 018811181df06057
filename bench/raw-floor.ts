/**
 * The raw floor: prebuilt request bytes written on an open, verified TLS socket, and the answer
 * read just far enough to know it is complete (the head, then Content-Length bytes). No HTTP
 * client, no validation, no logging: what any client must at least pay on the same path.
 * Benchmark only; the app speaks HTTP through undici.
 */
import tls from 'node:tls';

const HEAD_END = '\r\n\r\n';
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

export class RawFloor {
  private socket: tls.TLSSocket | null = null;

  constructor(
    private readonly port: number,
    private readonly caPem: string,
    private readonly host = '127.0.0.1',
  ) {}

  /** Opens (when needed) a verified connection; returns how long the TCP + TLS handshake took, 0 when one was open. */
  async ensureOpen(): Promise<number> {
    if (this.socket && !this.socket.destroyed && this.socket.writable && !this.socket.readableEnded) return 0;
    this.socket?.destroy();
    const started = performance.now();
    const socket = tls.connect({ host: this.host, port: this.port, ca: this.caPem, rejectUnauthorized: true });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    this.socket = socket;
    return performance.now() - started;
  }

  /** Writes the bytes and resolves with the answer, or rejects after `timeoutMs`. */
  exchange(request: Buffer, timeoutMs = 5000): Promise<RawAnswer> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('raw floor not open'));
    return new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => done(new Error('raw floor: no answer in time')), timeoutMs);
      const onData = (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const headEnd = text.indexOf(HEAD_END);
        if (headEnd < 0) return;
        const length = Number(CONTENT_LENGTH.exec(text.slice(0, headEnd + 2))?.[1] ?? NaN);
        const body = text.slice(headEnd + HEAD_END.length);
        if (Number.isFinite(length) && body.length >= length) done(null, { status: Number(text.slice(9, 12)), body: body.slice(0, length) });
      };
      const onClose = () => done(new Error('raw floor: connection closed'));
      const done = (error: Error | null, answer?: RawAnswer) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        if (error) reject(error);
        else resolve(answer as RawAnswer);
      };
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** The stop's request bytes, as the client sends them (method, path, Host, Content-Type, Guid, Content-Length: 0). */
export function stopRequestBytes(host: string, path: string, guid: string): Buffer {
  return Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json; charset=UTF-8\r\nGuid: ${guid}\r\nContent-Length: 0\r\n\r\n`, 'latin1');
}

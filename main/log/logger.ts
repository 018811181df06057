import { isSecretKey, REDACTED, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Writes out lines a deferring sink still holds; the quit path calls it last. */
  flush?(): void;
}

/** Where finished, already-redacted lines go (electron-log in the app, memory in tests). */
export interface LogSink {
  /** `at`: when the line was logged (epoch ms), given by a sink that writes later than that. */
  write(level: LogLevel, line: string, at?: number): void;
  /** Present on sinks that hold lines back (deferredLogSink): writes them out now. */
  flush?(): void;
  /**
   * Present on sinks that write later anyway (deferredLogSink): the line is formatted, and so
   * redacted, when it is written, which takes the formatting off the caller's path too.
   */
  writeLazily?(level: LogLevel, line: () => string): void;
}

const PLAIN_VALUE = /^[\w.:/@+\[\]-]*$/;

function formatValue(key: string, value: string | number | boolean | null): string {
  if (isSecretKey(key)) return REDACTED;
  if (typeof value !== 'string') return String(value);
  const redacted = redactText(value);
  // Quoting anything unusual keeps one record on one line: a value can't forge another field or line.
  return redacted !== '' && PLAIN_VALUE.test(redacted) ? redacted : JSON.stringify(redacted);
}

export function formatLogLine(msg: string, fields: LogFields = {}): string {
  const parts = [JSON.stringify(redactText(msg)).slice(1, -1)];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const safeKey = key.replace(/[^\w.-]/g, '_');
    parts.push(`${safeKey}=${formatValue(key, value)}`);
  }
  return parts.join(' ');
}

/** A logger that redacts Guid-shaped values and anything under a secret-named key before the sink sees it. */
export function createLogger(sink: LogSink): Logger {
  const lazily = sink.writeLazily?.bind(sink);
  const emit = lazily
    ? (level: LogLevel) => (msg: string, fields?: LogFields) => {
        // A copy: the line must show the fields as they were now, whatever the caller does with its object later.
        const snapshot = fields && { ...fields };
        lazily(level, () => formatLogLine(msg, snapshot));
      }
    : (level: LogLevel) => (msg: string, fields?: LogFields) => sink.write(level, formatLogLine(msg, fields));
  const flush = () => sink.flush?.();
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), flush };
}

const ignore = (): void => undefined;
export const nullLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Keeps every line as `level message fields…`, for tests and leak scans. */
export function memoryLogSink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (level, line) => lines.push(`${level} ${line}`) };
}

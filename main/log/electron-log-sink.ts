import type { LogLevel, LogSink } from './logger';

/**
 * The slice of electron-log the sink needs. Both `electron-log/node` (plain Node,
 * scripts, tests) and `electron-log/main` (the app) satisfy it, so this file
 * imports neither and the caller picks the right one.
 */
export type ElectronLogLike = Record<LogLevel, (...params: unknown[]) => void> & {
  /** electron-log's entry point below the level functions: the only one that accepts the line's own time. */
  processMessage?(message: { data: unknown[]; date: Date; level: LogLevel }): void;
};

/**
 * Writes each line through electron-log, synchronously. A line that carries the time it was
 * logged (from deferredLogSink) keeps that time in the file, so the file's millisecond
 * stamps still say when things happened (docs/performance.md times the tray by them).
 */
export function electronLogSink(log: ElectronLogLike): LogSink {
  return {
    write: (level, line, at) => {
      if (at !== undefined && log.processMessage) log.processMessage({ data: [line], date: new Date(at), level });
      else log[level](line);
    },
  };
}

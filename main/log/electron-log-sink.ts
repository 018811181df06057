import type { LogLevel, LogSink } from './logger';

/**
 * The slice of electron-log the sink needs. Both `electron-log/node` (plain Node,
 * scripts, tests) and `electron-log/main` (the app) satisfy it, so this file
 * imports neither and the caller picks the right one.
 */
export type ElectronLogLike = Record<LogLevel, (...params: unknown[]) => void>;

export function electronLogSink(log: ElectronLogLike): LogSink {
  return { write: (level, line) => log[level](line) };
}

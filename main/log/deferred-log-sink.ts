import type { LogLevel, LogSink } from './logger';

/** A sink whose queued lines can be pushed out at once (on quit, before reading the file in a test). */
export interface FlushableLogSink extends LogSink {
  /** Hands every queued line to the target sink now, synchronously. */
  flush(): void;
}

/**
 * Sinks with lines still queued; one 'exit' hook flushes them all. Kept on the process, not in
 * this module, so a module loaded more than once (tests that reset modules, two copies in a
 * bundle) still adds a single hook instead of one per copy.
 */
const PENDING = Symbol.for('whisper-control.deferred-log-sinks.pending');

function withPendingLines(): Set<() => void> {
  const holder = process as NodeJS.Process & { [PENDING]?: Set<() => void> };
  let pending = holder[PENDING];
  if (pending === undefined) {
    const sinks = new Set<() => void>();
    pending = holder[PENDING] = sinks;
    process.on('exit', () => {
      for (const flush of [...sinks]) flush();
    });
  }
  return pending;
}

/**
 * Hands lines to `target` after the current turn of the event loop (setImmediate),
 * in order. Why: electron-log's processing of a line (transforms, formatting, the file
 * append) is work the stop's answer would otherwise wait for, since it is produced in the same
 * turn as its log lines; deferring takes that off the stop path without dropping or
 * reordering anything (docs/performance.md, "Where the stop path's time goes").
 * Through createLogger, lines are formatted (and redacted) here, just before they are handed
 * over (writeLazily): formatting is part of the cost taken off the caller's turn.
 *
 * Lines cannot be lost to an orderly exit: `flush()` writes them now (the quit path calls it
 * through Logger.flush), and a process 'exit' hook flushes whatever is still queued when the
 * process ends by process.exit() or an uncaught exception (electron-log writes the file
 * synchronously, so the lines are on disk before the process is gone).
 */
export function deferredLogSink(target: LogSink): FlushableLogSink {
  let queue: [LogLevel, string | (() => string), number][] = [];
  let scheduled: ReturnType<typeof setImmediate> | null = null;

  const flush = (): void => {
    if (scheduled !== null) {
      clearImmediate(scheduled);
      scheduled = null;
    }
    withPendingLines().delete(flush);
    // Swap before writing: a target that logs while writing queues for the next turn, never loops here.
    const lines = queue;
    queue = [];
    for (const [level, line, at] of lines) {
      try {
        target.write(level, typeof line === 'string' ? line : line(), at);
      } catch {
        // A failing log target must not take the app (or the rest of the queue) down with it.
      }
    }
  };

  const enqueue = (level: LogLevel, line: string | (() => string)): void => {
    // The time is taken now, so a line keeps the moment it was logged, not the moment it was written.
    queue.push([level, line, Date.now()]);
    if (scheduled !== null) return;
    scheduled = setImmediate(flush);
    // The pending turn must not keep an otherwise finished process alive.
    scheduled.unref();
    withPendingLines().add(flush);
  };

  return { write: enqueue, writeLazily: enqueue, flush };
}

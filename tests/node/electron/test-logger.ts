import { createLogger, memoryLogSink, type Logger } from '@main/log/logger';

/** The real (redacting) logger writing to memory, so tests read exactly what the log would hold. */
export function testLogger(): Logger & { lines: string[] } {
  const sink = memoryLogSink();
  return Object.assign(createLogger(sink), { lines: sink.lines });
}

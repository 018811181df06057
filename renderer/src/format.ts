/** Elapsed time as m:ss (minutes keep counting past an hour); clock skew never shows a negative time. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatClock(epochMs: number, language: string): string {
  return new Date(epochMs).toLocaleTimeString(language, { hour12: false });
}

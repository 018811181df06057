import type { Language } from '../../app/i18n/language';
import { displayLocale } from './i18n';

/** Elapsed time as m:ss (minutes keep counting past an hour); clock skew never shows a negative time. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A time of day in the display language's own format (24-hour, day-first where that locale is). */
export function formatClock(epochMs: number, language: Language): string {
  return new Date(epochMs).toLocaleTimeString(displayLocale(language), { hour12: false });
}

/** A duration in milliseconds, worded by the display language ("12 ms", "12毫秒"). */
export function formatMs(ms: number, language: Language): string {
  return new Intl.NumberFormat(displayLocale(language), { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(ms);
}

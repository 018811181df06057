/**
 * Forgotten-whisper reminder: after `reminderAfterMinutes` of continuous
 * whispering (or inserting: both put the inspector's voice on the call) it
 * emits a reminder, then again every `reminderRepeatMinutes` (0 = once) until
 * that whisper ends. 0 minutes turns it off. The Electron side turns the event
 * into a notification whose Stop action calls WhisperActions.stop with the
 * 'reminder' trigger. Clock and timers are injectable so tests use fake time.
 */
import { currentMonitoring } from '../../app/monitoring';
import type { Settings } from '../../app/settings';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';
import type { Logger } from '../log/logger';

export interface ReminderEvent {
  readonly target: string | null;
  readonly mode: WhisperMode;
  readonly elapsedMs: number;
}

export interface ReminderTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WhisperReminderDeps {
  readonly settings: () => Pick<Settings, 'reminderAfterMinutes' | 'reminderRepeatMinutes'>;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly timers?: ReminderTimers;
}

const MINUTE_MS = 60_000;
const AUDIBLE_MODES: readonly WhisperMode[] = ['whisper', 'insert'];

const realTimers: ReminderTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function minutes(value: number): number {
  return Number.isFinite(value) && value > 0 ? value * MINUTE_MS : 0;
}

export class WhisperReminder {
  private readonly deps: WhisperReminderDeps;
  private readonly now: () => number;
  private readonly timers: ReminderTimers;
  private readonly listeners = new Set<(event: ReminderEvent) => void>();
  private watched: { key: string; target: string | null; mode: WhisperMode; since: number; lastFiredElapsed: number | null } | null = null;
  private timer: unknown = null;

  constructor(deps: WhisperReminderDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? realTimers;
  }

  onReminder(listener: (event: ReminderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed every session snapshot; the reminder follows the whisper it describes. */
  update(snapshot: SessionSnapshot): void {
    const whisper = currentMonitoring(snapshot);
    const audible = whisper && AUDIBLE_MODES.includes(whisper.mode) ? whisper : null;
    const key = audible ? `${audible.mode}|${audible.target ?? ''}|${audible.since}` : null;
    if (key === (this.watched?.key ?? null)) return;
    this.watched = audible && key ? { key, target: audible.target, mode: audible.mode, since: audible.since, lastFiredElapsed: null } : null;
    this.schedule();
  }

  /** Call when the reminder settings change. */
  settingsChanged(): void {
    this.schedule();
  }

  dispose(): void {
    this.cancel();
    this.watched = null;
    this.listeners.clear();
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.cancel();
    const watched = this.watched;
    const after = minutes(this.deps.settings().reminderAfterMinutes);
    if (!watched || after === 0) return;
    const repeat = minutes(this.deps.settings().reminderRepeatMinutes);
    let due: number;
    if (watched.lastFiredElapsed === null) due = after;
    else if (repeat > 0) due = watched.lastFiredElapsed + repeat;
    else return;
    const elapsed = this.now() - watched.since;
    this.timer = this.timers.setTimeout(() => this.fire(watched.key), Math.max(0, due - elapsed));
  }

  private fire(key: string): void {
    this.timer = null;
    const watched = this.watched;
    if (!watched || watched.key !== key) return;
    const event: ReminderEvent = { target: watched.target, mode: watched.mode, elapsedMs: this.now() - watched.since };
    watched.lastFiredElapsed = event.elapsedMs;
    this.deps.logger.info('forgotten-whisper reminder', { whisperAgentId: watched.target, mode: watched.mode, elapsedMs: event.elapsedMs });
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.deps.logger.error('reminder listener failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
    this.schedule();
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@app/settings';
import type { SessionSnapshot, WhisperState } from '@app/whisper';
import { WhisperReminder, type ReminderEvent, type ReminderTimers } from '@main/actions/whisper-reminder';
import { nullLogger } from '@main/log/logger';
import { INSPECTOR, startHarness } from '../ipc/harness';
import { sessionSnapshot } from '@support/session-snapshot';

const MINUTE = 60_000;

function snapshotWith(whisper: WhisperState | null, phase: SessionSnapshot['phase'] = 'signed-in'): SessionSnapshot {
  return sessionSnapshot({ phase, whisper });
}

function reminderWith(settings: Pick<Settings, 'reminderAfterMinutes' | 'reminderRepeatMinutes'>) {
  const current = { ...settings };
  const events: ReminderEvent[] = [];
  const reminder = new WhisperReminder({ settings: () => current, logger: nullLogger });
  reminder.onReminder((event) => events.push(event));
  return { reminder, events, settings: current };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('forgotten-whisper reminder (fake timers)', () => {
  it('fires at the configured time, then at every repeat, until the whisper ends', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { reminder, events } = reminderWith({ reminderAfterMinutes: 5, reminderRepeatMinutes: 2 });
    reminder.update(snapshotWith({ target: '1002', mode: 'whisper', since: Date.now() }));
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([{ target: '1002', mode: 'whisper', elapsedMs: 5 * MINUTE }]);
    vi.advanceTimersByTime(2 * MINUTE);
    vi.advanceTimersByTime(2 * MINUTE);
    expect(events.map((e) => e.elapsedMs)).toEqual([5 * MINUTE, 7 * MINUTE, 9 * MINUTE]);
    reminder.update(snapshotWith(null));
    vi.advanceTimersByTime(60 * MINUTE);
    expect(events).toHaveLength(3);
  });

  it('counts from when the whisper began, and follows a new target or mode', () => {
    vi.useFakeTimers({ now: 10 * MINUTE });
    const { reminder, events } = reminderWith({ reminderAfterMinutes: 5, reminderRepeatMinutes: 10 });
    reminder.update(snapshotWith({ target: '1002', mode: 'whisper', since: Date.now() - 4 * MINUTE }));
    vi.advanceTimersByTime(MINUTE);
    expect(events).toEqual([{ target: '1002', mode: 'whisper', elapsedMs: 5 * MINUTE }]);
    reminder.update(snapshotWith({ target: '1003', mode: 'whisper', since: Date.now() }));
    vi.advanceTimersByTime(5 * MINUTE);
    expect(events.at(-1)).toEqual({ target: '1003', mode: 'whisper', elapsedMs: 5 * MINUTE });
    // Listening is silent: no reminder; inserting is audible: reminded.
    reminder.update(snapshotWith({ target: '1003', mode: 'listen', since: Date.now() }));
    vi.advanceTimersByTime(30 * MINUTE);
    expect(events).toHaveLength(2);
    reminder.update(snapshotWith({ target: '1003', mode: 'insert', since: Date.now() }));
    vi.advanceTimersByTime(5 * MINUTE);
    expect(events.at(-1)).toMatchObject({ mode: 'insert' });
  });

  it('is off at 0 minutes and reschedules when the setting changes', () => {
    vi.useFakeTimers({ now: 0 });
    const { reminder, events, settings } = reminderWith({ reminderAfterMinutes: 0, reminderRepeatMinutes: 2 });
    reminder.update(snapshotWith({ target: '1002', mode: 'whisper', since: 0 }));
    vi.advanceTimersByTime(120 * MINUTE);
    expect(events).toEqual([]);
    settings.reminderAfterMinutes = 1;
    reminder.settingsChanged();
    vi.advanceTimersByTime(1);
    expect(events).toEqual([{ target: '1002', mode: 'whisper', elapsedMs: 120 * MINUTE }]);
    settings.reminderAfterMinutes = 0;
    reminder.settingsChanged();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(events).toHaveLength(1);
  });

  it('never reminds of a whisper on a session that is signed out or expired', () => {
    vi.useFakeTimers({ now: 0 });
    const { reminder, events } = reminderWith({ reminderAfterMinutes: 1, reminderRepeatMinutes: 1 });
    reminder.update(snapshotWith({ target: '1002', mode: 'whisper', since: 0 }, 'expired'));
    vi.advanceTimersByTime(10 * MINUTE);
    expect(events).toEqual([]);
  });
});

/** A clock and timers the test moves by hand: the network keeps real time, the reminder does not. */
function manualClock(start: number) {
  let now = start;
  let nextId = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: ReminderTimers = {
    setTimeout: (run, ms) => {
      nextId += 1;
      pending.set(nextId, { at: now + ms, run });
      return nextId;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    now: () => now,
    timers,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = end;
    },
  };
}

describe('reminder through the services, against the emulator', () => {
  it('fires at the configured time and its Stop action stops the whisper', async () => {
    const clock = manualClock(Date.now());
    const h = await startHarness({ services: { now: clock.now, timers: clock.timers } });
    try {
      await h.signIn();
      expect(await h.services.saveSettings({ reminderAfterMinutes: 3, reminderRepeatMinutes: 1 })).toMatchObject({ ok: true });
      const reminders: ReminderEvent[] = [];
      const stops: Promise<unknown>[] = [];
      // What the Electron side does: a notification whose Stop action calls the same stop path.
      h.services.onReminder((event) => {
        reminders.push(event);
        stops.push(h.services.actions.stop({ trigger: 'reminder', ...(event.target && { whisperAgentId: event.target }) }));
      });
      expect(await h.services.actions.start({ trigger: 'panel', whisperAgentId: '1002' })).toMatchObject({ ok: true });

      clock.advance(3 * MINUTE - 1);
      expect(reminders).toEqual([]);
      clock.advance(1);
      expect(reminders).toEqual([{ target: '1002', mode: 'whisper', elapsedMs: 3 * MINUTE }]);

      expect(await Promise.all(stops)).toMatchObject([{ ok: true, action: 'stop', target: '1002' }]);
      expect(h.emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'idle', target: null });
      expect(h.services.snapshot().whisper).toBeNull();
      expect(h.services.history().at(-1)).toMatchObject({ action: 'stop', trigger: 'reminder', ok: true });
      clock.advance(10 * MINUTE);
      expect(reminders).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

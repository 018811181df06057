import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { settlesBefore } from '@support/settle';
import { BASE, call, drainEvents, poll, signIn, sleep, emulatorPerTest } from './gateway-http';

/** GET agentevent/{id}: held while empty, answered at once when an event exists, one event per answer (§3). */

const HOLD_MS = 400;
/** A hold no test waits out: a poll answered before half of it was answered by its event, not by the hold. */
const LONG_HOLD_MS = 30_000;
let emu: Emulator;
let guid: string;

/** A fresh emulator per test with inspector 101 signed in and the two sign-in events polled away. */
function inspectorPerTest(pollHoldMs: number): void {
  emulatorPerTest(
    async (tls) => {
      const started = await startEmulator({ tls, authMode: 'static', pollHoldMs });
      const inspector = await signIn(started, '101');
      await poll(started, '101', inspector);
      await poll(started, '101', inspector); // the two sign-in events
      return { emu: started, guid: inspector };
    },
    (started) => ({ emu, guid } = started),
  );
}

describe('event polling, answered by an event while a long hold is still running', () => {
  inspectorPerTest(LONG_HOLD_MS);

  it('answers a held poll with the event as soon as it is queued', async () => {
    const pending = poll(emu, '101', guid);
    await sleep(100);
    emu.control.pushEvent('101', { eventType: 'AgentState_Busy' });
    const answer = await settlesBefore(pending, LONG_HOLD_MS / 2);
    expect(answer.settled).toBe(true);
    if (!answer.settled) return;
    expect(answer.value.json().event).toEqual({ eventType: 'AgentState_Busy', workNo: '101', content: null, eventGenTime: expect.any(Number) });
  });

  it('answers at once when an event is already queued, one event per answer, oldest first', async () => {
    emu.control.pushEvent('101', { eventType: 'First', content: { n: 1 } });
    emu.control.pushEvent('101', { eventType: 'Second', content: { n: 2 } });
    const answers = [];
    for (let i = 0; i < 2; i += 1) answers.push(await settlesBefore(poll(emu, '101', guid), LONG_HOLD_MS / 4));
    expect(answers.map((a) => a.settled)).toEqual([true, true]);
    expect(answers.map((a) => (a.settled ? (a.value.json().event as Record<string, unknown>) : null))).toMatchObject([
      { eventType: 'First', content: { n: 1 } },
      { eventType: 'Second', content: { n: 2 } },
    ]);
  });
});

describe('event polling', () => {
  inspectorPerTest(HOLD_MS);

  it('holds an empty poll for pollHoldMs, then answers event: null', async () => {
    const started = Date.now();
    const answer = await poll(emu, '101', guid);
    const took = Date.now() - started;
    expect(answer.json()).toEqual({ message: '', retcode: '0', event: null });
    expect(took).toBeGreaterThanOrEqual(HOLD_MS - 20);
  });

  it('keeps an event for the next poll when the held poll was abandoned', async () => {
    await poll(emu, '101', guid, { timeoutMs: 100 }).catch(() => undefined);
    await sleep(50);
    emu.control.pushEvent('101', { eventType: 'AfterAbandon' });
    expect(((await poll(emu, '101', guid)).json().event as { eventType: string }).eventType).toBe('AfterAbandon');
  });

  it('drops events for an agent nobody is signed in as', async () => {
    emu.control.pushEvent('102', { eventType: 'Lost' });
    const other = await signIn(emu, '102');
    expect((await drainEvents(emu, '102', other)).map((e) => e.eventType)).toEqual(['AgentOther_InService', 'AgentState_Ready']);
  });

  it('accepts the optional calldata query', async () => {
    emu.control.pushEvent('101', { eventType: 'X' });
    const answer = await call(emu, 'GET', `${BASE}/agentevent/101?calldata=abc`, { guid });
    expect(answer.json().retcode).toBe('0');
    expect(emu.journal.at(-1)?.query).toEqual({ calldata: 'abc' });
  });
});

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { BASE, call, drainEvents, poll, signIn, sleep, emulatorPerTest } from './gateway-http';

/** GET agentevent/{id}: held while empty, answered at once when an event exists, one event per answer (§3). */

const HOLD_MS = 400;
let emu: Emulator;
let guid: string;
emulatorPerTest(
  async (tls) => {
    const started = await startEmulator({ tls, authMode: 'static', pollHoldMs: HOLD_MS });
    const inspector = await signIn(started, '101');
    await poll(started, '101', inspector);
    await poll(started, '101', inspector); // the two sign-in events
    return { emu: started, guid: inspector };
  },
  (started) => ({ emu, guid } = started),
);

describe('event polling', () => {
  it('holds an empty poll for pollHoldMs, then answers event: null', async () => {
    const started = Date.now();
    const answer = await poll(emu, '101', guid);
    const took = Date.now() - started;
    expect(answer.json()).toEqual({ message: '', retcode: '0', event: null });
    expect(took).toBeGreaterThanOrEqual(HOLD_MS - 20);
  });

  it('answers a held poll as soon as an event is queued', async () => {
    const started = Date.now();
    const pending = poll(emu, '101', guid);
    await sleep(100);
    emu.control.pushEvent('101', { eventType: 'AgentState_Busy' });
    const event = (await pending).json().event;
    expect(Date.now() - started).toBeLessThan(HOLD_MS);
    expect(event).toEqual({ eventType: 'AgentState_Busy', workNo: '101', content: null, eventGenTime: expect.any(Number) });
  });

  it('answers at once when an event is already queued, one event per answer, oldest first', async () => {
    emu.control.pushEvent('101', { eventType: 'First', content: { n: 1 } });
    emu.control.pushEvent('101', { eventType: 'Second', content: { n: 2 } });
    const started = Date.now();
    const first = (await poll(emu, '101', guid)).json().event as Record<string, unknown>;
    expect(Date.now() - started).toBeLessThan(HOLD_MS);
    expect(first).toMatchObject({ eventType: 'First', content: { n: 1 } });
    expect(await drainEvents(emu, '101', guid)).toEqual([{ eventType: 'Second', content: { n: 2 } }]);
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

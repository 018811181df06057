import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '@emulator/index';
import { generateServerTls, type TlsMaterial } from '@emulator/pki';
import { BASE, call, poll, qc, retcodeOf, signIn, signInBody, sleep } from './gateway-http';
import { settlesBefore } from '@support/settle';

/** Dynamic rotation, expiry, static mode and MAXTIME, at test speed (protocol §3, §4). */

let tls: TlsMaterial;
let emu: Emulator | null = null;
beforeAll(() => {
  tls = generateServerTls();
});
afterEach(async () => {
  await emu?.close();
  emu = null;
});

async function start(options: EmulatorOptions): Promise<Emulator> {
  emu = await startEmulator({ tls, ...options });
  return emu;
}

describe('dynamic authentication', () => {
  it('issues a new Guid on the first poll after GUIDINTERVAL, in Set-GUID', async () => {
    const e = await start({ guidIntervalMs: 200, guidTimeoutMs: 1_000, pollHoldMs: 20 });
    const first = await signIn(e, '101');
    const early = await poll(e, '101', first);
    expect(early.setGuid).toBeNull();
    await sleep(220);
    const due = await poll(e, '101', first);
    expect(due.json().retcode).toBe('0');
    expect(due.headers['set-guid']).toMatch(/^JSESSIONID=[0-9a-f-]{36}\.AgentGateway0$/);
    expect(due.setGuid).not.toBe(first);
    expect(e.control.currentGuid('101')).toBe(due.setGuid);
    expect(e.control.issuedGuids('101')).toEqual([first, due.setGuid]);
    // Only one rotation per interval: the next poll brings none.
    expect((await poll(e, '101', due.setGuid as string)).setGuid).toBeNull();
  });

  it('rotates on any authenticated answer, not only polls: a stop can bring the next Guid', async () => {
    const e = await start({ guidIntervalMs: 200, guidTimeoutMs: 1_000, pollHoldMs: 20 });
    const first = await signIn(e, '101');
    await sleep(220);
    const stopAnswer = await qc(e, '101', 'requeststopwhisperagent', first);
    expect(stopAnswer.json().retcode).toBe('900-004');
    expect(stopAnswer.setGuid).not.toBeNull();
    expect(stopAnswer.setGuid).not.toBe(first);
    expect((await poll(e, '101', stopAnswer.setGuid as string)).setGuid).toBeNull();
  });

  it('never rotates on refused requests or sign-out', async () => {
    const e = await start({ guidIntervalMs: 100, guidTimeoutMs: 400, pollHoldMs: 20 });
    const guid = await signIn(e, '101');
    await sleep(120);
    expect((await poll(e, '101', 'wrong')).setGuid).toBeNull();
    const out = await call(e, 'DELETE', `${BASE}/onlineagent/101/logout`, { guid });
    expect(out.json().retcode).toBe('0');
    expect(out.setGuid).toBeNull();
    expect(e.control.issuedGuids('101')).toEqual([guid]);
  });

  it('keeps an older Guid valid until its own GUIDTIMEOUT, then answers 100-006', async () => {
    const e = await start({ guidIntervalMs: 200, guidTimeoutMs: 700, pollHoldMs: 20 });
    const first = await signIn(e, '101');
    await sleep(220);
    const second = (await poll(e, '101', first)).setGuid as string;
    expect(second).not.toBeNull();
    expect(await retcodeOf(qc(e, '101', 'requeststopwhisperagent', first))).toBe('900-004');
    await sleep(520); // past the first Guid's 700 ms, well inside the second's
    expect(await retcodeOf(qc(e, '101', 'requeststopwhisperagent', first))).toBe('100-006');
    expect(await retcodeOf(qc(e, '101', 'requeststopwhisperagent', second))).toBe('900-004');
  });

  it('expires every Guid when nobody polls: the session is unusable (100-006)', async () => {
    const e = await start({ guidIntervalMs: 100, guidTimeoutMs: 200, pollHoldMs: 20 });
    const guid = await signIn(e, '101');
    await sleep(250);
    expect(await retcodeOf(poll(e, '101', guid))).toBe('100-006');
    expect(e.control.currentGuid('101')).toBeNull();
  });

  it('answers a held poll when the Guid falls due, so rotation reaches a long-polling client in time', async () => {
    // A generous GUIDTIMEOUT: under load, sign-in plus two polls must not outlast the first Guid.
    // A hold no test waits out: answered before half of it, the poll was answered by the rotation.
    const e = await start({ guidIntervalMs: 200, guidTimeoutMs: 3_000, pollHoldMs: 30_000 });
    const first = await signIn(e, '101');
    await poll(e, '101', first);
    await poll(e, '101', first); // queue drained (InService, Ready)
    const held = await settlesBefore(poll(e, '101', first), 15_000);
    expect(held.settled).toBe(true);
    if (!held.settled) return;
    expect(held.value.json()).toEqual({ message: '', retcode: '0', event: null });
    expect(held.value.setGuid).not.toBeNull();
  });

  it('survives 30 rotations with a client that keeps every Set-GUID: every request authenticated', async () => {
    const e = await start({ guidIntervalMs: 80, guidTimeoutMs: 300, pollHoldMs: 1_000 });
    let guid = await signIn(e, '101');
    let rotations = 0;
    const keepNewest = (answer: Awaited<ReturnType<typeof poll>>): void => {
      if (answer.setGuid) {
        guid = answer.setGuid;
        rotations += 1;
      }
    };
    while (rotations < 30) {
      const polled = await poll(e, '101', guid);
      expect(polled.json().retcode).toBe('0');
      keepNewest(polled);
      const stopped = await qc(e, '101', 'requeststopwhisperagent', guid);
      expect(stopped.json().retcode).toBe('900-004');
      keepNewest(stopped);
    }
    expect(e.control.issuedGuids('101')).toHaveLength(rotations + 1);
    expect(e.control.currentGuid('101')).toBe(guid);
  });
});

describe('static authentication', () => {
  it('uses the sign-in Guid for good: no rotation, no expiry while the agent is active', async () => {
    const e = await start({ authMode: 'static', guidIntervalMs: 50, guidTimeoutMs: 100, pollHoldMs: 20 });
    const guid = await signIn(e, '101');
    for (let i = 0; i < 6; i += 1) {
      await sleep(50);
      const answer = await poll(e, '101', guid);
      expect(answer.json().retcode).toBe('0');
      expect(answer.setGuid).toBeNull();
    }
    expect(e.control.issuedGuids('101')).toEqual([guid]);
  });
});

describe('MAXTIME', () => {
  it('signs out an agent that sends no request for maxIdleMs: 100-006, and a plain sign-in works again', async () => {
    const e = await start({ authMode: 'static', maxIdleMs: 300, pollHoldMs: 20 });
    const guid = await signIn(e, '101');
    await sleep(450);
    expect(e.control.currentGuid('101')).toBeNull();
    expect(await retcodeOf(poll(e, '101', guid))).toBe('100-006');
    expect(await retcodeOf(call(e, 'PUT', `${BASE}/onlineagent/101`, { body: signInBody() }))).toBe('0');
  });

  it('keeps an agent that keeps sending requests', async () => {
    const e = await start({ authMode: 'static', maxIdleMs: 300, pollHoldMs: 20 });
    const guid = await signIn(e, '101');
    for (let i = 0; i < 8; i += 1) {
      await sleep(100);
      expect(await retcodeOf(poll(e, '101', guid))).toBe('0');
    }
  });

  it('counts a poll the gateway is holding as contact', async () => {
    const e = await start({ authMode: 'static', maxIdleMs: 200, pollHoldMs: 500 });
    const guid = await signIn(e, '101');
    await poll(e, '101', guid);
    await poll(e, '101', guid);
    const held = await poll(e, '101', guid); // held 500 ms > MAXTIME
    expect(held.json()).toEqual({ message: '', retcode: '0', event: null });
    expect(await retcodeOf(poll(e, '101', guid, { timeoutMs: 2_000 }))).toBe('0');
  });

  it('answers a held poll with 100-006 when the agent is signed out meanwhile', async () => {
    const e = await start({ authMode: 'static', pollHoldMs: 5_000 });
    const guid = await signIn(e, '101');
    await poll(e, '101', guid);
    await poll(e, '101', guid);
    const pending = poll(e, '101', guid);
    await sleep(100);
    e.control.signOutAgent('101');
    expect(await retcodeOf(pending)).toBe('100-006');
  });
});

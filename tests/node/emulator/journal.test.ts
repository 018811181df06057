import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { BASE, call, signIn, signInBody } from './gateway-http';

/** The request journal: what the client actually put on the wire. */

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ authMode: 'static', pollHoldMs: 20 });
});
afterEach(async () => {
  await emu.close();
});

describe('request journal', () => {
  it('records method, path, query, lower-cased headers and body of every request, in order', async () => {
    const before = Date.now();
    const guid = await signIn(emu, '101');
    await call(emu, 'POST', `${BASE}/qualitycontrol/101/requeststopwhisperagent?whisperagentid=1002`, { guid });
    await call(emu, 'GET', '/nowhere?x=1');
    await call(emu, 'GET', `${BASE}/qualitycontrol/101/requeststopwhisperagent`, { guid });

    expect(emu.journal).toHaveLength(4);
    const [signInEntry, stopEntry, notFound, wrongMethod] = emu.journal;
    expect(signInEntry).toMatchObject({ method: 'PUT', path: `${BASE}/onlineagent/101`, query: {}, body: signInBody() });
    expect(signInEntry?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(signInEntry?.headers.guid).toBeUndefined();
    expect(signInEntry?.at).toBeGreaterThanOrEqual(before);

    expect(stopEntry).toMatchObject({
      method: 'POST',
      path: `${BASE}/qualitycontrol/101/requeststopwhisperagent`,
      query: { whisperagentid: '1002' },
      body: '',
    });
    expect(stopEntry?.headers.guid).toBe(guid);
    expect(stopEntry?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(Object.keys(stopEntry?.headers ?? {}).every((k) => k === k.toLowerCase())).toBe(true);

    expect(notFound).toMatchObject({ method: 'GET', path: '/nowhere', query: { x: '1' } });
    expect(wrongMethod).toMatchObject({ method: 'GET', path: `${BASE}/qualitycontrol/101/requeststopwhisperagent` });
  });

  it('clearJournal empties the same array callers hold', async () => {
    const journal = emu.journal;
    await call(emu, 'GET', '/x');
    emu.clearJournal();
    expect(journal).toHaveLength(0);
    await call(emu, 'GET', '/y');
    expect(journal.map((e) => e.path)).toEqual(['/y']);
  });

  it('records requests that a fault answers', async () => {
    emu.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-001' });
    await call(emu, 'POST', `${BASE}/qualitycontrol/101/requeststopwhisperagent`, { guid: 'g' });
    expect(emu.journal.map((e) => [e.method, e.headers.guid])).toEqual([['POST', 'g']]);
  });
});

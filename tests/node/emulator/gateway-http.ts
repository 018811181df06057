import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { startEmulator, type Emulator } from '@emulator/index';
import { generateServerTls, type TlsMaterial } from '@emulator/pki';
import { afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * A deliberately plain HTTPS caller for the emulator's own tests: node:https plus the emulator's CA,
 * nothing from the product client, so these tests pin the emulator to the protocol reference.
 */
export const JSON_TYPE = 'application/json; charset=UTF-8';
export const BASE = '/agentgateway/resource';
export const PASSWORD = 'Inspect0r!';
export const PHONE = '70101';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body; throws when the body is not JSON (some fault tests expect that). */
  json(): Record<string, unknown>;
  /** The Guid of a `Set-GUID: JSESSIONID=<guid>` header, or null. */
  setGuid: string | null;
}

export interface CallOptions {
  guid?: string;
  body?: string;
  /** null = send no Content-Type at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Give up after this long (rejects with Error('timeout')). */
  timeoutMs?: number;
  /** Called when the response headers arrive (for hang-after-headers). */
  onHeaders?: (status: number) => void;
}

export function call(emu: Emulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.contentType !== null) headers['Content-Type'] = opts.contentType ?? JSON_TYPE;
  if (opts.guid !== undefined) headers['Guid'] = opts.guid;
  if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = request(`${emu.url}${path}`, { method, headers, ca: emu.caPem, agent: false }, (res) => {
      opts.onHeaders?.(res.statusCode ?? 0);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted mid-body')));
      res.on('end', () => {
        if (!res.complete) {
          reject(new Error('aborted mid-body'));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const raw = res.headers['set-guid'];
        const value = Array.isArray(raw) ? raw[0] : raw;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
          setGuid: value?.startsWith('JSESSIONID=') ? value.slice('JSESSIONID='.length) : null,
        });
      });
    });
    if (opts.timeoutMs !== undefined) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('timeout')));
    }
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function signInBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ password: PASSWORD, phonenum: PHONE, ...extra });
}

export async function signIn(emu: Emulator, agentId = '101', opts: { force?: boolean; body?: string } = {}): Promise<string> {
  const answer = await call(emu, 'PUT', `${BASE}/onlineagent/${agentId}${opts.force ? '/forcelogin' : ''}`, { body: opts.body ?? signInBody() });
  const retcode = answer.json().retcode;
  if (retcode !== '0' || answer.setGuid === null) throw new Error(`sign-in of ${agentId} failed: ${answer.text}`);
  return answer.setGuid;
}

export function qc(emu: Emulator, inspector: string, op: string, guid: string, query = ''): Promise<Answer> {
  return call(emu, 'POST', `${BASE}/qualitycontrol/${inspector}/${op}${query}`, { guid });
}

export async function retcodeOf(answer: Promise<Answer>): Promise<unknown> {
  return (await answer).json().retcode;
}

export function poll(emu: Emulator, agentId: string, guid: string, opts: CallOptions = {}): Promise<Answer> {
  return call(emu, 'GET', `${BASE}/agentevent/${agentId}`, { ...opts, guid });
}

/** Polls until the queue is empty (an empty answer), returning the event types seen. */
export async function drainEvents(emu: Emulator, agentId: string, guid: string): Promise<Array<{ eventType: string; content: unknown }>> {
  const seen: Array<{ eventType: string; content: unknown }> = [];
  for (;;) {
    const event = (await poll(emu, agentId, guid)).json().event as { eventType: string; content: unknown } | null;
    if (event === null) return seen;
    seen.push({ eventType: event.eventType, content: event.content });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A static-mode emulator with inspector 101 signed in and its sign-in events already polled away. */
export async function startWithInspector(tls: TlsMaterial): Promise<{ emu: Emulator; guid: string }> {
  const emu = await startEmulator({ tls, authMode: 'static', pollHoldMs: 20 });
  const guid = await signIn(emu, '101');
  await drainEvents(emu, '101', guid);
  return { emu, guid };
}

/**
 * The emulator fixture of these tests: one TLS identity per file (key generation is the slow part),
 * a fresh emulator per test, started by `start` and closed after the test; `use` receives it.
 */
export function emulatorPerTest<T extends { emu: Emulator }>(start: (tls: TlsMaterial) => Promise<T>, use: (started: T) => void): void {
  let tls: TlsMaterial;
  let current: T | null = null;
  beforeAll(() => {
    tls = generateServerTls();
  });
  beforeEach(async () => {
    current = await start(tls);
    use(current);
  });
  afterEach(async () => {
    await current?.emu.close();
    current = null;
  });
}

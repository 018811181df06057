import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../../scripts/preview/preview-server';

/**
 * The preview's server in-process, over a stand-in panel page: 127.0.0.1 only, the token on every request
 * (query, header or the page's cookie), its own Host and Origin, the page's CSP opened to itself alone, and
 * calls and events reaching the real handlers and services.
 */
const TOKEN = 'preview-test-token-0123456789';
const PAGE = `<!doctype html><html lang="en"><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'none'; object-src 'none'" />
<script type="module" crossorigin src="./assets/panel.js"></script>
</head><body><div id="root"></div></body></html>`;

let preview: Preview;
let origin = '';
let renderer = '';

beforeAll(async () => {
  renderer = mkdtempSync(path.join(tmpdir(), 'wc-preview-page-'));
  writeFileSync(path.join(renderer, 'index.html'), PAGE);
  const assets = path.join(renderer, 'assets');
  mkdirSync(assets);
  writeFileSync(path.join(assets, 'panel.js'), 'export {};');
  preview = await startPreview({ token: TOKEN, rendererDir: renderer });
  origin = preview.host.url;
}, 60_000);

afterAll(async () => {
  await preview?.close();
  rmSync(renderer, { recursive: true, force: true });
});

/** node:http, which (unlike fetch) lets a test send any Host header. */
function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${pathname}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const call = (channel: string, request: unknown, headers: Record<string, string>) =>
  fetch(`${origin}/__preview/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ channel, request }) });

describe('the preview server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(new URL(origin).hostname).toBe('127.0.0.1');
    expect(preview.pageUrl).toBe(`${origin}/?token=${TOKEN}`);
  });

  it('serves the page with the token, its bridge script first and its connections opened to itself alone', async () => {
    const page = await get(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("connect-src 'self'");
    expect(page.body).not.toContain("connect-src 'none'");
    expect(page.body).toContain("script-src 'self'"); // nothing else of the policy changes
    expect(page.body.indexOf('<script src="/__preview/bridge.js"></script>')).toBeGreaterThan(0);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    // The page's own requests carry the cookie.
    expect((await get('/assets/panel.js', { cookie })).status).toBe(200);
    const bridge = await get('/__preview/bridge.js', { cookie });
    expect(bridge.status).toBe(200);
    expect(bridge.body).toContain('whisperControl');
  });

  it('refuses a request without the token, with a wrong one, or naming another Host', async () => {
    for (const pathname of ['/', '/index.html', '/assets/panel.js', '/__preview/bridge.js', '/__preview/events', '/favicon.ico']) {
      expect((await get(pathname)).status, pathname).toBe(403);
      expect((await get(pathname, { cookie: `whisper-preview-${new URL(origin).port}=wrong` })).status, pathname).toBe(403);
    }
    expect((await get(`/?token=${TOKEN.slice(0, -1)}`)).status).toBe(403);
    // A DNS-rebinding page reaches this port under another name: refused even with the token.
    const rebound = await get(`/?token=${TOKEN}`, { host: `evil.example:${new URL(origin).port}` });
    expect(rebound.status).toBe(403);
    expect((await call('session:get-state', {}, { origin })).status).toBe(403);
  });

  it('answers a call only from its own origin, with the real handlers behind it, and streams main’s events', async () => {
    const token = { 'x-whisper-preview-token': TOKEN };
    expect((await call('session:get-state', {}, { ...token, origin: 'http://127.0.0.1:9' })).status).toBe(403);
    expect((await call('session:get-state', {}, token)).status).toBe(403); // no Origin at all

    const events = await fetch(`${origin}/__preview/events?token=${TOKEN}`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body!.getReader();
    let streamed = '';
    const snapshotArrives = (async () => {
      while (!streamed.includes('"session:state-changed"')) {
        const { value, done } = await reader.read();
        if (done) break;
        streamed += new TextDecoder().decode(value);
      }
    })();

    const state = await call('session:get-state', {}, { ...token, origin });
    expect(state.status).toBe(200);
    expect((await state.json()) as { value: { signedIn?: boolean } }).toHaveProperty('value');
    const signIn = await call('session:sign-in', { password: 'Inspect0r!' }, { ...token, origin });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { value: { ok: boolean } }).value.ok).toBe(true);
    await snapshotArrives;
    expect(streamed).toContain('"session:state-changed"');
    expect(streamed).not.toContain('Inspect0r!');
    await reader.cancel();

    const unknown = await call('no:such-channel', {}, { ...token, origin });
    expect(unknown.status).toBe(500);
    expect(((await unknown.json()) as { error: string }).error).toContain("No handler registered for 'no:such-channel'");
  });
});

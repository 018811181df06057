import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  PANEL_URL,
  createAppRequestHandler,
  denyAllPermissions,
  installAppProtocol,
} from '@main/electron/app-protocol';

let base: string;
let root: string;
let handler: ReturnType<typeof createAppRequestHandler>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'wc-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>panel</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'notes.xyz'), 'unknown type');
  writeFileSync(join(base, 'secret.txt'), 'SECRET-OUTSIDE-ROOT');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
  handler = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler({ url, method });

describe('app:// protocol handler', () => {
  it('serves the panel and its assets with explicit MIME types and the CSP on every response', async () => {
    const cases: [string, string, string][] = [
      [PANEL_URL, 'text/html; charset=utf-8', '<!doctype html><title>panel</title>'],
      ['app://whisper-control/', 'text/html; charset=utf-8', '<!doctype html><title>panel</title>'],
      ['app://whisper-control/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://whisper-control/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://whisper-control/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ];
    for (const [url, type, body] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(await response.text(), url).toBe(body);
    }
  });

  it('uses a CSP with no inline or eval script and nothing from other origins', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('refuses path traversal in every encoding, and symlinks leading out of the folder', async () => {
    const attempts = [
      'app://whisper-control/..%2Fsecret.txt',
      'app://whisper-control/assets/..%2F..%2Fsecret.txt',
      'app://whisper-control/%2e%2e%2fsecret.txt',
      'app://whisper-control/..%5Csecret.txt',
      'app://whisper-control/assets/..%5C..%5Csecret.txt',
      'app://whisper-control/assets/escape.txt',
      `app://whisper-control/${encodeURIComponent(join(base, 'secret.txt'))}`,
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      const text = await response.text();
      expect(text, url).not.toContain('SECRET-OUTSIDE-ROOT');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    // The URL parser itself removes plain ../ segments, so they stay inside the root.
    const plain = await get('app://whisper-control/../../secret.txt');
    expect(plain.status).toBe(404);
    expect(await plain.text()).not.toContain('SECRET');
    expect((await get('app://whisper-control/assets/..%2F..%2Fsecret.txt')).status).toBe(403);
  });

  it('refuses other hosts, other methods, NUL bytes, bad encodings, unknown types and missing files', async () => {
    expect((await get('app://evil.example/index.html')).status).toBe(404);
    expect((await get('app://whisper-control.evil/index.html')).status).toBe(404);
    expect((await get('https://whisper-control/index.html')).status).toBe(404);
    expect((await get(PANEL_URL, 'POST')).status).toBe(405);
    expect((await get('app://whisper-control/index.html%00.js')).status).toBe(400);
    expect((await get('app://whisper-control/%E0%A4%A')).status).toBe(400);
    expect((await get('app://whisper-control/assets/notes.xyz')).status).toBe(404);
    expect((await get('app://whisper-control/missing.js')).status).toBe(404);
    expect((await get('app://whisper-control/assets')).status).toBe(404);
  });

  it('answers HEAD without a body', async () => {
    const response = await get(PANEL_URL, 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('registers the scheme as standard and secure, without CORS for other origins', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).toBeFalsy();
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
  });

  it('installs the handler on the given session for the app scheme', async () => {
    const handle = vi.fn();
    installAppProtocol({ protocol: { handle } as never }, root);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle.mock.calls[0]?.[0]).toBe('app');
    const installed = handle.mock.calls[0]?.[1] as typeof handler;
    expect((await installed({ url: PANEL_URL, method: 'GET' })).status).toBe(200);
  });
});

describe('session permissions', () => {
  it('denies every permission request and check', () => {
    const setPermissionRequestHandler = vi.fn();
    const setPermissionCheckHandler = vi.fn();
    denyAllPermissions({ setPermissionRequestHandler, setPermissionCheckHandler } as never);
    const request = setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const check = setPermissionCheckHandler.mock.calls[0]?.[0] as (wc: unknown, p: string) => boolean;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(check({}, permission), permission).toBe(false);
    }
  });
});

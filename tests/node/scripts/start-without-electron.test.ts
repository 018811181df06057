import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` where the Electron binary cannot be had: one plain message naming what failed, the settings
 * that fix it and what works without Electron; no stack trace; a non-zero exit; and no build started.
 * The download is pointed at a mirror on 127.0.0.1 that has nothing (never the network), with an empty cache.
 */
const ROOT = path.resolve(__dirname, '../../..');
const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
const VERSION = (JSON.parse(readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const pathTxt = path.join(ELECTRON_DIR, 'path.txt');
const binaryInstalled = existsSync(pathTxt) && existsSync(path.join(ELECTRON_DIR, 'dist', readFileSync(pathTxt, 'utf8')));

let mirror: Server;
let mirrorUrl = '';
let scratch = '';
const mirrorRequests: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'wc-start-'));
  mirror = createServer((request, response) => {
    mirrorRequests.push(request.url ?? '');
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => mirror.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

function npm(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // What a person's shell would hand npm, minus anything that points Electron somewhere already.
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(electron_|ELECTRON_|npm_config_electron)/i.test(key)));
  const child = spawn('npm', [script], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function expectTheExplanation(output: { code: number | null; stdout: string; stderr: string }): void {
  expect(output.code).not.toBe(0);
  const all = output.stdout + output.stderr;
  expect(all).toContain(`Whisper Control cannot start: the Electron ${VERSION} binary is missing`);
  expect(all).toContain('ELECTRON_MIRROR=');
  expect(all).toContain('electron_config_cache=');
  expect(all).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
  expect(all).toContain('npm run preview');
  expect(all).toContain('npm run emulator');
  expect(all).not.toMatch(/^\s+at /m); // no stack trace
  expect(all).not.toContain('npx install-electron'); // the package's advice, which fails the same way
  expect(all).not.toContain('electron-vite'.concat(' v')); // nothing was built
}

describe('npm start without the Electron binary', () => {
  it.skipIf(binaryInstalled)('says the download failed and why, when the mirror has nothing (skipped where the binary is installed)', async () => {
    const output = await npm('start', { ELECTRON_MIRROR: mirrorUrl, electron_config_cache: path.join(scratch, 'cache') });
    expect(mirrorRequests.some((url) => url.includes(`electron-v${VERSION}-`))).toBe(true);
    expectTheExplanation(output);
    expect(output.stderr).toMatch(/downloading it failed \(\w*Error: .+\)/);
  });

  it('says so when ELECTRON_OVERRIDE_DIST_PATH names a folder without it', async () => {
    const empty = path.join(scratch, 'no-electron');
    const output = await npm('start', { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expectTheExplanation(output);
    expect(output.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH names ${path.join(empty, 'electron')}, which does not exist`);
  });

  it('lets the start go on when the binary is there', async () => {
    const dist = mkdtempSync(path.join(scratch, 'electron-'));
    writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dist, 'electron'), 0o755);
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'check-electron.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(said).toBe('');
    expect(code).toBe(0);
  });
});

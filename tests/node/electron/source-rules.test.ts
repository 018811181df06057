/**
 * Static guards over the shipped source (app/, main/, preload/, renderer/): the insecure switches
 * Electron's checklist warns about must not appear anywhere, so a later edit cannot quietly
 * reintroduce one that the wiring tests do not happen to exercise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|html)$/.test(name) ? [path] : [];
  });
}

const shipped = ['app', 'main', 'preload', 'renderer'].flatMap((layer) => sources(join(root, layer)));
/** Comments explain why these are absent; only code counts. */
const code = (path: string) =>
  readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '');

function offenders(pattern: RegExp): string[] {
  return shipped.filter((path) => pattern.test(code(path))).map((path) => relative(root, path));
}

describe('shipped source', () => {
  it('finds the files it guards', () => {
    expect(shipped.map((p) => relative(root, p))).toEqual(expect.arrayContaining([join('main', 'electron', 'window.ts'), join('preload', 'index.ts')]));
  });

  it.each([
    ['shell.openExternal (checklist 15: the app opens nothing outside itself)', /\bopenExternal\s*\(/],
    ['TLS verification switched off', /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:\s*\(\)\s*=>\s*undefined/],
    ['Node integration switched on (checklist 2)', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
    ['context isolation or the sandbox switched off (checklist 3, 4)', /(contextIsolation|sandbox)\s*:\s*false/],
    ['webSecurity switched off (checklist 6)', /webSecurity\s*:\s*false/],
    ['insecure content allowed (checklist 8)', /allowRunningInsecureContent\s*:\s*true/],
    ['experimental features (checklist 9)', /experimentalFeatures\s*:\s*true/],
    ['Blink features (checklist 10)', /enableBlinkFeatures/],
    ['<webview> (checklist 11, 12)', /webviewTag\s*:\s*true|<webview|allowpopups/],
    ['file:// pages (checklist 18)', /\.loadFile\s*\(|loadURL\s*\(\s*['"`]file:/],
    ['a popup allowed (checklist 14)', /action\s*:\s*['"]allow['"]/],
    ['raw ipcRenderer handed to the page (checklist 20)', /exposeInMainWorld\([^)]*ipcRenderer\s*[,)}]/],
  ])('contains no %s', (_what, pattern) => {
    expect(offenders(pattern)).toEqual([]);
  });

  it('creates windows in one place only, with the hardened options', () => {
    expect(offenders(/new\s+(electron\.)?BrowserWindow\s*\(/)).toEqual([join('main', 'electron', 'app-main.ts')]);
  });
});

/**
 * startMain with the platform and packaging the test machine does not have: Windows identity,
 * protocol registration, start at login, packaged builds without --demo.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startMain, type ElectronModules } from '@main/electron/app-main';
import { applyStartAtLogin } from '@main/electron/login-item';
import { createFakeElectron, resetFakeInstances, FakeTray, type FakeElectron } from './fake-electron';
import { testLogger } from './test-logger';

vi.mock('@main/vault/keytar-store', () => ({
  keytarStore: () => ({ get: async () => null, set: async () => undefined, delete: async () => false }),
}));

const repoRoot = resolve(__dirname, '../../..');
let dir: string;
let electron: FakeElectron;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wc-platform-'));
  resetFakeInstances();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function start(platform: NodeJS.Platform, packaged: boolean, argv: string[] = ['/opt/wc/whisper-control']) {
  electron = createFakeElectron({ userData: join(dir, 'userData'), appPath: repoRoot, packaged });
  const loginItems: unknown[] = [];
  (electron.app as unknown as Record<string, unknown>)['setLoginItemSettings'] = (s: unknown) => loginItems.push(s);
  const logger = testLogger();
  const main = startMain(electron as unknown as ElectronModules, {
    argv,
    platform,
    execPath: 'C:\\Program Files\\Whisper Control\\Whisper Control.exe',
    resourcesPath: join(dir, 'resources'),
    cwd: dir,
    env: {},
    home: dir,
    mainDir: join(repoRoot, 'out', 'main'),
    logger,
  });
  return { main, loginItems, logger };
}

async function quit(): Promise<void> {
  electron.app.quit();
  const until = Date.now() + 10_000;
  while (electron.app.calls.filter((c) => c === 'quit').length < 2) {
    if (Date.now() > until) throw new Error('shutdown did not finish');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('platform wiring', () => {
  it('sets the AppUserModelID on Windows before anything else shows', async () => {
    const { main } = start('win32', true);
    expect(electron.app.appUserModelId).toBe('com.whispercontrol.app');
    electron.app.becomeReady();
    await main?.ready;
    await quit();
  });

  it('does not set an AppUserModelID elsewhere', () => {
    start('linux', true);
    expect(electron.app.appUserModelId).toBeNull();
  });

  it('a packaged build registers whisper-control:// and, without --demo or a gateway, starts no emulator', async () => {
    const { main, logger } = start('win32', true);
    electron.app.becomeReady();
    await main?.ready;
    expect(electron.app.protocolClients).toEqual([{ scheme: 'whisper-control', args: [] }]);
    expect(logger.lines.some((l) => l.includes('demo gateway started'))).toBe(false);
    expect(FakeTray.instances.at(-1)?.tooltip).toBe('Whisper Control — Signed out');
    // Packaged: tray icons come from <resources>/tray, outside the asar (Windows gets the ICO).
    expect(FakeTray.instances.at(-1)?.images[0]).toEqual({ path: join(dir, 'resources', 'tray', 'tray-signed-out.ico') });
    await quit();
  });

  it('a development run registers no protocol client (it would claim the scheme for the bare Electron binary)', async () => {
    const { main } = start('linux', false, ['/usr/bin/electron', '.']);
    electron.app.becomeReady();
    await main?.ready;
    expect(electron.app.protocolClients).toEqual([]);
    expect(FakeTray.instances.at(-1)?.images[0]).toEqual({ path: join(repoRoot, 'build', 'icons', 'tray', 'tray-signed-out.png') });
    await quit();
  });
});

describe('start at login', () => {
  it('uses the login-item API on Windows and macOS, an XDG autostart entry on Linux, nothing unpackaged', async () => {
    const calls: unknown[] = [];
    const app = { isPackaged: true, setLoginItemSettings: (s: unknown) => void calls.push(s) };
    expect(await applyStartAtLogin(true, { app: app as never, platform: 'win32', execPath: 'C:\\wc.exe', home: dir, env: {} })).toBe('applied');
    expect(await applyStartAtLogin(false, { app: app as never, platform: 'darwin', execPath: '/Applications/WC.app', home: dir, env: {} })).toBe('applied');
    expect(calls).toEqual([{ openAtLogin: true, path: 'C:\\wc.exe', args: [] }, { openAtLogin: false }]);

    expect(await applyStartAtLogin(true, { app: app as never, platform: 'linux', execPath: '/opt/wc/whisper-control', home: dir, env: {} })).toBe('applied');
    expect(readFileSync(join(dir, '.config', 'autostart', 'whisper-control.desktop'), 'utf8')).toContain('Exec=/opt/wc/whisper-control');

    expect(await applyStartAtLogin(true, { app: { ...app, isPackaged: false } as never, platform: 'win32', execPath: 'x', home: dir, env: {} })).toBe('skipped');
    expect(calls).toHaveLength(2);
  });
});

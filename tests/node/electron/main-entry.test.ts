/**
 * The real main entry (main/index.ts) with `electron` and `electron-log/main` mocked at the module
 * boundary, running the real services against the real embedded emulator (demo mode).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '@app/ipc-contract';
import type { Emulator } from '@emulator/index';
import type { MainProcess } from '@main/electron/app-main';
import { CONTENT_SECURITY_POLICY, PANEL_URL } from '@main/electron/app-protocol';
import type { SecretStore } from '@main/vault/guid-vault';
import { FakeBrowserWindow, FakeNotification, FakeTray, createFakeElectron, resetFakeInstances, type FakeElectron } from './fake-electron';

const holder = vi.hoisted(() => ({
  electron: null as unknown as Record<string, unknown>,
  emulators: [] as unknown[],
  logLines: [] as string[],
}));

// The mocked module forwards to whichever fake the current test built.
vi.mock('electron', () => new Proxy({}, { get: (_target, key) => holder.electron[key as string], has: (_target, key) => key in holder.electron }));

vi.mock('electron-log/main', () => {
  const write = (level: string) => (...parts: unknown[]) => holder.logLines.push(`${level} ${parts.join(' ')}`);
  const ipcMain = holder.electron['ipcMain'] as { on(c: string, f: () => void): void; handle(c: string, f: () => void): void };
  // Like the real module: it opens an IPC channel of its own as soon as it is imported.
  ipcMain.on('__ELECTRON_LOG__', () => undefined);
  ipcMain.handle('__ELECTRON_LOG__', () => undefined);
  return { default: { transports: { file: {}, console: {} }, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') } };
});

vi.mock('@emulator/index', async (importOriginal) => {
  const real = await importOriginal<typeof import('@emulator/index')>();
  return {
    ...real,
    startEmulator: async (options: Parameters<typeof real.startEmulator>[0]) => {
      const emulator = await real.startEmulator(options);
      holder.emulators.push(emulator);
      return emulator;
    },
  };
});

// The OS keychain is outside this test's reach: an in-memory store stands in at the vault's boundary.
vi.mock('@main/vault/keytar-store', () => ({
  keytarStore: (): SecretStore => {
    const kept = new Map<string, string>();
    return {
      get: async (s, a) => kept.get(`${s}/${a}`) ?? null,
      set: async (s, a, v) => void kept.set(`${s}/${a}`, v),
      delete: async (s, a) => kept.delete(`${s}/${a}`),
    };
  },
}));

const repoRoot = resolve(__dirname, '../../..');
let userData: string;
let electron: FakeElectron;
const savedArgv = process.argv;

async function waitFor(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Imports the entry afresh, as Electron would load out/main/index.js. */
async function launch(args: string[] = [], options: { gotLock?: boolean } = {}): Promise<MainProcess | null> {
  electron = createFakeElectron({ userData, appPath: repoRoot, ...options });
  holder.electron = electron as unknown as Record<string, unknown>;
  process.argv = [process.execPath, '.', ...args];
  vi.resetModules();
  const entry = await import('@main/index');
  return entry.mainProcess;
}

async function quit(): Promise<void> {
  electron.app.quit();
  await waitFor(() => electron.app.calls.filter((c) => c === 'quit').length >= 2, 'shutdown to finish');
}

const trustedFrame = { senderFrame: { url: PANEL_URL, parent: null } };
function invoke(channel: string, request: unknown): Promise<any> {
  const handler = electron.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(trustedFrame, request) as Promise<any>;
}

const emulator = () => holder.emulators.at(-1) as Emulator;
const tray = () => FakeTray.instances.at(-1) as FakeTray;

beforeEach(() => {
  userData = mkdtempSync(join(tmpdir(), 'wc-main-'));
  resetFakeInstances();
  holder.emulators = [];
  holder.logLines = [];
});

afterEach(async () => {
  process.argv = savedArgv;
  for (const e of holder.emulators as Emulator[]) await e.close().catch(() => undefined);
  rmSync(userData, { recursive: true, force: true });
});

describe('main entry: lean start', () => {
  it('shows the tray without creating a window or loading the renderer until the panel is opened', async () => {
    const main = await launch();
    expect(main).not.toBeNull();
    // Before 'ready': only the lock and the privileged scheme, nothing visible.
    expect(electron.app.calls).toEqual(['requestSingleInstanceLock', 'registerSchemesAsPrivileged']);
    expect(electron.protocol.privileged).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(FakeTray.instances).toHaveLength(0);
    expect(holder.emulators).toHaveLength(0);
    expect(electron.ipcMain.handlers.has('whisper:stop')).toBe(false);

    electron.app.becomeReady();
    await main?.ready;
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(tray().tooltip).toContain('(demo gateway)');

    tray().click('open-panel');
    await waitFor(() => FakeBrowserWindow.instances.length === 1, 'the panel window');
    const window = FakeBrowserWindow.instances[0] as FakeBrowserWindow;
    expect(window.loadedUrls).toEqual([PANEL_URL]);
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(window.options.webPreferences?.preload).toBe(join(repoRoot, 'preload', 'index.js'));
    // The hardening reached the new window's contents through 'web-contents-created'.
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    // Opening again shows the same window.
    tray().click('open-panel');
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    await quit();
  });

  it('registers exactly the contract’s IPC channels, and closes electron-log’s own channel', async () => {
    const main = await launch();
    electron.app.becomeReady();
    await main?.ready;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(electron.ipcMain.listenerCount('__ELECTRON_LOG__')).toBe(0);
    await quit();
  });

  it('serves the panel over app:// with the CSP and denies every permission on the default session', async () => {
    const main = await launch();
    electron.app.becomeReady();
    await main?.ready;
    const session = electron.session.defaultSession;
    const handler = session.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const refused = await handler?.({ url: 'app://whisper-control/..%2F..%2Fpackage.json', method: 'GET' });
    expect(refused?.status).toBe(403);
    expect(refused?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.({}, 'notifications')).toBe(false);
    await quit();
  });

  it('registers the default stop and back-to-listen shortcuts from settings', async () => {
    const main = await launch();
    electron.app.becomeReady();
    await main?.ready;
    expect([...electron.globalShortcut.held.keys()]).toEqual(['CommandOrControl+Alt+S', 'CommandOrControl+Alt+L']);
    await quit();
    expect(electron.globalShortcut.held.size).toBe(0);
  });

  it('reports a refused shortcut in a notification and in the panel’s notice', async () => {
    const main = await launch();
    electron.globalShortcut.taken.add('CommandOrControl+Alt+S');
    electron.app.becomeReady();
    await main?.ready;
    const notice = FakeNotification.instances.find((n) => n.options.body?.includes('CommandOrControl+Alt+S'));
    expect(notice?.options.body).toContain('another application already uses it');
    const state = await invoke('session:get-state', {});
    expect(state.notice?.en).toContain('CommandOrControl+Alt+S');
    expect(state.notice?.['zh-CN']).toContain('快捷键 CommandOrControl+Alt+S');
    await quit();
  });
});

describe('main entry: settings reach the open panel', () => {
  it('sends settings:changed with the new view to the panel when the settings change in main', async () => {
    const main = await launch();
    electron.app.becomeReady();
    await main?.ready;
    tray().click('open-panel');
    await waitFor(() => FakeBrowserWindow.instances.length === 1, 'the panel window');
    const contents = (FakeBrowserWindow.instances[0] as FakeBrowserWindow).webContents;
    const settingsEvents = () => contents.sent.filter((event) => event.channel === 'settings:changed');
    expect(settingsEvents()).toEqual([]);

    const before = await invoke('settings:get', {});
    const saved = await invoke('settings:save', { changes: { reminderAfterMinutes: before.settings.reminderAfterMinutes + 3 } });
    expect(saved.ok).toBe(true);
    await waitFor(() => settingsEvents().length > 0, 'settings:changed');
    const payload = settingsEvents().at(-1)?.payload;
    expect(payload).toEqual(saved.view);
    expect(payload).toEqual(await invoke('settings:get', {}));
    expect(payload).toMatchObject({ settings: { reminderAfterMinutes: before.settings.reminderAfterMinutes + 3 }, locked: [] });
    await quit();
  });
});

describe('main entry: single instance and external triggers', () => {
  async function signedInAndWhispering(main: MainProcess | null): Promise<void> {
    electron.app.becomeReady();
    await main?.ready;
    expect((await invoke('session:sign-in', { password: 'Inspect0r!' })).ok).toBe(true);
    expect((await invoke('whisper:start', { whisperAgentId: '1002' })).ok).toBe(true);
    expect(emulator().control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    emulator().clearJournal();
  }

  const stopRequests = () => emulator().journal.filter((e) => e.path.endsWith('/requeststopwhisperagent'));

  it('quits at once when another instance holds the lock', async () => {
    const main = await launch([], { gotLock: false });
    expect(main).toBeNull();
    expect(electron.app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(electron.protocol.privileged).toEqual([]);
  });

  it('a second launch with --stop stops the whisper exactly once and shows the result', async () => {
    const main = await launch();
    await signedInAndWhispering(main);
    const { WhisperActions } = await import('@main/actions/whisper-actions');
    const stop = vi.spyOn(WhisperActions.prototype, 'stop');
    electron.app.emit('second-instance', {}, [process.execPath, '--stop', '--original-process-start-time=1', '.'], repoRoot);
    // The external trigger names no agent; the actions layer's one rule names the whispered one.
    await waitFor(() => FakeNotification.instances.some((n) => n.options.body === 'Whisper stopped (agent 1002).'), 'the stop notification');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(stop).toHaveBeenCalledWith({ trigger: 'external' });
    expect(stopRequests().map((e) => e.query)).toEqual([{ whisperagentid: '1002' }]);
    expect(emulator().control.qcState('101').mode).toBe('idle');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    await quit();
  });

  it('a whisper-control://stop link stops through the same path', async () => {
    const main = await launch();
    await signedInAndWhispering(main);
    const preventDefault = vi.fn();
    electron.app.emit('open-url', { preventDefault }, 'whisper-control://stop');
    await waitFor(() => stopRequests().length === 1 && emulator().control.qcState('101').mode === 'idle', 'the stop');
    expect(preventDefault).toHaveBeenCalled();
    await quit();
  });

  it('a second launch with no arguments opens the panel; an unknown argument does nothing but log', async () => {
    const main = await launch();
    await signedInAndWhispering(main);
    electron.app.emit('second-instance', {}, [process.execPath, '--format-disk'], repoRoot);
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(stopRequests()).toHaveLength(0);
    expect(holder.logLines.some((l) => l.includes('external trigger refused') && l.includes('--format-disk'))).toBe(true);
    electron.app.emit('second-instance', {}, [process.execPath, '.'], repoRoot);
    await waitFor(() => FakeBrowserWindow.instances.length === 1, 'the panel');
    expect(emulator().control.qcState('101')).toEqual({ mode: 'whisper', target: '1002' });
    await quit();
  });

  it('the tray’s first item stops the whisper with no window open, and says so', async () => {
    const main = await launch();
    await signedInAndWhispering(main);
    await waitFor(() => tray().menu?.template[0]?.label === 'Stop whispering (agent 1002)', 'the tray to show the whisper');
    tray().click('stop');
    await waitFor(() => FakeNotification.instances.some((n) => n.options.body === 'Whisper stopped (agent 1002).'), 'the stop notification');
    expect(stopRequests()).toHaveLength(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    await waitFor(() => tray().menu?.template[0]?.label === 'Stop whispering', 'the tray to show the stop');
    await quit();
  });

  it('the stop shortcut stops the whisper', async () => {
    const main = await launch();
    await signedInAndWhispering(main);
    electron.globalShortcut.press('CommandOrControl+Alt+S');
    await waitFor(() => stopRequests().length === 1 && emulator().control.qcState('101').mode === 'idle', 'the stop');
    expect(stopRequests()[0]?.query).toEqual({ whisperagentid: '1002' });
    await waitFor(() => FakeNotification.instances.some((n) => n.options.body === 'Whisper stopped (agent 1002).'), 'the stop notification');
    await quit();
  });

  it('a --stop given at first launch runs once the services are up', async () => {
    const main = await launch(['--stop']);
    electron.app.becomeReady();
    await main?.ready;
    // Nobody is signed in yet: the stop is answered (not sent) and the person is told.
    const shown = FakeNotification.instances.find((n) => n.options.title === 'Stop whispering failed');
    expect(shown?.options.body).toBe('You are not signed in. Sign in first.');
    await quit();
  });
});

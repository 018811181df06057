/**
 * The glue between the services and the shell, with the services replaced by a recording
 * stand-in: reminders become notifications whose Stop action stops, settings changes re-register
 * shortcuts, switch the tray's language and apply start-at-login.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import type { Settings, SettingsView } from '@app/settings';
import type { MenuItemConstructorOptions } from 'electron';
import type { Roster } from '@app/roster';
import type { SessionSnapshot } from '@app/whisper';
import type { ReminderEvent } from '@main/actions/whisper-reminder';
import { startMain, type ElectronModules } from '@main/electron/app-main';
import { DEFAULT_SETTINGS } from '@main/settings/schema';
import { FakeNotification, FakeTray, createFakeElectron, resetFakeInstances, type FakeElectron } from './fake-electron';
import { testLogger } from './test-logger';

const stand = vi.hoisted(() => ({ services: null as unknown }));
vi.mock('@main/compose', () => ({ createAppServices: async () => stand.services }));

const stopped: ActionResult = { ok: true, action: 'stop', target: '1002', retcode: '0', gatewayMessage: 'success', durationMs: 4 };
const whispering: SessionSnapshot = {
  phase: 'signed-in',
  gatewayUrl: 'https://cc.example:8043',
  agentId: '101',
  authMode: 'dynamic',
  demo: false,
  pollFailures: 0,
  whisper: { target: '1002', mode: 'whisper', since: Date.now() },
  notice: null,
};

function fakeServices() {
  let settings: Settings = { ...DEFAULT_SETTINGS, gatewayUrl: 'https://cc.example:8043', agentId: '101' };
  const settingsListeners = new Set<(view: SettingsView) => void>();
  const reminderListeners = new Set<(event: ReminderEvent) => void>();
  let lastRoster: Roster | null = null;
  const services = {
    logger: testLogger(),
    actions: {
      stop: vi.fn(async () => stopped),
      backToListen: vi.fn(),
      signOut: vi.fn(),
      listen: vi.fn(async () => listened),
      start: vi.fn(async () => listened),
      switchMode: vi.fn(async () => listened),
    },
    snapshot: () => whispering,
    onSnapshot: () => () => undefined,
    setShellNotice: vi.fn(),
    onHistory: () => () => undefined,
    history: () => [],
    onRoster: () => () => undefined,
    lastRoster: (): Roster | null => lastRoster,
    roster: vi.fn(async () => {
      lastRoster = {
        agents: [
          { workNo: '1002', name: 'Li Na', status: 'talking' as const },
          { workNo: '1003', name: 'Omar Haddad', status: 'talking' as const },
        ],
        dropped: 0,
        fetchedAt: Date.now(),
      };
      return { ok: true as const, roster: lastRoster };
    }),
    settings: () => settings,
    settingsView: () => ({ settings, locked: [], notice: null }),
    onSettings: (l: (view: SettingsView) => void) => (settingsListeners.add(l), () => settingsListeners.delete(l)),
    onReminder: (l: (event: ReminderEvent) => void) => (reminderListeners.add(l), () => reminderListeners.delete(l)),
    agentIdUpperBound: () => 59999,
    resume: async () => 'resumed' as const,
    handleExternalTrigger: async () => null,
    openLogsFolder: async () => ({ ok: true }),
    dispose: async () => undefined,
  };
  return {
    services,
    changeSettings(changes: Partial<Settings>) {
      settings = { ...settings, ...changes };
      for (const l of settingsListeners) l({ settings, locked: [], notice: null });
    },
    remind(event: ReminderEvent) {
      for (const l of reminderListeners) l(event);
    },
  };
}

let dir: string;
let electron: FakeElectron;
let fake: ReturnType<typeof fakeServices>;
let loginItems: unknown[];

async function started() {
  resetFakeInstances();
  fake = fakeServices();
  stand.services = fake.services;
  electron = createFakeElectron({ userData: dir, appPath: resolve(__dirname, '../../..'), packaged: true });
  loginItems = [];
  (electron.app as unknown as Record<string, unknown>)['setLoginItemSettings'] = (s: unknown) => loginItems.push(s);
  const main = startMain(electron as unknown as ElectronModules, {
    argv: ['C:\\WC\\Whisper Control.exe'],
    platform: 'win32',
    execPath: 'C:\\WC\\Whisper Control.exe',
    resourcesPath: join(dir, 'resources'),
    cwd: dir,
    env: {},
    home: dir,
    mainDir: join(dir, 'out', 'main'),
    logger: testLogger(),
  });
  electron.app.becomeReady();
  await main?.ready;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wc-glue-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const listened = { ok: true, action: 'listen', target: '1002', retcode: '0', gatewayMessage: '', durationMs: 3 } as const;

describe('services ↔ shell glue', () => {
  it('builds the Monitor submenu when the tray menu opens (one roster fetch), and its items act with the tray trigger', async () => {
    await started();
    const tray = FakeTray.instances.at(-1) as FakeTray;
    expect(tray.menu?.template[0]?.id).toBe('stop');
    expect(fake.services.roster).not.toHaveBeenCalled();
    tray.menu!.emit('menu-will-show');
    await vi.waitFor(() =>
      expect(tray.menu?.template.find((i) => i.id === 'monitor')?.submenu).toEqual([
        expect.objectContaining({ id: 'monitor-1002', label: '1002  Li Na' }),
        expect.objectContaining({ id: 'monitor-1003', label: '1003  Omar Haddad' }),
      ]),
    );
    expect(fake.services.roster).toHaveBeenCalledTimes(1);
    const [monitored, other] = tray.menu!.template.find((i) => i.id === 'monitor')!.submenu as MenuItemConstructorOptions[];
    const click = (agent: MenuItemConstructorOptions | undefined, index: number) => ((agent!.submenu as MenuItemConstructorOptions[])[index]!.click as () => void)();
    click(other, 0);
    click(other, 1);
    expect(fake.services.actions.listen).toHaveBeenCalledExactlyOnceWith({ trigger: 'tray', whisperAgentId: '1003' });
    expect(fake.services.actions.start).toHaveBeenCalledExactlyOnceWith({ trigger: 'tray', whisperAgentId: '1003' });
    // 1002 is the agent being whispered to: the tray still asks for Listen; the actions make it a
    // switch (app/monitoring.ts planStart), so no surface holds that rule.
    click(monitored, 0);
    await vi.waitFor(() => expect(fake.services.actions.listen).toHaveBeenLastCalledWith({ trigger: 'tray', whisperAgentId: '1002' }));
    expect(fake.services.actions.switchMode).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(FakeNotification.instances.some((n) => n.options.body === 'Listening started (agent 1002).')).toBe(true));
  });

  it('turns a reminder into a notification whose Stop action stops that whisper and reports it', async () => {
    await started();
    fake.remind({ target: '1002', mode: 'whisper', elapsedMs: 300_000 });
    const reminder = FakeNotification.instances.find((n) => n.options.body === 'Still whispering to 1002 — 5:00') as FakeNotification;
    expect(reminder.options.actions).toEqual([{ type: 'button', text: 'Stop' }]);
    reminder.emit('action', { actionIndex: 0 });
    await vi.waitFor(() => expect(FakeNotification.instances.some((n) => n.options.body === 'Whisper stopped (agent 1002).')).toBe(true));
    expect(fake.services.actions.stop).toHaveBeenCalledExactlyOnceWith({ trigger: 'reminder' });
  });

  it('re-registers shortcuts when the settings change them, and only then', async () => {
    await started();
    expect([...electron.globalShortcut.held.keys()]).toEqual(['CommandOrControl+Alt+S', 'CommandOrControl+Alt+L']);
    const attempts = electron.globalShortcut.attempts.length;
    fake.changeSettings({ requestTimeoutMs: 7000 });
    expect(electron.globalShortcut.attempts).toHaveLength(attempts);
    fake.changeSettings({ stopShortcut: 'CommandOrControl+Shift+F9', backToListenShortcut: null });
    expect([...electron.globalShortcut.held.keys()]).toEqual(['CommandOrControl+Shift+F9']);
    electron.globalShortcut.press('CommandOrControl+Shift+F9');
    await vi.waitFor(() => expect(fake.services.actions.stop).toHaveBeenCalledWith({ trigger: 'shortcut' }));
  });

  it('speaks the language the settings choose, in the tray', async () => {
    await started();
    const tray = FakeTray.instances.at(-1) as FakeTray;
    expect(tray.menu?.template[0]?.label).toBe('Stop whispering (agent 1002)');
    fake.changeSettings({ language: 'zh-CN' });
    expect(tray.menu?.template[0]?.label).toBe('停止耳语（坐席 1002）');
    expect(tray.tooltip).toMatch(/^Whisper Control — 正在耳语坐席 1002，已 0:0\d$/);
  });

  it('applies start at login at start and whenever the setting changes', async () => {
    await started();
    await vi.waitFor(() => expect(loginItems).toEqual([{ openAtLogin: false, path: 'C:\\WC\\Whisper Control.exe', args: [] }]));
    fake.changeSettings({ startAtLogin: true });
    await vi.waitFor(() => expect(loginItems.at(-1)).toEqual({ openAtLogin: true, path: 'C:\\WC\\Whisper Control.exe', args: [] }));
  });
});

import { describe, expect, it, vi, type Mock } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { SessionPhase, SessionSnapshot, WhisperState } from '@app/whisper';
import type { Roster } from '@app/roster';
import type { ActionResult } from '@app/ipc-contract';
import { MENU_ROSTER_MAX_AGE_MS, MONITOR_MENU_CAP, createTrayController, trayMenuTemplate, trayTooltip, type MonitorList, type TrayCommands } from '@main/surfaces/tray';
import { shellStrings } from '@app/i18n/shell';
import { FakeMenu, FakeTray } from '../electron/fake-electron';
import { sessionSnapshot } from '@support/session-snapshot';

function snapshot(phase: SessionPhase, whisper: WhisperState | null = null, extra: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return sessionSnapshot({ phase, whisper, ...extra });
}

const done = (action: ActionResult['action']): ActionResult => ({ ok: true, action, target: null, retcode: '0', gatewayMessage: 'success', durationMs: 1 });

/** The tray asks the inspector actions directly; every result but a successful sign-out is told. */
function commands() {
  const actions = {
    stop: vi.fn(async (_request: { trigger: string }) => done('stop')),
    backToListen: vi.fn(async (_request: { trigger: string }) => done('back-to-listen')),
    listen: vi.fn(async (_request: { trigger: string; whisperAgentId: string }) => done('listen')),
    start: vi.fn(async (_request: { trigger: string; whisperAgentId: string }) => done('start')),
    signOut: vi.fn(async (_request: { trigger: string }) => done('sign-out')),
  };
  const shell: { [K in Exclude<keyof TrayCommands, 'actions'>]: Mock<(result?: ActionResult) => void> } = {
    notify: vi.fn(), openPanel: vi.fn(), signIn: vi.fn(), openLogsFolder: vi.fn(), quit: vi.fn(),
  };
  return { actions, ...shell };
}

const en = shellStrings('en');
const items = (template: MenuItemConstructorOptions[]) => template.filter((i) => i.type !== 'separator');
const summary = (template: MenuItemConstructorOptions[]) => items(template).map((i) => [i.id, i.label, i.enabled !== false]);

const whispering: WhisperState = { target: '1002', mode: 'whisper', since: 1_000 };

describe('tray menu per session phase', () => {
  it.each([
    ['signed-out', null, [['stop', 'Stop whispering', false], ['back-to-listen', 'Back to listen', false], ['monitor', 'Monitor', false], ['open-panel', 'Open panel', true], ['sign-in', 'Sign in…', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['signing-in', null, [['stop', 'Stop whispering', false], ['back-to-listen', 'Back to listen', false], ['monitor', 'Monitor', false], ['open-panel', 'Open panel', true], ['sign-in', 'Sign in…', false], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['expired', null, [['stop', 'Stop whispering', false], ['back-to-listen', 'Back to listen', false], ['monitor', 'Monitor', false], ['open-panel', 'Open panel', true], ['sign-in', 'Sign in…', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['signed-in', null, [['stop', 'Stop whispering', true], ['back-to-listen', 'Back to listen', true], ['monitor', 'Monitor', true], ['open-panel', 'Open panel', true], ['sign-out', 'Sign out', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['signed-in', whispering, [['stop', 'Stop whispering (agent 1002)', true], ['back-to-listen', 'Back to listen', true], ['monitor', 'Monitor', true], ['open-panel', 'Open panel', true], ['sign-out', 'Sign out', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['signed-in', { ...whispering, mode: 'listen' }, [['stop', 'Stop listening (agent 1002)', true], ['back-to-listen', 'Back to listen', false], ['monitor', 'Monitor', true], ['open-panel', 'Open panel', true], ['sign-out', 'Sign out', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['signed-in', { ...whispering, mode: 'insert' }, [['stop', 'Stop barging in (agent 1002)', true], ['back-to-listen', 'Back to listen', true], ['monitor', 'Monitor', true], ['open-panel', 'Open panel', true], ['sign-out', 'Sign out', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    // A whisper left on an expired session is not shown as current: Stop names no agent.
    ['expired', whispering, [['stop', 'Stop whispering', false], ['back-to-listen', 'Back to listen', false], ['monitor', 'Monitor', false], ['open-panel', 'Open panel', true], ['sign-in', 'Sign in…', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
    ['connection-lost', whispering, [['stop', 'Stop whispering (agent 1002)', true], ['back-to-listen', 'Back to listen', true], ['monitor', 'Monitor', true], ['open-panel', 'Open panel', true], ['sign-out', 'Sign out', true], ['open-logs', 'Open logs folder', true], ['quit', 'Quit', true]]],
  ] as const)('%s (whisper %o)', (phase, whisper, expected) => {
    const template = trayMenuTemplate(snapshot(phase, whisper), en, commands());
    expect(template[0]?.id).toBe('stop');
    expect(summary(template)).toEqual(expected);
  });

  it('runs each item’s command when clicked: the actions with the tray trigger, and tells their results', async () => {
    const c = commands();
    const signedIn = trayMenuTemplate(snapshot('signed-in', whispering), en, c);
    const signedOut = trayMenuTemplate(snapshot('signed-out'), en, c);
    const click = (t: MenuItemConstructorOptions[], id: string) => (t.find((i) => i.id === id)?.click as () => void)();
    click(signedIn, 'stop');
    click(signedIn, 'back-to-listen');
    click(signedIn, 'open-panel');
    click(signedIn, 'sign-out');
    click(signedIn, 'open-logs');
    click(signedIn, 'quit');
    click(signedOut, 'sign-in');
    for (const name of ['stop', 'backToListen', 'signOut'] as const) {
      expect(c.actions[name], name).toHaveBeenCalledExactlyOnceWith({ trigger: 'tray' });
    }
    for (const name of ['openPanel', 'openLogsFolder', 'quit', 'signIn'] as const) {
      expect(c[name], name).toHaveBeenCalledTimes(1);
    }
    // A successful sign-out is not told: the tray's changed state says it.
    await vi.waitFor(() => expect(c.notify.mock.calls.map(([r]) => r?.action)).toEqual(['stop', 'back-to-listen']));
  });

  it('offers no action before the services are up', () => {
    const template = trayMenuTemplate(snapshot('signed-in', whispering), en, { ...commands(), actions: null });
    expect(template.find((i) => i.id === 'stop')).toMatchObject({ enabled: false });
  });

  it('names the agent Stop acts on by the roster name when the roster knows it', () => {
    const roster: Roster = { agents: [{ workNo: '1002', name: 'R&D Li', status: 'talking' }], dropped: 0, fetchedAt: 0 };
    const listening = snapshot('signed-in', { ...whispering, mode: 'listen' });
    expect(trayMenuTemplate(listening, en, commands(), { kind: 'roster', roster })[0]?.label).toBe('Stop listening (agent 1002 R&&D Li)');
    expect(trayMenuTemplate(listening, shellStrings('zh-CN'), commands(), { kind: 'roster', roster })[0]?.label).toBe('停止监听（坐席 1002 R&&D Li）');
  });

  it('speaks Simplified Chinese', () => {
    const template = trayMenuTemplate(snapshot('signed-in', whispering), shellStrings('zh-CN'), commands());
    expect(items(template).map((i) => i.label)).toEqual(['停止耳语（坐席 1002）', '回到监听', '监控', '打开面板', '签出', '打开日志文件夹', '退出']);
  });
});

describe('tray tooltip', () => {
  it('names the target and the elapsed time', () => {
    expect(trayTooltip(snapshot('signed-in', whispering), en, 43_000)).toBe('Whisper Control — Whispering to agent 1002 for 0:42');
    expect(trayTooltip(snapshot('signed-in', { ...whispering, since: 0 }), en, 3_723_000)).toBe('Whisper Control — Whispering to agent 1002 for 1:02:03');
    expect(trayTooltip(snapshot('signed-in', { ...whispering, mode: 'listen' }), en, 61_000)).toBe('Whisper Control — Listening to agent 1002 for 1:00');
    expect(trayTooltip(snapshot('signed-in'), en, 0)).toBe('Whisper Control — Agent 101: not whispering');
    expect(trayTooltip(snapshot('signed-out', null, { demo: true }), en, 0)).toBe('Whisper Control (demo gateway) — Signed out');
    expect(trayTooltip(snapshot('connection-lost'), en, 0)).toBe('Whisper Control — Agent 101: connection to the gateway lost');
    expect(trayTooltip(snapshot('signed-in', whispering), shellStrings('zh-CN'), 43_000)).toBe('Whisper Control — 正在耳语坐席 1002，已 0:42');
  });
});

/** The Electron parts of a tray controller, faked (tests/node/electron/fake-electron.ts). */
const FAKE_SHELL = {
  createTray: (image: unknown) => new FakeTray(image as never) as never,
  loadImage: (path: string) => ({ path }) as never,
  buildMenu: (template: MenuItemConstructorOptions[]) => new FakeMenu(template) as never,
  iconPath: (state: string) => `/icons/tray-${state}.png`,
  strings: () => en,
};

describe('tray controller', () => {
  it('switches the icon per state, rebuilds the menu and ticks the tooltip only while a mode is active', () => {
    vi.useFakeTimers();
    try {
      let now = 1_000;
      const c = commands();
      const controller = createTrayController(snapshot('signed-out'), {
        ...FAKE_SHELL,
        commands: c,
        now: () => now,
      });
      const tray = FakeTray.instances.at(-1) as FakeTray;
      expect(tray.images).toEqual([{ path: '/icons/tray-signed-out.png' }]);
      expect(tray.tooltip).toBe('Whisper Control — Signed out');
      expect(tray.menu?.template[0]?.enabled).toBe(false);

      controller.update(snapshot('signed-in'));
      expect(tray.images.at(-1)).toEqual({ path: '/icons/tray-idle.png' });
      controller.update(snapshot('signed-in', whispering));
      expect(tray.images.at(-1)).toEqual({ path: '/icons/tray-whispering.png' });
      expect(tray.tooltip).toBe('Whisper Control — Whispering to agent 1002 for 0:00');
      now = 6_000;
      vi.advanceTimersByTime(1_000);
      expect(tray.tooltip).toBe('Whisper Control — Whispering to agent 1002 for 0:05');
      tray.click('stop');
      expect(c.actions.stop).toHaveBeenCalledExactlyOnceWith({ trigger: 'tray' });

      controller.update(snapshot('connection-lost'));
      expect(tray.images.at(-1)).toEqual({ path: '/icons/tray-error.png' });
      expect(vi.getTimerCount()).toBe(0);
      tray.emit('click');
      expect(c.openPanel).toHaveBeenCalledTimes(1);
      controller.dispose();
      expect(tray.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('tray Monitor submenu', () => {
  const roster = (count: number, fetchedAt = 0): Roster => ({
    agents: Array.from({ length: count }, (_, i) => ({
      workNo: String(1001 + i),
      name: i === 1 ? 'R&D Li' : `Agent ${i}`,
      status: i % 2 === 0 ? ('talking' as const) : ('idle' as const),
    })),
    dropped: 0,
    fetchedAt,
  });
  const monitorOf = (template: MenuItemConstructorOptions[]) => template.find((i) => i.id === 'monitor')!;

  it('lists only agents on a call, by ID, capped, each with Listen and Whisper that run the commands', () => {
    const c = commands();
    const template = trayMenuTemplate(snapshot('signed-in'), en, c, { kind: 'roster', roster: roster(40) });
    expect(template[0]?.id).toBe('stop');
    const submenu = monitorOf(template).submenu as MenuItemConstructorOptions[];
    const agents = submenu.filter((i) => i.id?.startsWith('monitor-10'));
    expect(agents).toHaveLength(MONITOR_MENU_CAP);
    expect(agents.map((i) => i.label)).toEqual(Array.from({ length: MONITOR_MENU_CAP }, (_, k) => `${1001 + 2 * k}  Agent ${2 * k}`));
    expect(submenu.at(-1)).toMatchObject({ id: 'monitor-more', label: '5 more on a call: open the panel' });
    const first = agents[0]!.submenu as MenuItemConstructorOptions[];
    (first.find((i) => i.label === 'Listen')!.click as () => void)();
    (first.find((i) => i.label === 'Whisper')!.click as () => void)();
    expect(c.actions.listen).toHaveBeenCalledWith({ trigger: 'tray', whisperAgentId: '1001' });
    expect(c.actions.start).toHaveBeenCalledWith({ trigger: 'tray', whisperAgentId: '1001' });
  });

  it('offers what the monitoring model offers: nothing new while monitoring someone, the other mode on the agent monitored', () => {
    const c = commands();
    const items = (whisper: WhisperState | null) => {
      const submenu = monitorOf(trayMenuTemplate(snapshot('signed-in', whisper), en, c, { kind: 'roster', roster: roster(4) })).submenu as MenuItemConstructorOptions[];
      return Object.fromEntries(
        submenu.map((agent) => [agent.id, (agent.submenu as MenuItemConstructorOptions[]).map((i) => `${i.label}:${i.enabled === false ? 'off' : 'on'}`)]),
      );
    };
    expect(items(null)).toEqual({ 'monitor-1001': ['Listen:on', 'Whisper:on'], 'monitor-1003': ['Listen:on', 'Whisper:on'] });
    // Listening to 1001: whispering to 1001 is a switch; 1003 is offered nothing until the listen ends.
    expect(items({ target: '1001', mode: 'listen', since: 1 })).toEqual({ 'monitor-1001': ['Listen:off', 'Whisper:on'], 'monitor-1003': ['Listen:off', 'Whisper:off'] });
  });

  it('says when nobody is on a call, while loading, and when the list is unavailable; disabled when signed out; in Chinese too', () => {
    const c = commands();
    const idleOnly: Roster = { agents: [{ workNo: '1004', name: 'Z', status: 'idle' }], dropped: 0, fetchedAt: 0 };
    const sub = (list: MonitorList, strings = en) => (monitorOf(trayMenuTemplate(snapshot('signed-in'), strings, c, list)).submenu as MenuItemConstructorOptions[]).map((i) => i.label);
    expect(sub({ kind: 'roster', roster: idleOnly })).toEqual(['No agent is on a call']);
    expect(sub({ kind: 'loading' })).toEqual(['Loading the agents on a call…']);
    expect(sub({ kind: 'unavailable' })).toEqual(['Agent list unavailable: open the panel']);
    expect(sub({ kind: 'unavailable' }, shellStrings('zh-CN'))).toEqual(['无法获取坐席列表：请打开面板']);
    const zh = (monitorOf(trayMenuTemplate(snapshot('signed-in'), shellStrings('zh-CN'), c, { kind: 'roster', roster: roster(2) })).submenu as MenuItemConstructorOptions[])[0]!;
    expect((zh.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toEqual(['监听', '耳语']);
    expect(monitorOf(trayMenuTemplate(snapshot('signed-out'), en, c))).toMatchObject({ enabled: false });
  });

  it('fetches the roster only when the menu opens and the last one is missing or stale, once, then rebuilds the menu; never on a timer', async () => {
    vi.useFakeTimers();
    try {
      let now = 100_000;
      let last: Roster | null = null;
      const fetch = vi.fn(async () => {
        last = roster(3, now);
        return { ok: true };
      });
      const controller = createTrayController(snapshot('signed-in'), {
        ...FAKE_SHELL,
        commands: commands(),
        roster: { last: () => last, fetch },
        now: () => now,
      });
      const tray = FakeTray.instances.at(-1) as FakeTray;
      vi.advanceTimersByTime(120_000);
      expect(fetch).not.toHaveBeenCalled();
      expect((monitorOf(tray.menu!.template).submenu as MenuItemConstructorOptions[])[0]?.id).toBe('monitor-loading');

      tray.menu!.emit('menu-will-show');
      tray.menu!.emit('menu-will-show');
      expect(fetch).toHaveBeenCalledTimes(1);
      await vi.waitFor(() => expect((monitorOf(tray.menu!.template).submenu as MenuItemConstructorOptions[])[0]?.id).toBe('monitor-1001'));

      // Fresh: opening again sends nothing; stale: one more fetch.
      tray.menu!.emit('menu-will-show');
      expect(fetch).toHaveBeenCalledTimes(1);
      now += MENU_ROSTER_MAX_AGE_MS + 1;
      tray.menu!.emit('menu-will-show');
      expect(fetch).toHaveBeenCalledTimes(2);
      controller.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

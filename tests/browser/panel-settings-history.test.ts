import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '@app/ipc-contract';
import { DEMO_PASSWORD, INSPECTOR, panelLifecycle } from '@support/browser-harness';
import { chooseLanguage, statusText, resultText, signIn, startWhisper } from '@support/browser-panel-actions';

const panels = panelLifecycle();

/** The methods of WhisperControlApi (app/ipc-contract.ts): one per request channel plus one per event channel. */
const API_METHODS = [
  'backToListen',
  'exportDiagnostics',
  'exportHistoryCsv',
  'getForwardingStatus',
  'getHistory',
  'getRoster',
  'getSettings',
  'getState',
  'insert',
  'intercept',
  'listen',
  'onHistoryChanged',
  'onSettingsChanged',
  'onStateChanged',
  'openLogsFolder',
  'saveSettings',
  'signIn',
  'signOut',
  'startWhisper',
  'stopWhisper',
  'switchWhisper',
  'testConnection',
];

describe('the bridge the page sees', () => {
  it('is a frozen object of named functions that hands listeners the payload only', async () => {
    const panel = await panels.open();
    const { page } = panel;
    expect(API_METHODS.length - EVENT_CHANNELS.length).toBe(REQUEST_CHANNELS.length);
    const shape = await page.evaluate(() => {
      const api = (window as unknown as { whisperControl: Record<string, unknown> }).whisperControl;
      return {
        frozen: Object.isFrozen(api),
        keys: Object.keys(api).sort(),
        allFunctions: Object.values(api).every((value) => typeof value === 'function'),
      };
    });
    expect(shape).toEqual({ frozen: true, keys: API_METHODS, allFunctions: true });

    await page.evaluate(() => {
      const api = (window as unknown as { whisperControl: import('@app/ipc-contract').WhisperControlApi }).whisperControl;
      const seen: unknown[][] = [];
      (window as unknown as { seen: unknown[][] }).seen = seen;
      api.onStateChanged((...args: unknown[]) => seen.push(args));
    });
    await signIn(panel);
    const calls = await page.evaluate(() => (window as unknown as { seen: unknown[][] }).seen);
    expect(calls.length).toBeGreaterThan(0);
    for (const args of calls) {
      expect(args).toHaveLength(1);
      expect(Object.keys(args[0] as object).sort()).toEqual(['agentId', 'authMode', 'demo', 'gatewayUrl', 'notice', 'phase', 'pollFailures', 'whisper']);
    }
  });

  it('gets nothing from main when the page is not our own (sender check through the real registration)', async () => {
    const panel = await panels.open();
    const { page } = panel;
    // Same files, another origin: main must refuse it.
    await page.goto(page.url().replace('127.0.0.1', 'localhost'));
    await expect.poll(() => resultText(panel)).toMatch(/Whisper Control refused (session:get-state|settings:get) \(untrusted-sender\)\./);
    expect(await page.getByRole('button', { name: 'Stop whispering' }).count()).toBe(0);
    expect(panel.requests('onlineagent')).toEqual([]);
  });
});

describe('language', () => {
  it('switches to 中文 and back, and keeps the choice in the settings', async () => {
    const panel = await panels.open();
    const { page, services } = panel;
    await signIn(panel);

    await chooseLanguage(panel, 'zh-CN');
    expect(await page.getByRole('button', { name: '停止耳语' }).count()).toBe(1);
    expect(await statusText(panel)).toContain('已连接。当前未监控任何坐席。');
    await expect.poll(() => services.settings().language).toBe('zh-CN');
    await panel.screenshot('signed-in-idle-zh');
    expect(await panel.axeViolations()).toEqual([]);

    await chooseLanguage(panel, 'en');
    expect(await page.getByRole('button', { name: 'Stop whispering' }).count()).toBe(1);
    await expect.poll(() => services.settings().language).toBe('en');
  });
});

describe('history', () => {
  it('shows the last actions with times, retcodes and triggers, and exports them', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    await startWhisper(panel, '1002');
    await expect.poll(() => statusText(panel)).toContain('Whispering');
    await page.getByRole('button', { name: 'Stop whispering' }).click();
    await expect.poll(() => resultText(panel)).toContain('Stopped whispering to 1002.');
    emulator.injectFault('requestWhisperAgent', { kind: 'retcode', retcode: '900-004' }, 1);
    await startWhisper(panel, '1003');
    await expect.poll(() => resultText(panel)).toContain('The gateway has no information for that agent');

    await page.getByRole('tab', { name: 'History' }).click();
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const newestFirst = await rows.allTextContents();
    expect(newestFirst[0]).toMatch(/^\d\d:\d\d:\d\dStart whisperingPanel1003Failed900-004\d+ ms$/);
    expect(newestFirst[1]).toMatch(/Stop whisperingPanel1002OK0/);
    expect(newestFirst[2]).toMatch(/Start whisperingPanel1002OK0/);
    expect(newestFirst[3]).toMatch(/Sign inPanel—OK0/);
    await panel.screenshot('history-en');
    expect(await panel.axeViolations()).toEqual([]);

    await chooseLanguage(panel, 'zh-CN');
    expect((await rows.allTextContents())[0]).toContain('开始耳语面板1003失败900-004');
    await panel.screenshot('history-zh');
    await chooseLanguage(panel, 'en');

    await page.getByRole('button', { name: 'Export history (CSV)' }).click();
    await expect.poll(() => resultText(panel)).toMatch(/Saved to .*whisper-control-history-.*\.csv\./);
    const csvPath = /Saved to (.*\.csv)\./.exec((await resultText(panel)) ?? '')![1]!;
    const csv = await readFile(csvPath, 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(5);

    await page.getByRole('button', { name: 'Open logs folder' }).click();
    await expect.poll(() => resultText(panel)).toContain('Opened the logs folder.');
    expect(panel.openedFolders).toEqual([panel.services.logsDir]);
  });
});

describe('settings', () => {
  const policy = { locked: { stopShortcut: 'CommandOrControl+Alt+S', bargeGuard: true } };

  it('shows locked keys read-only, tests the connection with the certificate it saw, and reports save errors per field', async () => {
    const panel = await panels.open({ policy });
    const { page, emulator, services } = panel;
    await page.getByRole('tab', { name: 'Settings' }).click();

    const shortcut = page.getByLabel('Stop shortcut');
    expect(await shortcut.inputValue()).toBe('CommandOrControl+Alt+S');
    expect(await shortcut.getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#locked-stopShortcut').textContent()).toBe('Set by your administrator');
    expect(await shortcut.getAttribute('aria-describedby')).toContain('locked-stopShortcut');
    const guard = page.getByLabel('Ask before switching to insert');
    expect(await guard.isDisabled()).toBe(true);
    expect(await guard.isChecked()).toBe(true);
    expect(await page.getByLabel('Reminder after (minutes, 0 = off)').isEditable()).toBe(true);
    // No forwarding in this policy: the card says the trail stays here.
    await expect.poll(() => page.locator('[data-forwarding]').textContent(), { timeout: 10_000 }).toContain('has not set up audit forwarding');

    // Gateway and trust are the administrator's part, folded away until opened.
    expect(await page.getByRole('button', { name: 'Test connection' }).isVisible()).toBe(false);
    await page.getByText('Administrator', { exact: true }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const test = page.locator('.test [role=status]');
    await expect.poll(() => test.textContent()).toContain('Connected in');
    expect(await test.textContent()).toContain(emulator.serverFingerprint256);
    // The certificate card: issuer and days to expiry (the emulator's certificate is far from expiry: no warning), and the pins.
    expect(await test.textContent()).toMatch(/Issuer.*CN=.*Valid until.*days left/);
    expect(await test.textContent()).toContain('Pinned fingerprints');
    expect(await page.locator('[data-certificate-expiring=true]').count()).toBe(0);

    await page.getByLabel('Reminder after (minutes, 0 = off)').fill('abc');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#error-reminderAfterMinutes').count()).toBe(1);
    expect(await page.getByText('Not saved: see the marked fields.').count()).toBe(1);
    expect(services.settings().reminderAfterMinutes).toBe(5);
    await panel.screenshot('settings-locked-en');
    expect(await panel.axeViolations()).toEqual([]);

    await page.getByLabel('Reminder after (minutes, 0 = off)').fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
    expect(services.settings().reminderAfterMinutes).toBe(10);
    expect(services.settings().stopShortcut).toBe('CommandOrControl+Alt+S');
  });

  it('reads the same in Chinese, with the administrator hint translated', async () => {
    const panel = await panels.open({ policy, locale: 'zh-CN' });
    const { page } = panel;
    await page.getByRole('tab', { name: '设置' }).click();
    expect(await page.locator('#locked-bargeGuard').textContent()).toBe('由管理员设置');
    await panel.screenshot('settings-locked-zh');

    // main's refusal, worded in Chinese: one built at parse time (naming the scheme) and one from the catalogue.
    await page.getByText('管理员', { exact: true }).click();
    await page.getByLabel('网关地址').fill('http://gw.example:8043');
    await page.getByLabel('提醒时间（分钟，0 为关闭）').fill('abc');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.locator('#error-gatewayUrl').textContent()).toBe('网关地址必须使用 https://（绝不通过 http 连接网关）。');
    expect(await page.locator('#error-reminderAfterMinutes').textContent()).toBe('提醒时间（0 为关闭）必须是分钟数。');
    expect(await page.getByText('未保存：请查看标出的字段。').count()).toBe(1);
    await panel.screenshot('settings-errors-zh');
  });

  it('words an invalid policy in Chinese, its reason included', async () => {
    const panel = await panels.open({ policy: { locked: { requestTimeoutMs: 5 } }, locale: 'zh-CN' });
    const { page } = panel;
    await page.getByRole('tab', { name: '设置' }).click();
    const notice = page.locator('.settings .notice');
    await expect.poll(() => notice.textContent()).toContain('无效：locked.requestTimeoutMs：请求超时至少为 1000 毫秒。在 IT 修正之前，Whisper Control 不会连接任何网关。');
    expect(await notice.textContent()).not.toMatch(/must|Request timeout/);
  });
});

describe('the inspector part of settings', () => {
  it('records a shortcut by pressing it, keeps Save in view, and shows the demo gateway', async () => {
    const panel = await panels.open({ viewport: { width: 380, height: 520 } });
    const { page, services } = panel;
    await page.getByRole('tab', { name: 'Settings' }).click();
    // In demo the setting is empty, yet the panel talks to the demo gateway: say which.
    expect(await page.getByLabel('Gateway URL').getAttribute('placeholder')).toBe(services.snapshot().gatewayUrl);
    const shortcut = page.getByLabel('Stop shortcut');
    await shortcut.focus();
    await page.keyboard.press('Control+Shift+F9');
    expect(await shortcut.inputValue()).toBe('CommandOrControl+Shift+F9');
    // A bare letter is no global shortcut: ignored.
    await page.keyboard.press('k');
    expect(await shortcut.inputValue()).toBe('CommandOrControl+Shift+F9');
    // Save stays on screen at the minimum window size, however far the form goes.
    const save = page.getByRole('button', { name: 'Save settings' });
    const box = await save.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(520);
    await save.click();
    await expect.poll(() => services.settings().stopShortcut).toBe('CommandOrControl+Shift+F9');
    await panel.screenshot('settings-shortcut-recorded-en-min');
    expect(await panel.axeViolations()).toEqual([]);
  });
});

describe('audit forwarding in settings', () => {
  async function refusedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('shows the policy’s collector read-only and why nothing was delivered, in English and Chinese', async () => {
    const port = await refusedPort();
    const policy = { auditForwarding: { host: '127.0.0.1', port, facility: 'local5', appName: 'wc-audit' } };
    for (const [locale, settingsButton, expected] of [
      ['en-US', 'Settings', ['Audit forwarding', `127.0.0.1:${port} · TLS · local5 · wc-audit`, 'Not connected', '1 record', `The collector 127.0.0.1:${port} refused the connection`, 'Set by your administrator']],
      ['zh-CN', '设置', ['审计转发', '未连接', '1 条记录', `日志收集器 127.0.0.1:${port} 拒绝了连接`, '由管理员设置']],
    ] as const) {
      const panel = await panels.open({ policy, locale });
      const { page } = panel;
      // One audit record (the sign-in) waiting for the refused collector.
      expect(await panel.services.actions.signIn({ trigger: 'panel', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
      await page.getByRole('tab', { name: settingsButton }).click();
      await page.getByText(locale === 'en-US' ? 'Administrator' : '管理员', { exact: true }).click();
      const card = page.locator('[data-forwarding]');
      await expect.poll(() => card.getAttribute('data-forwarding'), { timeout: 15_000 }).toBe('waiting');
      await expect.poll(() => card.locator('[data-forwarding-backlog]').getAttribute('data-forwarding-backlog'), { timeout: 15_000 }).toBe('1');
      await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain(expected[expected.length - 2]);
      const text = (await card.textContent()) ?? '';
      for (const part of expected) expect(text).toContain(part);
      await panel.screenshot(`settings-forwarding-${locale === 'en-US' ? 'en' : 'zh'}`);
      expect(await panel.axeViolations()).toEqual([]);
    }
  });
});

describe('dark theme', () => {
  it('keeps the whispering panel legible with enough contrast', async () => {
    const panel = await panels.open({ colorScheme: 'dark' });
    await signIn(panel);
    await startWhisper(panel, '1002');
    await expect.poll(() => statusText(panel)).toContain('Whispering');
    expect(panel.emulator.control.qcState(INSPECTOR).mode).toBe('whisper');
    await panel.screenshot('whispering-dark-en');
    expect(await panel.axeViolations()).toEqual([]);
  });
});

describe('focus while a gateway setting is saved', () => {
  it('stays on Save while the session resumes in the background (Stop takes it only after the sign-in form)', async () => {
    const panel = await panels.open();
    const { page, services } = panel;
    await signIn(panel);
    // Signing in through the form hands the focus to Stop.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('stop');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { phases: string[] }).phases = seen;
      (window as unknown as { whisperControl: import('@app/ipc-contract').WhisperControlApi }).whisperControl.onStateChanged((next) => seen.push(next.phase));
    });
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByText('Administrator', { exact: true }).click();
    // A gateway setting: main rebuilds the session, publishes signed-out, then resumes it.
    await page.getByLabel('Request timeout (ms)').fill(String(services.settings().requestTimeoutMs + 1000));
    const save = page.getByRole('button', { name: 'Save settings' });
    await save.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
    // Left signed in, then back: the background resume has happened.
    await expect.poll(() => page.evaluate(() => (window as unknown as { phases: string[] }).phases.join(' '))).toMatch(/signed-out.*signed-in/);
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase')).toBe('signed-in');
    expect(await save.evaluate((element) => element === document.activeElement)).toBe(true);
  });
});

describe('a view or catalogue that cannot be loaded', () => {
  it('says so in the view area with Retry, and Stop stays', async () => {
    const panel = await panels.open();
    const { page } = panel;
    await signIn(panel);
    await page.route(/\/assets\/HistoryView-[^/]*\.js$/, (route) => route.abort());
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('view-failed').textContent()).toContain('This view could not be loaded. Stop still works.');
    expect(await page.getByTestId('stop').isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Settings' }).isVisible()).toBe(true);

    await page.unroute(/\/assets\/HistoryView-[^/]*\.js$/);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('#history-heading').waitFor();
    expect(await page.getByTestId('view-failed').count()).toBe(0);
  });

  it('a confirmation whose code cannot be loaded says so and does nothing; Stop stays; it is asked once it loads', async () => {
    const panel = await panels.open({ failRequests: /\/assets\/Confirmation-[^/]*\.js$/ });
    const { page } = panel;
    await signIn(panel);
    await page.getByLabel('Target agent ID').fill('1001');
    await page.getByRole('button', { name: 'Barge in' }).click();
    await expect.poll(() => page.getByTestId('view-failed').textContent()).toContain('The confirmation could not be loaded, so nothing was done. Stop still works.');
    expect(panel.requests('addinsert')).toEqual([]);
    expect(await page.getByTestId('stop').isVisible()).toBe(true);
    await panel.screenshot('confirmation-failed-en');

    // Cancel drops the held barge-in; the next one loads the confirmation again.
    await page.getByTestId('view-failed').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('view-failed').count()).toBe(0);
    await page.unroute(/\/assets\/Confirmation-[^/]*\.js$/);
    await page.getByRole('button', { name: 'Barge in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to insert?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stay as I am' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(panel.requests('addinsert')).toEqual([]);
  });

  it('is worded in Chinese too', async () => {
    const panel = await panels.open({ locale: 'zh-CN' });
    const { page } = panel;
    await page.route(/\/assets\/SettingsView-[^/]*\.js$/, (route) => route.abort());
    await page.getByRole('tab', { name: '设置' }).click();
    await expect.poll(() => page.getByTestId('view-failed').textContent()).toContain('无法加载此视图。停止按钮仍然可用。');
    expect(await page.getByRole('button', { name: '重试' }).isVisible()).toBe(true);
    expect(await page.getByTestId('stop').isVisible()).toBe(true);
  });

  it('shows the panel in English, Stop included, when the Chinese catalogue cannot be loaded', async () => {
    const panel = await panels.open({ locale: 'zh-CN' });
    const { page } = panel;
    await page.route(/\/assets\/panel-zh-CN-[^/]*\.js$/, (route) => route.abort());
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByTestId('stop').isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Control', exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});

describe('a stop in the history', () => {
  it('is named by what it ended: a listen stopped reads "Stop listening", in English and Chinese', async () => {
    const panel = await panels.open();
    const { page } = panel;
    await signIn(panel);
    await startWhisper(panel, '1002', 'Listen');
    await expect.poll(() => statusText(panel)).toContain('Listening');
    await page.getByTestId('stop').click();
    await expect.poll(() => panel.emulator.control.qcState(INSPECTOR).mode).toBe('idle');

    await page.getByRole('tab', { name: 'History' }).click();
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(async () => (await rows.allTextContents())[0]).toMatch(/Stop listeningPanel1002OK0/);
    await chooseLanguage(panel, 'zh-CN');
    expect((await rows.allTextContents())[0]).toContain('停止监听');
  });
});

describe('the language chosen in the header while Settings is open', () => {
  it('is kept by the next Save, not switched back', async () => {
    const panel = await panels.open();
    const { page, services } = panel;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    await chooseLanguage(panel, 'zh-CN');
    await expect.poll(() => services.settings().language).toBe('zh-CN');
    await expect.poll(() => page.locator('#setting-language').inputValue()).toBe('zh-CN');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.getByText('设置已保存。').count()).toBe(1);
    expect(services.settings().language).toBe('zh-CN');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMain, type ElectronModules } from '@main/electron/app-main';
import { FakeBrowserWindow, FakeNotification, FakeTray, createFakeElectron, resetFakeInstances } from './fake-electron';
import { testLogger } from './test-logger';

vi.mock('@main/compose', () => ({
  createAppServices: async () => {
    throw new Error('EACCES on the user-data folder');
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'wc-startfail-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a start that fails after the tray is up', () => {
  it('keeps the tray, tells the person in a notification and the log, and opens no half-working panel', async () => {
    resetFakeInstances();
    const electron = createFakeElectron({ userData: dir, appPath: resolve(__dirname, '../../..'), packaged: true });
    const logger = testLogger();
    const main = startMain(electron as unknown as ElectronModules, {
      argv: ['/opt/wc/whisper-control'],
      platform: 'linux',
      execPath: '/opt/wc/whisper-control',
      resourcesPath: join(dir, 'resources'),
      cwd: dir,
      env: {},
      home: dir,
      mainDir: join(dir, 'out', 'main'),
      logger,
    });
    electron.app.becomeReady();
    await main?.ready;
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeNotification.instances.map((n) => n.options.body)).toEqual([
      'Whisper Control could not start (EACCES on the user-data folder). Open the logs folder from the tray and send it to IT.',
    ]);
    expect(logger.lines.some((l) => l.startsWith('error main process failed to start'))).toBe(true);
    (FakeTray.instances[0] as FakeTray).click('open-logs');
    expect(electron.shell.opened).toEqual([join(dir, 'logs')]);
    electron.app.emit('activate');
    await main?.openPanel();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});

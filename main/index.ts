/**
 * Entry of the Electron main process (built by electron-vite to out/main/index.js).
 * Only Electron, electron-log and the thin wiring load here; main/electron/app-main.ts
 * loads everything else on demand.
 */
import { homedir } from 'node:os';
import { BrowserWindow, Menu, Notification, Tray, app, globalShortcut, ipcMain, nativeImage, protocol, session, shell } from 'electron';
import log from 'electron-log/main';
import { deferredLogSink } from './log/deferred-log-sink';
import { electronLogSink } from './log/electron-log-sink';
import { createLogger } from './log/logger';
import { configureLogFile } from './platform/log-files';
import { startMain } from './electron/app-main';

// electron-log/main listens on an IPC channel of its own for renderer logging. The panel does
// not log through IPC, and no channel may exist that does not check its sender: close it.
ipcMain.removeAllListeners('__ELECTRON_LOG__');
ipcMain.removeHandler('__ELECTRON_LOG__');
configureLogFile(log, { directory: app.getPath('logs') });
// Deferred: electron-log's processing stays off the stop path; main/electron/lifecycle.ts flushes it on quit.
const logger = createLogger(deferredLogSink(electronLogSink(log)));

export const mainProcess = startMain(
  { app, BrowserWindow, Tray, Menu, Notification, nativeImage, globalShortcut, ipcMain, protocol, session, shell },
  {
    argv: process.argv,
    platform: process.platform,
    execPath: process.execPath,
    resourcesPath: process.resourcesPath ?? '',
    cwd: process.cwd(),
    env: process.env,
    home: homedir(),
    mainDir: __dirname,
    logger,
  },
);

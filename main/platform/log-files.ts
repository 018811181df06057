/**
 * Where the log file lives and how it stays small. electron-log writes it; this file only configures
 * the file transport, so it works the same on `electron-log/main` (the app) and `electron-log/node` (tests).
 */
import { renameSync, rmSync } from 'node:fs';
import { join, parse, posix, win32 } from 'node:path';
import type { FileTransport, LogFile, PathVariables } from 'electron-log';

export const LOG_FILE_NAME = 'main.log';
/** electron-log's own default cap: plenty for days of stop/start records, small enough to e-mail. */
export const LOG_MAX_BYTES = 1024 * 1024;
/** Archives kept next to the live file: main.1.log (newest) … main.3.log (oldest). */
export const LOG_ARCHIVES_KEPT = 3;

export interface LogLocationInput {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** app.name, i.e. the productName "Whisper Control". */
  readonly appName: string;
}

/**
 * The folder electron-log uses by default in a packaged app, restated so docs/deployment.md, the tray's
 * "Open logs folder" and the diagnostics bundle agree with it:
 * - Windows: %APPDATA%\Whisper Control\logs
 * - macOS:   ~/Library/Logs/Whisper Control
 * - Linux:   $XDG_CONFIG_HOME (default ~/.config)/Whisper Control/logs
 * In the app, pass `app.getPath('logs')` instead where available; it resolves to the same folders.
 */
export function defaultLogDirectory({ platform, home, env, appName }: LogLocationInput): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), appName, 'logs');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Logs', appName);
  const configHome = env.XDG_CONFIG_HOME && posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : posix.join(home, '.config');
  return posix.join(configHome, appName, 'logs');
}

/** main.log → main.1.log → … → main.N.log; the oldest falls off. */
export function archivePath(livePath: string, index: number): string {
  const { dir, name, ext } = parse(livePath);
  return join(dir, `${name}.${index}${ext}`);
}

/** Shifts the archives up by one and moves the live file to .1. Synchronous: electron-log calls it mid-write. */
export function rotateLogFiles(livePath: string, keep: number): void {
  rmSync(archivePath(livePath, keep), { force: true });
  for (let index = keep - 1; index >= 1; index -= 1) {
    try {
      renameSync(archivePath(livePath, index), archivePath(livePath, index + 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  renameSync(livePath, archivePath(livePath, 1));
}

export interface LogFileOptions {
  readonly directory: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly level?: 'debug' | 'info' | 'warn' | 'error';
}

/** The part of an electron-log instance this configures; both `electron-log/main` and `electron-log/node` fit. */
export interface LogWithFileTransport {
  transports: { file: FileTransport };
}

/** Points the file transport at `<directory>/main.log` with a size cap, rotation and owner-only permissions. */
export function configureLogFile(log: LogWithFileTransport, options: LogFileOptions): string {
  const file = log.transports.file;
  const livePath = join(options.directory, LOG_FILE_NAME);
  const keep = options.keep ?? LOG_ARCHIVES_KEPT;
  file.resolvePathFn = (_variables: PathVariables) => livePath;
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.level = options.level ?? 'info';
  // Logs name agents and gateways: readable by the person who owns them, not by other accounts.
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  file.archiveLogFn = (oldLogFile: LogFile) => {
    try {
      rotateLogFiles(oldLogFile.path, keep);
    } catch {
      // Could not rename (e.g. another process holds the file on Windows): start the file afresh rather
      // than let it grow without bound. electron-log resets its size counter after this returns.
      oldLogFile.clear();
    }
  };
  return livePath;
}

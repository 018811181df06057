import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronLogSink } from '@main/log/electron-log-sink';
import { createLogger } from '@main/log/logger';
import {
  archivePath,
  configureLogFile,
  defaultLogDirectory,
  LOG_ARCHIVES_KEPT,
  LOG_FILE_NAME,
  LOG_MAX_BYTES,
  rotateLogFiles,
} from '@main/platform/log-files';

let directory: string;
let instance = 0;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'wc-logs-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** A fresh electron-log instance (the same library the app uses, through its plain-Node entry) writing only to the file. */
function fileLogger(options: { maxBytes?: number; keep?: number } = {}) {
  const log = electronLog.create({ logId: `log-files-test-${(instance += 1)}` });
  log.transports.console.level = false;
  const livePath = configureLogFile(log, { directory, ...options });
  return { log, livePath };
}

describe('where the log file lives', () => {
  const home = { linux: '/home/ines', darwin: '/Users/ines', win32: 'C:\\Users\\ines' };

  it('matches electron-log’s defaults on each OS', () => {
    expect(defaultLogDirectory({ platform: 'linux', home: home.linux, env: {}, appName: 'Whisper Control' })).toBe(
      '/home/ines/.config/Whisper Control/logs',
    );
    expect(defaultLogDirectory({ platform: 'darwin', home: home.darwin, env: {}, appName: 'Whisper Control' })).toBe(
      '/Users/ines/Library/Logs/Whisper Control',
    );
    expect(
      defaultLogDirectory({ platform: 'win32', home: home.win32, env: { APPDATA: 'C:\\Users\\ines\\AppData\\Roaming' }, appName: 'Whisper Control' }),
    ).toBe('C:\\Users\\ines\\AppData\\Roaming\\Whisper Control\\logs');
  });

  it('follows XDG_CONFIG_HOME on Linux, but only an absolute one', () => {
    expect(defaultLogDirectory({ platform: 'linux', home: home.linux, env: { XDG_CONFIG_HOME: '/srv/cfg' }, appName: 'Whisper Control' })).toBe(
      '/srv/cfg/Whisper Control/logs',
    );
    expect(defaultLogDirectory({ platform: 'linux', home: home.linux, env: { XDG_CONFIG_HOME: 'cfg' }, appName: 'Whisper Control' })).toBe(
      '/home/ines/.config/Whisper Control/logs',
    );
  });

  it('falls back to AppData\\Roaming when APPDATA is unset on Windows', () => {
    expect(defaultLogDirectory({ platform: 'win32', home: home.win32, env: {}, appName: 'Whisper Control' })).toBe(
      'C:\\Users\\ines\\AppData\\Roaming\\Whisper Control\\logs',
    );
  });

  it('agrees with electron-log’s own path resolution (plain-Node build) on this machine', () => {
    // electron-log creates the file it resolves: point every OS's base folder into the temporary directory.
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, APPDATA: process.env.APPDATA };
    Object.assign(process.env, { HOME: directory, XDG_CONFIG_HOME: join(directory, 'config'), APPDATA: join(directory, 'appdata') });
    try {
      const log = electronLog.create({ logId: 'log-files-test-default-path' });
      log.transports.file.setAppName('Whisper Control');
      const resolved = log.transports.file.getFile().path;
      expect(resolved).toBe(join(defaultLogDirectory({ platform: process.platform, home: homedir(), env: process.env, appName: 'Whisper Control' }), 'main.log'));
      expect(resolved.startsWith(directory)).toBe(true);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('configureLogFile', () => {
  it('writes to <directory>/main.log, owner-readable only, with the documented cap', () => {
    const { log, livePath } = fileLogger();
    expect(livePath).toBe(join(directory, LOG_FILE_NAME));
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    log.info('requestStopWhisperAgent retcode=0');
    expect(readFileSync(livePath, 'utf8')).toContain('requestStopWhisperAgent retcode=0');
    if (process.platform !== 'win32') expect(statSync(livePath).mode & 0o777).toBe(0o600);
  });

  it('leaves debug lines out of the file by default', () => {
    const { log, livePath } = fileLogger();
    log.debug('poll tick');
    log.info('signed in');
    const text = readFileSync(livePath, 'utf8');
    expect(text).not.toContain('poll tick');
    expect(text).toContain('signed in');
  });

  it('rotates past the cap, keeps a bounded number of archives and never lets a file grow without bound', () => {
    const maxBytes = 4096;
    const keep = 3;
    const { log, livePath } = fileLogger({ maxBytes, keep });
    const line = (n: number) => `requestStopWhisperAgent agentId=1001 retcode=0 durationMs=12 seq=${String(n).padStart(6, '0')} ${'x'.repeat(60)}`;
    const total = 400; // ~40 KB: ten times the cap, so rotation happens many times over
    for (let n = 0; n < total; n += 1) log.info(line(n));

    const files = readdirSync(directory).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    const longestLine = Buffer.byteLength(`${line(0)}\n`) + 40; // + timestamp and level prefix
    for (const name of files) expect(statSync(join(directory, name)).size, name).toBeLessThanOrEqual(maxBytes + longestLine);

    // The newest record is in the live file, the archives hold strictly older records in order, the oldest fell off.
    const seqs = (name: string) => [...readFileSync(join(directory, name), 'utf8').matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));
    expect(seqs('main.log').at(-1)).toBe(total - 1);
    const ordered = ['main.3.log', 'main.2.log', 'main.1.log', 'main.log'].flatMap(seqs);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    expect(ordered[0]).toBeGreaterThan(0);
    expect(new Set(ordered).size).toBe(ordered.length);
    expect(livePath).toBe(join(directory, 'main.log'));
  });

  it('keeps LOG_ARCHIVES_KEPT archives by default', () => {
    const live = join(directory, 'main.log');
    for (let round = 0; round < LOG_ARCHIVES_KEPT + 3; round += 1) {
      writeFileSync(live, `round ${round}\n`);
      rotateLogFiles(live, LOG_ARCHIVES_KEPT);
    }
    expect(readdirSync(directory).sort()).toEqual(Array.from({ length: LOG_ARCHIVES_KEPT }, (_, i) => `main.${i + 1}.log`));
    expect(readFileSync(archivePath(live, 1), 'utf8')).toBe(`round ${LOG_ARCHIVES_KEPT + 2}\n`);
  });

  it('writes no Guid and no password to the file, when fed through the app’s logger', () => {
    const { log, livePath } = fileLogger();
    const logger = createLogger(electronLogSink(log));
    const guid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301.AgentGateway0';
    const password = 'Inspect0r!';
    logger.info('signed in', { agentId: '1001', guid, password, method: 'login', retcode: '0' });
    logger.warn(`gateway said Set-GUID: JSESSIONID=${guid}`);
    logger.error('stop failed', { method: 'requestStopWhisperAgent', retcode: '100-006', detail: `session ${guid} unknown` });

    const text = readFileSync(livePath, 'utf8');
    expect(text).toContain('agentId=1001');
    expect(text).toContain('requestStopWhisperAgent');
    expect(text).toContain('100-006');
    expect(text).not.toContain(guid);
    expect(text).not.toContain(guid.slice(0, 36));
    expect(text).not.toContain(password);
  });
});

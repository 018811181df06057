import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '@app/settings';
import { electronLogSink } from '@main/log/electron-log-sink';
import { createLogger } from '@main/log/logger';
import { collectVersions, diagnosticsFileName, writeDiagnosticsBundle, type DiagnosticsInput } from '@main/platform/diagnostics';
import { configureLogFile } from '@main/platform/log-files';
import { DEFAULT_SETTINGS } from '@main/settings/schema';
import { readZip, type ZipEntry } from '@support/read-zip';

/**
 * The bundle is built from real files: a log written by electron-log through the app's logger (plus raw lines a
 * library could have written), a settings file and a policy file — each with a Guid and passwords planted in them.
 */
const GUID = '6f1c9a2e-3b7d-4c8e-9f10-a2b3c4d5e6f7';
const GUID_WITH_NODE = `${GUID}.AgentGateway0`;
const STATIC_GUID = 'static-session-Zx81Qm';
const PASSWORD = 'Inspect0r!';
const OTHER_PASSWORD = 'S3cret-Passw0rd';
const TOKEN = 'tok_9f8e7d6c5b4a';
const PIN = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

let dir: string;
let logDirectory: string;
let loggerId = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wc-diagnostics-'));
  logDirectory = join(dir, 'logs');
  mkdirSync(logDirectory);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeLogs(): void {
  const log = electronLog.create({ logId: `diagnostics-test-${(loggerId += 1)}` });
  log.transports.console.level = false;
  const livePath = configureLogFile(log, { directory: logDirectory });
  const logger = createLogger(electronLogSink(log));
  logger.info('signed in', { method: 'login', agentId: '1001', retcode: '0', durationMs: 41, guid: GUID_WITH_NODE, password: PASSWORD });
  logger.info('whisper stopped', { method: 'requestStopWhisperAgent', agentId: '1001', target: '1002', retcode: '0', durationMs: 18 });
  logger.warn(`response header Set-GUID: JSESSIONID=${GUID_WITH_NODE}`);
  // Lines that did not go through the app's logger (a library, an older version, a hand-edited file).
  writeFileSync(
    join(logDirectory, 'main.1.log'),
    [
      `[2026-11-20 09:00:00.000] [info] raw guid=${STATIC_GUID} password=${OTHER_PASSWORD}`,
      `[2026-11-20 09:00:01.000] [info] body {"password":"${PASSWORD}","phonenum":"70101"} token: ${TOKEN}`,
      `[2026-11-20 09:00:02.000] [error] header JSESSIONID=${STATIC_GUID}; Path=/`,
      `[2026-11-20 09:00:03.000] [info] session ${GUID.toUpperCase()} resumed`,
      '',
    ].join('\n'),
  );
  expect(readFileSync(livePath, 'utf8')).toContain('requestStopWhisperAgent');
}

function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  const settingsPath = join(dir, 'settings.json');
  writeFileSync(
    settingsPath,
    JSON.stringify({ gatewayUrl: 'https://gateway.example.com:8043', agentId: '1001', certificatePin: PIN, password: PASSWORD, lastGuid: GUID, nested: { apiToken: TOKEN } }),
  );
  const policyPath = join(dir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify({ defaults: { requestTimeoutMs: 4000 }, locked: { gatewayUrl: 'https://gateway.example.com:8043', certificatePin: PIN } }));
  const effective: SettingsView = {
    settings: { ...DEFAULT_SETTINGS, gatewayUrl: 'https://gateway.example.com:8043', agentId: '1001', certificatePin: PIN },
    locked: ['gatewayUrl', 'certificatePin'],
    notice: null,
  };
  return {
    logDirectory,
    settings: { filePath: settingsPath, effective },
    policyFilePath: policyPath,
    versions: collectVersions('0.1.0', { ...process.versions, electron: '45.4.1', chrome: '142.0.0.0' } as NodeJS.ProcessVersions),
    connectionTest: {
      ok: false,
      certificate: { subject: 'CN=gateway.example.com', fingerprint256: PIN },
      failure: { kind: 'retcode', retcode: '100-006', gatewayMessage: `guid ${GUID} is invalid` },
      durationMs: 87,
    },
    generatedAt: new Date('2026-11-24T21:15:00Z'),
    ...overrides,
  };
}

async function bundle(inputValue: DiagnosticsInput): Promise<{ path: string; entries: ZipEntry[]; names: string[] }> {
  const path = join(dir, diagnosticsFileName(inputValue.generatedAt));
  const names = await writeDiagnosticsBundle(path, inputValue);
  return { path, entries: readZip(readFileSync(path)), names };
}

const text = (entries: ZipEntry[], name: string) => {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${name} missing from the bundle`);
  return entry.content.toString('utf8');
};

describe('diagnostics bundle', () => {
  it('holds the logs, settings, policy, versions and connection test, and a README', async () => {
    writeLogs();
    const { entries, names } = await bundle(input());
    expect(entries.map((e) => e.name)).toEqual(names);
    expect([...names].sort()).toEqual(
      [
        'README.txt',
        'about.json',
        'connection-test.json',
        'logs/main.1.log',
        'logs/main.log',
        'settings/effective.json',
        'settings/policy-file.json',
        'settings/settings-file.json',
      ].sort(),
    );

    const about = JSON.parse(text(entries, 'about.json'));
    expect(about.versions).toMatchObject({ app: '0.1.0', electron: '45.4.1', chrome: '142.0.0.0', node: process.versions.node, platform: process.platform });
    expect(about.versions.os).toMatch(/\S/);
    expect(about.generatedAt).toBe('2026-11-24T21:15:00.000Z');
    expect(about.logFiles).toEqual(['main.1.log', 'main.log']);

    const connection = JSON.parse(text(entries, 'connection-test.json'));
    expect(connection).toMatchObject({ ok: false, durationMs: 87, failure: { kind: 'retcode', retcode: '100-006' }, certificate: { fingerprint256: PIN } });

    const effective = JSON.parse(text(entries, 'settings/effective.json'));
    expect(effective.settings).toMatchObject({ gatewayUrl: 'https://gateway.example.com:8043', agentId: '1001', certificatePin: PIN, startAtLogin: false });
    expect(effective.locked).toEqual(['gatewayUrl', 'certificatePin']);

    expect(JSON.parse(text(entries, 'settings/policy-file.json'))).toEqual({
      defaults: { requestTimeoutMs: 4000 },
      locked: { gatewayUrl: 'https://gateway.example.com:8043', certificatePin: PIN },
    });
    const logText = text(entries, 'logs/main.log');
    expect(logText).toContain('method=requestStopWhisperAgent');
    expect(logText).toContain('agentId=1001');
    expect(logText).toContain('durationMs=18');
    expect(text(entries, 'README.txt')).toContain('logs/main.log');
  });

  it('contains no Guid, password or token anywhere — not in any entry, not in the zip bytes', async () => {
    writeLogs();
    const { path, entries } = await bundle(input());
    const secrets = [GUID, GUID.toUpperCase(), GUID_WITH_NODE, STATIC_GUID, PASSWORD, OTHER_PASSWORD, TOKEN];
    const occurrences: string[] = [];
    for (const entry of entries) {
      const content = entry.content.toString('utf8');
      for (const secret of secrets) if (content.includes(secret)) occurrences.push(`${secret} in ${entry.name}`);
    }
    const raw = readFileSync(path);
    for (const secret of secrets) if (raw.includes(Buffer.from(secret))) occurrences.push(`${secret} in the zip bytes`);
    expect(occurrences).toEqual([]);
    // Redaction is visible, so IT knows something was there.
    expect(text(entries, 'settings/settings-file.json')).toContain('[redacted]');
    expect(text(entries, 'logs/main.1.log')).toContain('[redacted]');
    // The certificate pin is public and needed to diagnose trust problems: kept.
    expect(text(entries, 'settings/settings-file.json')).toContain(PIN);
  });

  it('still redacts a policy file that is not valid JSON — the case IT most needs to see', async () => {
    const policyPath = join(dir, 'broken-policy.json');
    writeFileSync(policyPath, `{ "locked": { "gatewayUrl": "https://gw:8043", "password": "${PASSWORD}", token: ${TOKEN} , "note": "guid ${GUID}" `);
    const { entries } = await bundle(input({ policyFilePath: policyPath }));
    const policy = text(entries, 'settings/policy-file.json');
    expect(policy).toContain('"gatewayUrl": "https://gw:8043"');
    expect(policy).not.toContain(PASSWORD);
    expect(policy).not.toContain(TOKEN);
    expect(policy).not.toContain(GUID);
  });

  it('adds further JSON documents the app supplies, redacted like the rest', async () => {
    const { entries } = await bundle(
      input({
        extraJson: {
          session: { phase: 'signed-in', agentId: '1001', whisper: { target: '1002', mode: 'whisper' }, guid: GUID },
          history: [{ action: 'stop', target: '1002', retcode: '0', note: `JSESSIONID=${STATIC_GUID}` }],
        },
      }),
    );
    const session = JSON.parse(text(entries, 'session.json'));
    expect(session).toEqual({ phase: 'signed-in', agentId: '1001', whisper: { target: '1002', mode: 'whisper' }, guid: '[redacted]' });
    expect(text(entries, 'history.json')).not.toContain(STATIC_GUID);
    expect(text(entries, 'README.txt')).toContain('history.json');
    await expect(writeDiagnosticsBundle(join(dir, 'x.zip'), input({ extraJson: { '../escape': {} } }))).rejects.toThrow(/lower-case/);
  });

  it('notes absent files and an untested connection instead of failing', async () => {
    const { entries } = await bundle(
      input({ policyFilePath: join(dir, 'no-policy.json'), settings: { filePath: join(dir, 'no-settings.json'), effective: null }, connectionTest: null }),
    );
    expect(entries.map((e) => e.name).sort()).toEqual(['README.txt', 'about.json', 'connection-test.json', 'settings/effective.json']);
    const about = JSON.parse(text(entries, 'about.json'));
    expect(about.policyFile).toEqual({ path: join(dir, 'no-policy.json'), present: false });
    expect(about.logFiles).toEqual([]);
    expect(JSON.parse(text(entries, 'connection-test.json'))).toEqual({ ran: false, reason: 'No gateway is configured.' });
  });

  it('writes an owner-only file under the chosen name and leaves no partial file behind', async () => {
    writeLogs();
    const { path } = await bundle(input());
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(diagnosticsFileName(new Date('2026-11-24T21:15:00.123Z'))).toBe('whisper-control-diagnostics-20261124-211500.zip');
  });

  it('is a zip the standard unzip tool accepts', async (context) => {
    const probe = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
    if (probe.error) {
      context.skip('unzip is not installed; the central-directory reader above already checked the archive');
      return;
    }
    writeLogs();
    const { path, names } = await bundle(input());
    const tested = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    const listed = spawnSync('unzip', ['-Z1', path], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(listed).toEqual(names);
    expect(existsSync(path)).toBe(true);
  });
});

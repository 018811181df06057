/**
 * "Export diagnostics": one zip an inspector can send to IT, holding what is needed to understand a
 * problem and nothing that would let anyone act as them — every entry is redacted on the way in, so a
 * Guid or password that somehow reached a log or a settings file still does not leave the machine.
 */
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { arch, release, type as osType, version as osVersion } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import type { CertificateInfo } from '../../app/certificate';
import type { Failure } from '../../app/failures';
import { redactJsonText, redactLogText, redactValue } from './redact-document';

export interface VersionReport {
  readonly app: string;
  readonly electron: string | null;
  readonly chrome: string | null;
  readonly node: string;
  readonly os: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
}

/** `appVersion` is app.getVersion(); Electron and Chrome versions come from process.versions inside Electron. */
export function collectVersions(appVersion: string, versions: NodeJS.ProcessVersions = process.versions): VersionReport {
  const extra = versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    app: appVersion,
    electron: extra.electron ?? null,
    chrome: extra.chrome ?? null,
    node: versions.node,
    os: `${osType()} ${release()} (${osVersion()})`,
    platform: process.platform,
    arch: arch(),
  };
}

/** The gateway client's testConnection() result. */
export interface ConnectionTestReport {
  readonly ok: boolean;
  readonly certificate: CertificateInfo | null;
  readonly failure: Failure | null;
  readonly durationMs: number;
}

export interface DiagnosticsInput {
  /** The log folder; every *.log file in it (the live file and its archives) is included. */
  readonly logDirectory: string;
  /** The person's settings file (included as found, redacted) and the effective settings the app uses. */
  readonly settings: { readonly filePath: string; readonly effective: unknown };
  /** The machine-wide policy file, included as found (redacted), or noted as absent. */
  readonly policyFilePath: string;
  readonly versions: VersionReport;
  /** null when no gateway is configured, so no test could run. */
  readonly connectionTest: ConnectionTestReport | null;
  readonly generatedAt: Date;
  /** More JSON documents, each written redacted as `<name>.json` (e.g. the session snapshot, the action history). */
  readonly extraJson?: Readonly<Record<string, unknown>>;
}

export interface DiagnosticsEntry {
  readonly name: string;
  readonly content: string;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function logFileNames(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((name) => name.endsWith('.log')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** What goes into the zip, each entry already redacted. Separate from the zip writing so it can be inspected. */
export async function diagnosticsEntries(input: DiagnosticsInput): Promise<DiagnosticsEntry[]> {
  const entries: DiagnosticsEntry[] = [];
  const logs = await logFileNames(input.logDirectory);
  const settingsText = await readIfPresent(input.settings.filePath);
  const policyText = await readIfPresent(input.policyFilePath);

  entries.push({
    name: 'about.json',
    content: json(
      redactValue({
        generatedAt: input.generatedAt.toISOString(),
        versions: input.versions,
        logDirectory: input.logDirectory,
        settingsFile: { path: input.settings.filePath, present: settingsText !== null },
        policyFile: { path: input.policyFilePath, present: policyText !== null },
        logFiles: logs,
      }),
    ),
  });
  entries.push({
    name: 'connection-test.json',
    content: json(redactValue(input.connectionTest ?? { ran: false, reason: 'No gateway is configured.' })),
  });
  entries.push({ name: 'settings/effective.json', content: json(redactValue(input.settings.effective)) });
  if (settingsText !== null) entries.push({ name: 'settings/settings-file.json', content: redactJsonText(settingsText) });
  if (policyText !== null) entries.push({ name: 'settings/policy-file.json', content: redactJsonText(policyText) });
  for (const [name, value] of Object.entries(input.extraJson ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`Diagnostics entry name "${name}" must be lower-case letters, digits and dashes.`);
    entries.push({ name: `${name}.json`, content: json(redactValue(value)) });
  }
  for (const name of logs) {
    const text = await readIfPresent(join(input.logDirectory, name));
    if (text !== null) entries.push({ name: `logs/${name}`, content: redactLogText(text) });
  }
  entries.push({ name: 'README.txt', content: readme(entries.map((e) => e.name)) });
  return entries;
}

function readme(names: readonly string[]): string {
  return [
    'Whisper Control diagnostics',
    '',
    'Every file here was redacted when the bundle was made: Guid-shaped values and anything stored under a',
    'key named like guid, password, token, secret or cookie read "[redacted]". Agent IDs, gateway addresses,',
    'gateway method names, retcodes and durations are kept, because they are what explains a problem.',
    '',
    'Contents:',
    ...names.map((name) => `  ${name}`),
    '  README.txt',
    '',
  ].join('\n');
}

/**
 * Writes the bundle to `outputPath` (through a temporary file, so a half-written zip never sits under the
 * chosen name) and returns the entry names.
 */
export async function writeDiagnosticsBundle(outputPath: string, input: DiagnosticsInput): Promise<string[]> {
  const entries = await diagnosticsEntries(input);
  const zip = new ZipFile();
  for (const entry of entries) {
    zip.addBuffer(Buffer.from(entry.content, 'utf8'), entry.name, { mtime: input.generatedAt, mode: 0o100600 });
  }
  zip.end();

  const temporary = `${outputPath}.${process.pid}.partial`;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(temporary, { mode: 0o600 });
      out.on('error', reject);
      zip.outputStream.on('error', reject);
      out.on('close', () => resolve());
      zip.outputStream.pipe(out);
    });
    await rename(temporary, outputPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return entries.map((e) => e.name);
}

/** A file name for the save dialog: whisper-control-diagnostics-20261124-211500.zip */
export function diagnosticsFileName(at: Date): string {
  const stamp = at.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `whisper-control-diagnostics-${stamp}.zip`;
}

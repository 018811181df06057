/**
 * Looks for secrets in text and files. A Guid is searched whole and also by its UUID part alone,
 * so a leak that dropped the `.AgentGateway0` node suffix (or kept only the suffix-less value a
 * Set-GUID split would give) is still found. Compressed files are opened first (zip entries,
 * gzip), since a secret inside them would not show in the raw bytes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readZip } from '@support/read-zip';

export interface Secret {
  readonly label: string;
  readonly value: string;
}

export interface Finding {
  readonly where: string;
  readonly secret: string;
}

export function needlesOf(secrets: readonly Secret[]): Secret[] {
  const needles: Secret[] = [];
  for (const secret of secrets) {
    needles.push(secret);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(secret.value)?.[0];
    if (uuid && uuid !== secret.value) needles.push({ label: `${secret.label} (UUID part)`, value: uuid });
  }
  return needles;
}

export function scanText(where: string, text: string, needles: readonly Secret[]): Finding[] {
  const lower = text.toLowerCase();
  return needles.filter((n) => lower.includes(n.value.toLowerCase())).map((n) => ({ where, secret: n.label }));
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const ZIP_MAGIC = 0x04034b50;

/** The readable units of a file: itself, or the entries of a zip, or the content of a gzip. */
function unitsOf(where: string, bytes: Buffer): { where: string; bytes: Buffer }[] {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === ZIP_MAGIC) {
    return readZip(bytes).flatMap((entry) => unitsOf(`${where}!${entry.name}`, entry.content));
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return unitsOf(`${where} (gunzipped)`, gunzipSync(bytes));
  return [{ where, bytes }];
}

/** Every file's bytes (zip entries and gzip content opened), read as UTF-8 and as UTF-16LE (how Windows tools may write text). */
export function scanFiles(root: string, needles: readonly Secret[]): { files: string[]; units: string[]; findings: Finding[] } {
  const files = filesUnder(root);
  const units = files.flatMap((file) => unitsOf(relative(root, file), readFileSync(file)));
  const findings = units.flatMap(({ where, bytes }) => [
    ...scanText(where, bytes.toString('utf8'), needles),
    ...scanText(`${where} (utf16le)`, bytes.toString('utf16le'), needles),
  ]);
  return { files: files.map((f) => relative(root, f)), units: units.map((u) => u.where), findings };
}

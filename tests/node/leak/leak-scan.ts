/**
 * Looks for secrets in text and files. A Guid is searched whole and also by its UUID part alone,
 * so a leak that dropped the `.AgentGateway0` node suffix (or kept only the suffix-less value a
 * Set-GUID split would give) is still found.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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

/** Every file's bytes, read as UTF-8 and as UTF-16LE (how Windows tools may write text). */
export function scanFiles(root: string, needles: readonly Secret[]): { files: string[]; findings: Finding[] } {
  const files = filesUnder(root);
  const findings = files.flatMap((file) => {
    const bytes = readFileSync(file);
    const where = relative(root, file);
    return [...scanText(where, bytes.toString('utf8'), needles), ...scanText(`${where} (utf16le)`, bytes.toString('utf16le'), needles)];
  });
  return { files: files.map((f) => relative(root, f)), findings };
}

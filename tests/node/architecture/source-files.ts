import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, as the architecture tests read it. */
export const ROOT = resolve(__dirname, '../../..');

/** Every .ts/.tsx file below `dir` (declaration files too unless left out). */
export function sourceFiles(dir: string, options: { readonly declarations?: boolean } = {}): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, options);
    if (options.declarations === false && name.endsWith('.d.ts')) return [];
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

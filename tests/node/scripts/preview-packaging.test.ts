import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@app/i18n/language';
import { PREVIEW_STRINGS } from '@app/i18n/preview';

/**
 * `npm run preview` (scripts/preview.ts, scripts/preview/**) is a developer's tool: nothing the product
 * ships imports it, electron-builder never packs it, and its badge speaks every panel language.
 */
const ROOT = path.resolve(__dirname, '../../..');
const PREVIEW_FILES = ['scripts/preview.ts', ...readdirSync(path.join(ROOT, 'scripts/preview')).map((name) => `scripts/preview/${name}`)];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file);
    return /\.(tsx?|mts|cts|js|mjs)$/.test(name) ? [file] : [];
  });
}

/** Every module specifier a file names (static and dynamic imports, re-exports, require). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** electron-builder's files filter: the last matching pattern wins, a leading "!" excludes. */
function isPackaged(file: string, patterns: readonly string[]): boolean {
  const toRegExp = (glob: string) =>
    new RegExp(`^${glob.split(/(\*\*\/?|\*)/).map((part) => (part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (toRegExp(negated ? pattern.slice(1) : pattern).test(file)) included = !negated;
  }
  return included;
}

describe('the preview is never part of the product', () => {
  it('is not in what electron-builder packs', () => {
    const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[] };
    expect(PREVIEW_FILES.length).toBeGreaterThan(3);
    for (const file of PREVIEW_FILES) expect(isPackaged(file, config.files), file).toBe(false);
    // The filter check is not vacuous: the app's own bundle is packed.
    expect(isPackaged('out/main/index.js', config.files)).toBe(true);
  });

  it('is imported by nothing the product ships (main/, preload/, renderer/, app/, emulator/, the build config)', () => {
    const shipped = ['main', 'preload', 'renderer', 'app', 'emulator'].flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
    shipped.push(path.join(ROOT, 'electron.vite.config.ts'));
    expect(shipped.length).toBeGreaterThan(50);
    const offenders = shipped.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(ROOT, 'scripts')))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
    // The scan sees relative imports (it would have caught one).
    expect(specifiers("import { startPreview } from '../scripts/preview/preview-server';")).toEqual(['../scripts/preview/preview-server']);
  });

  it('has its badge in every panel language', () => {
    for (const language of LANGUAGES) {
      expect(PREVIEW_STRINGS[language].badge.trim()).not.toBe('');
      expect(PREVIEW_STRINGS[language].explanation.trim()).not.toBe('');
    }
    expect(PREVIEW_STRINGS['zh-CN'].badge).not.toBe(PREVIEW_STRINGS.en.badge);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';

/**
 * The layering rules of the design card, checked on every source file:
 * app/ is pure and shared; main/, preload/ and renderer/ meet only in app/;
 * the emulator is written from the protocol alone; electron and keytar stay at the edges.
 */
const root = resolve(__dirname, '../../..');
const LAYERS = ['app', 'main', 'preload', 'renderer', 'emulator'] as const;
type Layer = (typeof LAYERS)[number];


const SPECIFIER = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

interface ImportSite {
  file: string;
  layer: Layer;
  specifier: string;
  /** For relative imports, the layer the target lives in. */
  targetLayer: string | null;
}

function importsOf(layer: Layer): ImportSite[] {
  const files = sourceFiles(join(root, layer));
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(SPECIFIER)].map((m) => {
      const specifier = (m[1] ?? m[2] ?? m[3] ?? m[4]) as string;
      const targetLayer = specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)).split(/[\\/]/)[0] ?? null : null;
      return { file: relative(root, file), layer, specifier, targetLayer };
    });
  });
}

const all = LAYERS.flatMap(importsOf);

function violations(predicate: (site: ImportSite) => boolean): string[] {
  return all.filter(predicate).map((s) => `${s.file} imports ${s.specifier}`);
}

describe('import direction', () => {
  it('finds the source it is meant to check', () => {
    for (const layer of ['app', 'main', 'preload', 'renderer', 'emulator'] as const) {
      expect(all.some((s) => s.layer === layer), `no imports found in ${layer}/`).toBe(true);
    }
  });

  it('keeps app/ pure: no Node, Electron, DOM framework or other layer', () => {
    expect(
      violations((s) => s.layer === 'app' && (s.targetLayer !== null ? s.targetLayer !== 'app' : true)),
    ).toEqual([]);
    const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const domUse = sourceFiles(join(root, 'app')).filter((f) => /\b(window|document|process|globalThis)\.|\brequire\(/.test(code(f)));
    expect(domUse.map((f) => relative(root, f))).toEqual([]);
  });

  it('lets main/, preload/ and renderer/ meet only in app/', () => {
    const crossing = violations(
      (s) => ['main', 'preload', 'renderer'].includes(s.layer) && s.targetLayer !== null && ['main', 'preload', 'renderer'].includes(s.targetLayer) && s.targetLayer !== s.layer,
    );
    expect(crossing).toEqual([]);
  });

  it('writes the emulator from the protocol alone: nothing of app/ or main/', () => {
    expect(violations((s) => s.layer === 'emulator' && (s.targetLayer === 'app' || s.targetLayer === 'main'))).toEqual([]);
  });

  it('keeps the renderer away from HTTPS, keytar, Node and Electron', () => {
    expect(
      violations((s) => s.layer === 'renderer' && (s.specifier.startsWith('node:') || /^(electron|keytar|https?|tls|fs)$/.test(s.specifier))),
    ).toEqual([]);
  });

  it('imports electron only in the thin wiring files (the surfaces only its types)', () => {
    const wiring = /^(main[\\/]index\.ts|main[\\/]electron[\\/].*|preload[\\/]index\.ts)$/;
    const surface = /^main[\\/]surfaces[\\/]/;
    expect(violations((s) => /^electron(\/|$)/.test(s.specifier) && !wiring.test(s.file) && !surface.test(s.file))).toEqual([]);
    // electron-updater's updaters load Electron's app and net modules when made: the wiring's too (its types may go anywhere).
    const loadsUpdater = sourceFiles(join(root, 'main'))
      .filter((f) => !wiring.test(relative(root, f)))
      .filter((f) => /^\s*import\s+(?!type\s)[^;]*from\s*['"]electron-updater['"]|require\(\s*['"]electron-updater['"]/m.test(readFileSync(f, 'utf8')));
    expect(loadsUpdater.map((f) => relative(root, f))).toEqual([]);
    const loadsElectron = sourceFiles(join(root, 'main', 'surfaces')).filter((f) =>
      /^\s*import\s+(?!type\s)[^;]*from\s*['"]electron['"]|import\s*\(\s*['"]electron['"]\s*\)|require\(\s*['"]electron['"]/m.test(readFileSync(f, 'utf8')),
    );
    expect(loadsElectron.map((f) => relative(root, f))).toEqual([]);
  });

  it('imports keytar in exactly one file, so replacing it stays a one-file change', () => {
    const keytarFiles = [...new Set(all.filter((s) => s.specifier === 'keytar').map((s) => s.file))];
    expect(keytarFiles).toEqual([join('main', 'vault', 'keytar-store.ts')]);
  });
});

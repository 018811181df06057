/**
 * Renderer JavaScript weight as shipped: every .js file under out/renderer, gzipped one by
 * one (zlib level 9, what a compressing updater or proxy would see), summed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RendererSize {
  readonly files: readonly { path: string; bytes: number; gzipBytes: number }[];
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
  /** The scripts index.html loads before the panel runs (entry and modulepreloads), gzipped. */
  readonly firstLoadGzipBytes: number;
  readonly firstLoadFiles: readonly string[];
  readonly built: boolean;
}

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'out', 'renderer');

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return /\.(m?js|cjs)$/.test(name) ? [path] : [];
  });
}

export function measureRendererSize(): RendererSize {
  let built = false;
  if (!existsSync(OUT) || jsFiles(OUT).length === 0) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    built = true;
  }
  const files = jsFiles(OUT).map((path) => {
    const content = readFileSync(path);
    return { path: relative(ROOT, path), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const html = readFileSync(join(OUT, 'index.html'), 'utf8');
  const firstLoadFiles = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) =>
    relative(ROOT, join(OUT, m[1]!)),
  );
  return {
    files,
    firstLoadFiles,
    firstLoadGzipBytes: files.filter((f) => firstLoadFiles.includes(f.path)).reduce((sum, f) => sum + f.gzipBytes, 0),
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    built,
  };
}

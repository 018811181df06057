import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';

/**
 * No import cycles in the app's own code (app/, main/, preload/, renderer/): a newcomer can read
 * every module after the ones it imports, and no module sees another half-initialised.
 * `import type` counts too: a type cycle is still two files that cannot be read apart.
 * Lazy `import()` counts as well: the file still depends on the other.
 */
const root = resolve(__dirname, '../../..');
const CHECKED = ['app', 'main', 'preload', 'renderer'] as const;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

const SPECIFIER = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;


/** tsconfig `paths` (`"alias/*": ["dir/*"]`), so aliased imports are followed like relative ones. */
function pathAliases(): Array<{ prefix: string; targets: string[] }> {
  try {
    const text = readFileSync(join(root, 'tsconfig.json'), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    const config = JSON.parse(text) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
    const base = resolve(root, config.compilerOptions?.baseUrl ?? '.');
    return Object.entries(config.compilerOptions?.paths ?? {}).map(([pattern, targets]) => ({
      prefix: pattern.replace(/\*$/, ''),
      targets: targets.map((t) => resolve(base, t.replace(/\*$/, ''))),
    }));
  } catch {
    return [];
  }
}

function resolveFile(base: string): string | null {
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  return null;
}

/** Each checked file and the checked files it imports (paths relative to the repository root). */
export function importGraph(): Map<string, string[]> {
  const aliases = pathAliases();
  const graph = new Map<string, string[]>();
  for (const layer of CHECKED) {
    for (const file of sourceFiles(join(root, layer), { declarations: false })) {
      const targets = new Set<string>();
      for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
        const specifier = (m[1] ?? m[2] ?? m[3] ?? m[4]) as string;
        const bases = specifier.startsWith('.')
          ? [resolve(dirname(file), specifier)]
          : aliases.filter((a) => specifier.startsWith(a.prefix)).flatMap((a) => a.targets.map((t) => join(t, specifier.slice(a.prefix.length))));
        for (const base of bases) {
          const target = resolveFile(base);
          if (target) targets.add(relative(root, target));
        }
      }
      graph.set(relative(root, file), [...targets].filter((t) => CHECKED.some((l) => t.startsWith(l + '/') || t.startsWith(l + '\\'))));
    }
  }
  return graph;
}

/** Every cycle, one per strongly connected component, as the files in import order ending where it began. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components: a component of two or more files, or a file importing itself, holds a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleWithin(graph, new Set(component)));
}

/** One concrete cycle inside a strongly connected component: a path from its first file back to it. */
function cycleWithin(graph: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0] as string;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

describe('import cycles', () => {
  it('finds a cycle in a graph that has one, and names it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(graph)).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts', 'a.ts'], ['e.ts', 'e.ts']]));
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('reads the source it is meant to check, type-only imports included', () => {
    const graph = importGraph();
    for (const layer of CHECKED) expect([...graph.keys()].some((f) => f.startsWith(layer)), `no files found in ${layer}/`).toBe(true);
    // main/gateway/outcome.ts imports app/failures.ts for a type only.
    expect(graph.get(join('main', 'gateway', 'outcome.ts'))).toContain(join('app', 'failures.ts'));
  });

  it('has no import cycle in app/, main/, preload/ or renderer/', () => {
    const cycles = findCycles(importGraph()).map((cycle) => `import cycle: ${cycle.join(' → ')}`);
    expect(cycles, `${cycles.length} import cycle(s); break each by moving the shared piece to a file both import:\n${cycles.join('\n')}`).toEqual([]);
  });
});

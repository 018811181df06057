import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';

/**
 * One truth, one way down.
 * (a) Inside main/, the inspector's way runs surfaces (and the IPC handlers, a surface too) →
 *     actions → session → gateway: a room imports only its own files, the layer directly below,
 *     and the support rooms (audit, settings, log, vault, platform, updates). Nothing skips a layer or goes
 *     upward or sideways; the support rooms import none of the layers; only the wiring
 *     (main/index.ts, main/compose.ts, main/electron/) imports the wiring.
 * (b) The decisions of the monitoring model (app/monitoring.ts) are not written again elsewhere:
 *     the signed-in rule, "a start on the agent monitored is a switch", "stop while listening or
 *     barging in cancels that", and validation failures built by hand beside app/failures.ts.
 */
const root = resolve(__dirname, '../../..');

const LAYER: Readonly<Record<string, number>> = { surfaces: 4, ipc: 4, actions: 3, session: 2, gateway: 1 };
const SUPPORT = new Set(['audit', 'settings', 'log', 'vault', 'platform', 'updates']);
const WIRING = new Set(['electron', 'compose.ts', 'index.ts']);


const SPECIFIER = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

interface RoomImport {
  readonly file: string;
  /** The room of main/ the file is in (first path segment below main/, or the file itself). */
  readonly from: string;
  readonly to: string;
}

/** Why an import between two rooms of main/ breaks the layering, or null when it does not. */
function layeringProblem({ from, to }: Pick<RoomImport, 'from' | 'to'>): string | null {
  if (from === to || WIRING.has(from)) return null;
  if (WIRING.has(to)) return 'imports the wiring';
  const below = LAYER[from];
  const target = LAYER[to];
  if (below !== undefined && target !== undefined) {
    if (target === below - 1) return null;
    if (target < below - 1) return 'skips a layer';
    return target === below ? 'goes sideways' : 'goes upward';
  }
  if (SUPPORT.has(from) && target !== undefined) return 'a support room imports a layer';
  return null;
}

function roomImports(): RoomImport[] {
  const mainDir = join(root, 'main');
  return sourceFiles(mainDir).flatMap((file) => {
    const from = relative(mainDir, file).split(sep)[0]!;
    return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
      .map((m) => (m[1] ?? m[2]) as string)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(mainDir, resolve(dirname(file), specifier)).split(sep))
      .filter((parts) => parts[0] !== '..')
      .map((parts) => ({ file: relative(root, file), from, to: parts.length === 1 && !parts[0]!.endsWith('.ts') ? `${parts[0]}.ts` : parts[0]! }));
  });
}

describe('the way down inside main/', () => {
  it('flags a skipped layer, an upward or sideways import, and a support room reaching a layer', () => {
    expect(layeringProblem({ from: 'surfaces', to: 'actions' })).toBeNull();
    expect(layeringProblem({ from: 'ipc', to: 'actions' })).toBeNull();
    expect(layeringProblem({ from: 'actions', to: 'session' })).toBeNull();
    expect(layeringProblem({ from: 'session', to: 'gateway' })).toBeNull();
    expect(layeringProblem({ from: 'actions', to: 'log' })).toBeNull();
    expect(layeringProblem({ from: 'electron', to: 'session' })).toBeNull();
    expect(layeringProblem({ from: 'surfaces', to: 'session' })).toBe('skips a layer');
    expect(layeringProblem({ from: 'actions', to: 'gateway' })).toBe('skips a layer');
    expect(layeringProblem({ from: 'session', to: 'actions' })).toBe('goes upward');
    expect(layeringProblem({ from: 'surfaces', to: 'ipc' })).toBe('goes sideways');
    expect(layeringProblem({ from: 'ipc', to: 'compose.ts' })).toBe('imports the wiring');
    expect(layeringProblem({ from: 'audit', to: 'session' })).toBe('a support room imports a layer');
  });

  it('finds the rooms it checks', () => {
    const rooms = new Set(roomImports().map((i) => i.from));
    for (const room of ['surfaces', 'ipc', 'actions', 'session', 'gateway', 'electron', 'compose.ts']) expect(rooms.has(room), room).toBe(true);
  });

  it('holds for every import in main/', () => {
    const problems = roomImports()
      .map((i) => ({ i, problem: layeringProblem(i) }))
      .filter(({ problem }) => problem !== null)
      .map(({ i, problem }) => `${i.file} → ${i.to}: ${problem}`);
    expect(problems).toEqual([]);
  });
});

/** Source without comments: a comment may quote a rule to explain it. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
}

/**
 * Where the model's rules may be written: app/ (the model), and main/session/, which moves the phase
 * and so compares it. The renderer joins the scanned roots once its panel reads app/monitoring.ts.
 */
const SCANNED = ['main', 'preload'];
const scanned = SCANNED.flatMap((dir) => sourceFiles(join(root, dir))).filter((f) => !relative(root, f).startsWith(join('main', 'session') + sep));

const REWRITTEN_RULES: ReadonlyArray<[string, RegExp]> = [
  ['the signed-in rule (isSignedIn)', /[=!]==\s*'connection-lost'|'connection-lost'\s*[=!]==|'signed-in'\s*,\s*'connection-lost'|'connection-lost'\s*,\s*'signed-in'/],
  ['a start on the agent monitored is a switch (planStart)', /whisper\??\.target\s*[=!]==|[=!]==\s*[\w.?]*whisper\??\.target\b/],
  ['stop while listening or barging in (planStop)', /'(listen|insert)'\s*\|\|[^;\n]*'(listen|insert)'/],
];

describe('the monitoring model is not written again', () => {
  it('catches each rule when it is written out', () => {
    const samples = [
      "const on = s.phase === 'signed-in' || s.phase === 'connection-lost';",
      "if (snapshot.whisper?.target === workNo) switchMode();",
      "const cancels = mode === 'listen' || mode === 'insert';",
    ];
    samples.forEach((sample, index) => expect(REWRITTEN_RULES[index]![1].test(sample), sample).toBe(true));
  });

  it.each(REWRITTEN_RULES)('%s lives in app/monitoring.ts only', (_rule, pattern) => {
    const found = scanned.filter((file) => pattern.test(code(file))).map((file) => relative(root, file));
    expect(found).toEqual([]);
  });

  it('builds validation failures only through app/failures.ts (validationFailure, invalidInput)', () => {
    // main/gateway/ still builds its own in four places: its owner folds them, then drops this exception.
    const byHand = scanned
      .filter((file) => !relative(root, file).startsWith(join('main', 'gateway') + sep))
      .filter((file) => /kind:\s*'validation'/.test(code(file)))
      .map((file) => relative(root, file));
    expect(byHand).toEqual([]);
  });
});

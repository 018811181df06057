/**
 * Load time of the built main entry (out/main/index.js) under plain Node with `electron` and
 * `electron-log/main` replaced by stand-ins: the start-up cost that can be measured where no Electron binary exists (docs/performance.md).
 *
 * Each sample is a fresh Node process (a warm module cache would hide the cost). Two entries:
 * - lean:  the entry as shipped (services, IPC handlers, keychain and emulator load after 'ready');
 * - eager: the same entry plus every chunk it loads lazily, required up front — what the entry
 *          would cost if it imported them statically (also shown without the demo emulator's chunk).
 * Also measured in the lean process: 'ready' → tray shown, and 'ready' → services up (packaged,
 * no gateway configured, so no emulator starts).
 *
 * Usage: npx electron-vite build && npx tsx bench/main-load-time.ts [samples]
 * Prints milliseconds (median and p90); writes nothing and asserts no budget.
 */
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(__dirname, '..');
const entry = join(root, 'out', 'main', 'index.js');
const chunksDir = join(root, 'out', 'main', 'chunks');

type Mode = 'lean' | 'eager' | 'eager-no-emulator';

interface Sample {
  loadMs: number;
  readyToTrayMs: number | null;
  readyToServicesMs: number | null;
}

/** Runs in the child: installs the stand-ins, requires the entry, reports timings on stdout. */
async function child(mode: Mode): Promise<void> {
  const userData = mkdtempSync(join(tmpdir(), 'wc-load-'));
  let trayShownAt: number | null = null;
  let readyAt = 0;
  let resolveReady!: () => void;
  const whenReady = new Promise<void>((r) => (resolveReady = r));

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    whenReady: () => whenReady,
    getPath: (name: string) => join(userData, name),
    getAppPath: () => root,
    getLocale: () => 'en-US',
    getVersion: () => '0.0.0-bench',
    setAppUserModelId: () => undefined,
    setAsDefaultProtocolClient: () => true,
    setLoginItemSettings: () => undefined,
    quit: () => undefined,
  });
  class Tray extends EventEmitter {
    constructor() {
      super();
      trayShownAt ??= performance.now();
    }
    setImage() {}
    setToolTip() {}
    setContextMenu() {}
    destroy() {}
  }
  const ipcMain = Object.assign(new EventEmitter(), { handle: () => undefined, removeHandler: () => undefined });
  const session = {
    defaultSession: { protocol: { handle: () => undefined }, setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined },
  };
  const electron = {
    app,
    BrowserWindow: class {},
    Tray,
    Menu: { buildFromTemplate: (t: unknown) => t },
    Notification: Object.assign(class extends EventEmitter {}, { isSupported: () => false }),
    nativeImage: { createFromPath: (p: string) => p },
    globalShortcut: { register: () => true, unregister: () => undefined, unregisterAll: () => undefined },
    ipcMain,
    protocol: { registerSchemesAsPrivileged: () => undefined },
    session,
    shell: { openPath: async () => '' },
  };
  const quiet = () => undefined;
  const electronLog = { transports: { file: {}, console: {} }, debug: quiet, info: quiet, warn: quiet, error: quiet };
  const load = (Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request, parent, isMain) {
    if (request === 'electron') return electron;
    if (request === 'electron-log/main') return electronLog;
    return load.call(this, request, parent, isMain);
  };

  const started = performance.now();
  const loaded = require(entry) as { mainProcess: { ready: Promise<void> } | null };
  if (mode !== 'lean') {
    for (const chunk of readdirSync(chunksDir)) {
      if (mode === 'eager-no-emulator' && chunk.startsWith('emulator')) continue;
      require(join(chunksDir, chunk));
    }
  }
  const loadMs = performance.now() - started;

  let readyToServicesMs: number | null = null;
  if (mode === 'lean') {
    readyAt = performance.now();
    resolveReady();
    await loaded.mainProcess?.ready;
    readyToServicesMs = performance.now() - readyAt;
  }
  const sample: Sample = { loadMs, readyToTrayMs: trayShownAt === null ? null : trayShownAt - readyAt, readyToServicesMs };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  rmSync(userData, { recursive: true, force: true });
  process.exit(0);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function parent(samples: number): void {
  if (!existsSync(entry)) {
    console.error(`No build at ${entry}: run \`npx electron-vite build\` first.`);
    process.exit(1);
  }
  const run = (mode: Mode): Sample[] =>
    Array.from({ length: samples }, () => {
      const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', mode], { cwd: root, encoding: 'utf8' });
      return JSON.parse(out.trim().split('\n').at(-1) as string) as Sample;
    });
  const lean = run('lean');
  const eager = run('eager');
  const eagerNoEmulator = run('eager-no-emulator');
  const fmt = (v: number) => `${v.toFixed(1)} ms`;
  const line = (label: string, values: number[]) => console.log(`${label.padEnd(44)} median ${fmt(quantile(values, 0.5)).padStart(9)}   p90 ${fmt(quantile(values, 0.9)).padStart(9)}`);
  console.log(`Main entry load time under Node ${process.version}, electron mocked, ${samples} fresh processes each`);
  line('lean entry (as shipped): require()', lean.map((s) => s.loadMs));
  line('eager equivalent (all chunks up front)', eager.map((s) => s.loadMs));
  line('eager equivalent without the emulator', eagerNoEmulator.map((s) => s.loadMs));
  line("lean: 'ready' → tray shown", lean.map((s) => s.readyToTrayMs ?? Number.NaN));
  line("lean: 'ready' → services up (no gateway)", lean.map((s) => s.readyToServicesMs ?? Number.NaN));
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const requested = process.argv[childIndex + 1];
  void child(requested === 'eager' || requested === 'eager-no-emulator' ? requested : 'lean');
} else {
  parent(Number(process.argv[2] ?? 15));
}

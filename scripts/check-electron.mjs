// Runs before `npm start` and `npm run dev`: makes sure the Electron binary is there, and when it is not
// (the `electron` package downloads it on first use, and some networks block that download), says so in a
// few plain lines — what failed, the settings that fix it, what works without it — instead of two stack
// traces and advice that fails the same way. Exit 0 when Electron can run, 1 when it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));

function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Loads `electron` the way `electron .` does (which downloads the binary when missing), output captured. */
function locateElectron() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: process.env,
  });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  if (binary && existsSync(binary)) return { ok: true, binary };
  return { ok: false, reason: failureReason(probe, binary) };
}

/** The first line that names the cause (e.g. "TypeError: fetch failed"), not the package's generic advice. */
function failureReason(probe, binary) {
  if (binary) return `ELECTRON_OVERRIDE_DIST_PATH names ${binary}, which does not exist`;
  const lines = `${probe.stderr ?? ''}\n${probe.error?.message ?? ''}`.split('\n').map((line) => line.trim());
  const cause = lines.find((line) => /^[\w.]*(Error|Exception)\b.*:/.test(line) && !line.includes('failed to install correctly'));
  return `downloading it failed (${cause ?? 'no reason given'})`;
}

const version = electronVersion();
if (!version) {
  console.error('Whisper Control cannot start: the electron package is not installed. Run `npm ci` first.');
  process.exit(1);
}
const found = locateElectron();
if (found.ok) process.exit(0);

const cache = process.platform === 'win32' ? '%LOCALAPPDATA%\\electron\\Cache' : process.platform === 'darwin' ? '~/Library/Caches/electron' : '~/.cache/electron';
console.error(
  [
    `Whisper Control cannot start: the Electron ${version} binary is missing; ${found.reason}.`,
    'The electron package fetches it from GitHub on first use. Set one of these and run npm start again:',
    '  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/  fetch it from a mirror (or your own; end the URL with /)',
    `  electron_config_cache=<folder>        a copy of ${cache} from a machine that has downloaded Electron ${version}`,
    `  ELECTRON_OVERRIDE_DIST_PATH=<folder>  an unpacked Electron ${version} (the folder holding the electron executable)`,
    'Without Electron, `npm run preview` shows the real panel in a browser and `npm run emulator` runs the gateway emulator.',
  ].join('\n'),
);
process.exit(1);

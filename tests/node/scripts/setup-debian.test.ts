import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * scripts/setup-debian.sh, the one install line of the README and of CI: checked by shellcheck, and
 * run as root and as a plain user with fake `sudo` and `apt-get` first on PATH that record their
 * arguments, so nothing is installed and no network is needed.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts', 'setup-debian.sh');
/** What the build and the test tiers need: native addons' compiler, keytar's build, the keychain, the browser tier, acceptance checks, the syslog collector. */
const NEEDED = [
  'libsecret-1-dev', 'gnome-keyring', 'dbus', 'dbus-x11', 'chromium', 'fonts-wqy-microhei',
  'curl', 'ca-certificates', 'unzip', 'rsyslog', 'rsyslog-gnutls', 'rsyslog-openssl', 'build-essential', 'python3',
];
const isRoot = process.getuid?.() === 0;
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
const canDropPrivileges = isRoot && spawnSync('setpriv', ['--version']).status === 0;

let fakeDir = '';
afterEach(() => {
  if (fakeDir) rmSync(fakeDir, { recursive: true, force: true });
  fakeDir = '';
});

/** A directory (readable by every user) holding recording fakes of `commands`; each appends "name args" to calls.log. */
function fakes(commands: readonly string[]): { bin: string; calls: () => string[] } {
  fakeDir = mkdtempSync(path.join(tmpdir(), 'wc-setup-'));
  chmodSync(fakeDir, 0o777);
  const log = path.join(fakeDir, 'calls.log');
  writeFileSync(log, '');
  chmodSync(log, 0o666);
  for (const name of commands) {
    const file = path.join(fakeDir, name);
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> '${log}'\n`);
    chmodSync(file, 0o755);
  }
  return { bin: fakeDir, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function run(args: readonly string[], options: { asUser?: boolean; pathPrefix?: string; pathOnly?: boolean } = {}) {
  const PATH = options.pathOnly ? `${options.pathPrefix}:/usr/bin:/bin` : `${options.pathPrefix ?? ''}:${process.env.PATH}`;
  const command = options.asUser && isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'sh', SCRIPT, ...args] : ['sh', SCRIPT, ...args];
  const out = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env: { ...process.env, PATH }, cwd: tmpdir() });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr, lines: out.stdout.split('\n').filter(Boolean) };
}

describe('scripts/setup-debian.sh', () => {
  it.skipIf(!hasShellcheck)('passes shellcheck (skipped where shellcheck is not installed: apt-get install -y shellcheck)', () => {
    const out = spawnSync('shellcheck', ['--shell=sh', SCRIPT], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('lists every package the test tiers need', () => {
    const { status, lines } = run(['--list']);
    expect(status).toBe(0);
    expect([...lines].sort()).toEqual([...NEEDED].sort());
  });

  it.skipIf(!isRoot)('as root it runs apt-get itself, never sudo (a container has none)', () => {
    const fake = fakes(['sudo', 'apt-get']);
    const dry = run(['--dry-run'], { pathPrefix: fake.bin });
    expect(dry.status).toBe(0);
    expect(dry.lines).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get update',
      `env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${NEEDED.join(' ')}`,
    ]);
    expect(fake.calls()).toEqual([]); // a dry run runs nothing

    const real = run([], { pathPrefix: fake.bin });
    expect(real.status).toBe(0);
    expect(fake.calls()).toEqual(['apt-get update', `apt-get install -y --no-install-recommends ${NEEDED.join(' ')}`]);
  });

  it.skipIf(isRoot && !canDropPrivileges)('as a user it goes through sudo', () => {
    const fake = fakes(['sudo']);
    const dry = run(['--dry-run'], { asUser: true, pathPrefix: fake.bin });
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.lines).toEqual([
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get update',
      `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${NEEDED.join(' ')}`,
    ]);
    expect(fake.calls()).toEqual([]);

    const real = run([], { asUser: true, pathPrefix: fake.bin });
    expect(real.status).toBe(0);
    expect(fake.calls()).toEqual([
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get update',
      `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${NEEDED.join(' ')}`,
    ]);
  });

  it.skipIf(!canDropPrivileges || existsSync('/usr/bin/sudo') || existsSync('/bin/sudo'))(
    'as a user without sudo it says how to run it instead, and fails',
    () => {
      const fake = fakes(['apt-get']);
      const out = run(['--dry-run'], { asUser: true, pathPrefix: fake.bin, pathOnly: true });
      expect(out.status).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain('needs root');
      expect(out.stderr).toContain("su -c 'sh scripts/setup-debian.sh'");
      expect(fake.calls()).toEqual([]);
    },
  );

  it('rejects an unknown option without running anything', () => {
    const fake = fakes(['sudo', 'apt-get']);
    const out = run(['--yes'], { pathPrefix: fake.bin });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('usage:');
    expect(fake.calls()).toEqual([]);
  });

  it('is what CI runs and what the README tells a newcomer to run', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^sh scripts\/setup-debian\.sh$/m);
    expect(ci).not.toMatch(/apt-get install/);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Using it'));
    expect(quickStart).toContain('sh scripts/setup-debian.sh');
    expect(quickStart).not.toMatch(/^sudo /m);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isLinuxAutostartEnabled,
  linuxAutostartEntry,
  linuxAutostartPath,
  linuxLaunchCommand,
  loginItemSettings,
  quoteExecArgument,
  setLinuxAutostart,
} from '@main/platform/autostart';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'wc-autostart-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

/** Desktop Entry parsing as a session manager does it: key=value lines of the [Desktop Entry] group. */
function parseDesktopEntry(text: string): Record<string, string> {
  const lines = text.split('\n');
  expect(lines[0]).toBe('[Desktop Entry]');
  return Object.fromEntries(
    lines
      .slice(1)
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.indexOf('=');
        expect(at, line).toBeGreaterThan(0);
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}

/** Undoes the string-value escaping and then the Exec quoting, returning the argument vector. */
function execArguments(exec: string): string[] {
  const unescaped = exec.replace(/\\\\/g, '\\');
  const args: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < unescaped.length; i += 1) {
    const c = unescaped[i] as string;
    if (quoted && c === '\\') {
      i += 1;
      current += unescaped[i];
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ' ' && !quoted) {
      args.push(current);
      current = '';
    } else if (c === '%' && unescaped[i + 1] === '%') {
      current += '%';
      i += 1;
    } else {
      current += c;
    }
  }
  args.push(current);
  return args;
}

describe('Windows and macOS login items', () => {
  it('gives Windows the installed executable explicitly, so the Run key follows the installation', () => {
    expect(loginItemSettings(true, 'win32', 'C:\\Program Files\\Whisper Control\\Whisper Control.exe')).toEqual({
      openAtLogin: true,
      path: 'C:\\Program Files\\Whisper Control\\Whisper Control.exe',
      args: [],
    });
    expect(loginItemSettings(false, 'win32', 'C:\\x.exe')).toEqual({ openAtLogin: false, path: 'C:\\x.exe', args: [] });
  });

  it('lets macOS register the app bundle itself', () => {
    expect(loginItemSettings(true, 'darwin', '/Applications/Whisper Control.app/Contents/MacOS/Whisper Control')).toEqual({ openAtLogin: true });
    expect(loginItemSettings(false, 'darwin', '/x')).toEqual({ openAtLogin: false });
  });
});

describe('Linux XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, defaulting to ~/.config, ignoring a relative XDG_CONFIG_HOME', () => {
    expect(linuxAutostartPath('/home/ines', {})).toBe('/home/ines/.config/autostart/whisper-control.desktop');
    expect(linuxAutostartPath('/home/ines', { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/autostart/whisper-control.desktop');
    expect(linuxAutostartPath('/home/ines', { XDG_CONFIG_HOME: 'cfg' })).toBe('/home/ines/.config/autostart/whisper-control.desktop');
  });

  it('starts the AppImage file itself, not its temporary mount', () => {
    expect(linuxLaunchCommand('/tmp/.mount_WhispXYZ/whisper-control', { APPIMAGE: '/home/ines/Apps/whisper-control-0.1.0-x86_64.AppImage' })).toBe(
      '/home/ines/Apps/whisper-control-0.1.0-x86_64.AppImage',
    );
    expect(linuxLaunchCommand('/opt/Whisper Control/whisper-control', {})).toBe('/opt/Whisper Control/whisper-control');
  });

  it('writes an entry the session will start, with the executable quoted as the spec requires', async () => {
    const path = linuxAutostartPath(home, {});
    await setLinuxAutostart(true, path, '/opt/Whisper Control/whisper-control');
    const entry = parseDesktopEntry(readFileSync(path, 'utf8'));
    expect(entry).toMatchObject({
      Type: 'Application',
      Name: 'Whisper Control',
      Exec: '"/opt/Whisper Control/whisper-control"',
      Hidden: 'false',
      'X-GNOME-Autostart-enabled': 'true',
      Terminal: 'false',
    });
    expect(execArguments(entry.Exec as string)).toEqual(['/opt/Whisper Control/whisper-control']);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(await isLinuxAutostartEnabled(path)).toBe(true);
  });

  it('round-trips awkward paths through the Exec quoting', () => {
    for (const path of ['/home/a b/$HOME/`x`/"q"/100%/back\\slash/app.AppImage', '/plain/path/app']) {
      expect(execArguments(parseDesktopEntry(linuxAutostartEntry(path)).Exec as string)).toEqual([path]);
    }
    expect(quoteExecArgument('/plain/path')).toBe('/plain/path');
    expect(quoteExecArgument('/with space')).toBe('"/with space"');
    expect(quoteExecArgument('/100%')).toBe('/100%%');
  });

  it('refuses a multi-line command, which could inject keys into the entry', () => {
    expect(() => linuxAutostartEntry('/opt/app\nHidden=true')).toThrow(/single line/);
  });

  it('replaces an existing entry with the current executable', async () => {
    const path = linuxAutostartPath(home, {});
    await setLinuxAutostart(true, path, '/old/place/app');
    await setLinuxAutostart(true, path, '/new/place/app');
    expect(parseDesktopEntry(readFileSync(path, 'utf8')).Exec).toBe('/new/place/app');
  });

  it('removes the entry when turned off, and turning off twice is fine', async () => {
    const path = linuxAutostartPath(home, {});
    await setLinuxAutostart(true, path, '/opt/app');
    await setLinuxAutostart(false, path, '/opt/app');
    expect(existsSync(path)).toBe(false);
    expect(await isLinuxAutostartEnabled(path)).toBe(false);
    await expect(setLinuxAutostart(false, path, '/opt/app')).resolves.toBeUndefined();
  });

  it('reads an entry a desktop tool switched off as off', async () => {
    const path = linuxAutostartPath(home, {});
    await setLinuxAutostart(true, path, '/opt/app');
    writeFileSync(path, readFileSync(path, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(await isLinuxAutostartEnabled(path)).toBe(false);
    writeFileSync(path, readFileSync(path, 'utf8').replace('X-GNOME-Autostart-enabled=false', 'X-GNOME-Autostart-enabled=true').replace('Hidden=false', 'Hidden=true'));
    expect(await isLinuxAutostartEnabled(path)).toBe(false);
  });
});

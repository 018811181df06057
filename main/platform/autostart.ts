/**
 * Start at login. Windows and macOS: the OS login-item API (the Electron wiring passes the result of
 * `loginItemSettings` to `app.setLoginItemSettings`). Linux: an XDG autostart entry, which GNOME, KDE,
 * Xfce and the other freedesktop sessions all read. Off unless settings or policy turn it on
 * (the default lives in main/settings).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/** The subset of Electron's `Settings` for `app.setLoginItemSettings` that this app sets. */
export interface LoginItemSettings {
  openAtLogin: boolean;
  /** Windows only: the executable the Run key starts. */
  path?: string;
  /** Windows only. */
  args?: string[];
}

/**
 * Windows gets an explicit path and (empty) args, so `app.getLoginItemSettings` with the same values
 * reads the entry back and a reinstall to another folder replaces, rather than orphans, the Run key.
 * macOS 13+ registers the app bundle itself (SMAppService main app service): nothing else to pass.
 */
export function loginItemSettings(openAtLogin: boolean, platform: 'win32' | 'darwin', executablePath: string): LoginItemSettings {
  if (platform === 'win32') return { openAtLogin, path: executablePath, args: [] };
  return { openAtLogin };
}

export const AUTOSTART_FILE_NAME = 'whisper-control.desktop';

/** `$XDG_CONFIG_HOME/autostart/…`, falling back to `~/.config` as the XDG spec says (relative values are ignored). */
export function linuxAutostartPath(home: string, env: NodeJS.ProcessEnv): string {
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * What to start at login. Inside an AppImage `process.execPath` points into a mount that disappears when
 * the app exits; the AppImage runtime puts the real file's path in $APPIMAGE.
 */
export function linuxLaunchCommand(execPath: string, env: NodeJS.ProcessEnv): string {
  return env.APPIMAGE && isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath;
}

/**
 * Quotes one Exec argument per the Desktop Entry spec: double quotes when it holds a reserved character,
 * with `"`, `` ` ``, `$` and `\` escaped inside; then `%` doubled (field codes) and `\` doubled again,
 * because the whole value is itself an escaped string.
 */
export function quoteExecArgument(argument: string): string {
  const needsQuotes = /[\s"'\\><~|&;$*?#()`]/.test(argument) || argument === '';
  const quoted = needsQuotes ? `"${argument.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : argument;
  return quoted.replace(/%/g, '%%').replace(/\\/g, '\\\\');
}

export function linuxAutostartEntry(launchCommand: string): string {
  if (/[\r\n]/.test(launchCommand)) throw new Error('The launch command must be a single line.');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Whisper Control',
    'Comment=Stop whispering on a CC-Gateway call at once',
    `Exec=${quoteExecArgument(launchCommand)}`,
    'Icon=whisper-control',
    'Terminal=false',
    'Categories=Office;',
    'Hidden=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes (atomically) or removes the autostart entry. Removing an absent entry is not an error. */
export async function setLinuxAutostart(enabled: boolean, entryPath: string, launchCommand: string): Promise<void> {
  if (!enabled) {
    await rm(entryPath, { force: true });
    return;
  }
  await mkdir(dirname(entryPath), { recursive: true });
  const temporary = `${entryPath}.${process.pid}.tmp`;
  await writeFile(temporary, linuxAutostartEntry(launchCommand), { mode: 0o644 });
  await rename(temporary, entryPath);
}

/**
 * Whether the session will start the app: the entry exists and neither `Hidden=true` nor
 * `X-GNOME-Autostart-enabled=false` (what desktop "Startup Applications" tools write to switch it off).
 */
export async function isLinuxAutostartEnabled(entryPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(entryPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(.*)$`, 'm').exec(text)?.[1]?.trim().toLowerCase();
  return value('Hidden') !== 'true' && value('X-GNOME-Autostart-enabled') !== 'false';
}

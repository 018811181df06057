/**
 * Start at login, applied from settings: the OS login-item API on Windows and macOS, an XDG
 * autostart entry on Linux (main/platform/autostart.ts). Only packaged builds register: a
 * development run would register the bare Electron binary.
 */
import type { App } from 'electron';
import { linuxAutostartPath, linuxLaunchCommand, loginItemSettings, setLinuxAutostart } from '../platform/autostart';

export interface LoginItemDeps {
  readonly app: Pick<App, 'setLoginItemSettings' | 'isPackaged'>;
  readonly platform: NodeJS.Platform;
  readonly execPath: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
}

export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<'applied' | 'skipped'> {
  if (!deps.app.isPackaged) return 'skipped';
  if (deps.platform === 'win32' || deps.platform === 'darwin') {
    deps.app.setLoginItemSettings(loginItemSettings(enabled, deps.platform, deps.execPath));
    return 'applied';
  }
  await setLinuxAutostart(enabled, linuxAutostartPath(deps.home, deps.env), linuxLaunchCommand(deps.execPath, deps.env));
  return 'applied';
}

import { join } from 'node:path';
import { currentMonitoring } from '../../app/monitoring';
import type { SessionSnapshot } from '../../app/whisper';

/**
 * The tray states an inspector must tell apart at a glance, each its own shape (not only colour):
 * signed out (outlined bubble), idle (bubble), listening (headphones), whispering (bubble with a stop
 * square), barging: the customer hears you (loudspeaker), error (warning triangle). Each has its own
 * icon files in build/icons/tray/.
 */
export const TRAY_ICON_STATES = ['signed-out', 'idle', 'listening', 'whispering', 'barging', 'error'] as const;
export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

const BY_MODE = { listen: 'listening', whisper: 'whispering', insert: 'barging' } as const;

/** What the monitoring model says is running (app/monitoring.ts), drawn; trouble with the session wins. */
export function trayIconStateOf(snapshot: SessionSnapshot): TrayIconState {
  switch (snapshot.phase) {
    case 'signed-out':
    case 'signing-in':
      return 'signed-out';
    case 'connection-lost':
    case 'expired':
      return 'error';
    case 'signed-in': {
      const monitoring = currentMonitoring(snapshot);
      return monitoring ? BY_MODE[monitoring.mode] : 'idle';
    }
  }
}

/**
 * macOS gets Template images (black + alpha, recoloured by the menu bar for light/dark; the OS picks
 * the @2x file itself), Windows a multi-size ICO so the taskbar can pick 16/20/24/32 px per DPI,
 * Linux a PNG (its tray hosts scale, and Electron picks the @2x file on HiDPI).
 */
export function trayIconFileName(state: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${state}Template.png`;
  if (platform === 'win32') return `tray-${state}.ico`;
  return `tray-${state}.png`;
}

export interface TrayIconLocation {
  /** app.isPackaged */
  readonly packaged: boolean;
  /** process.resourcesPath: electron-builder copies build/icons/tray there as `tray/` (extraResources). */
  readonly resourcesPath: string;
  /** The project root when running unpackaged (npm start). */
  readonly projectRoot: string;
}

/** Outside the asar and untouched by the bundler, so the names above stay valid in every build. */
export function trayIconDirectory(location: TrayIconLocation): string {
  return location.packaged ? join(location.resourcesPath, 'tray') : join(location.projectRoot, 'build', 'icons', 'tray');
}

export function trayIconPath(state: TrayIconState, platform: NodeJS.Platform, location: TrayIconLocation): string {
  return join(trayIconDirectory(location), trayIconFileName(state, platform));
}

/**
 * The platform's electron-updater class (Electron only: it uses Electron's app and net modules):
 * NSIS on Windows, the Squirrel-based MacUpdater on macOS, AppImage or deb on Linux. The MSI is not
 * updated this way (electron-updater has no MSI updater): MSI seats are upgraded by the deployment
 * tool (docs/deployment.md §2, §10).
 */
import { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater } from 'electron-updater';
import type { FeedUpdater } from '../updates/site-updates';

export function platformUpdater(): FeedUpdater {
  if (process.platform === 'win32') return new NsisUpdater();
  if (process.platform === 'darwin') return new MacUpdater();
  return process.env['APPIMAGE'] ? new AppImageUpdater() : new DebUpdater();
}

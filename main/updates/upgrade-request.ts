/**
 * An installer's request to quit, so it can replace the app's files: the file `quit-for-upgrade` next
 * to the machine policy (%ProgramData%\WhisperControl on Windows). Every running instance — one per
 * signed-in inspector, also on a Remote Desktop host — sees it and quits as soon as its inspector is
 * not monitoring anyone; mid-whisper it waits for the whisper to end, and it is never ended from
 * outside. The NSIS installer (build/installer.nsh) and the MSI wrapper
 * (build/windows/upgrade-when-idle.ps1) create the file, wait for the app to exit, install and remove
 * it. docs/deployment.md §2.
 *
 * A request file left behind (an installer killed before it could remove it) must not make the app
 * quit at every launch: a file last written more than `staleAfterMs` before this instance started is
 * ignored (logged once). The app never deletes the file itself — other instances on the same machine
 * (Remote Desktop) may still need to see it, and the installer owns it.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../log/logger';

export const UPGRADE_REQUEST_FILE = 'quit-for-upgrade';

export function upgradeRequestPath(policyFilePath: string): string {
  return join(dirname(policyFilePath), UPGRADE_REQUEST_FILE);
}

export interface UpgradeRequestOptions {
  readonly file: string;
  /** True while the inspector listens, whispers or is inserted (currentMonitoring(snapshot) !== null). */
  readonly monitoring: () => boolean;
  readonly onMonitoringChange: (listener: () => void) => () => void;
  readonly quit: () => void;
  readonly logger: Logger;
  /** How often the file is looked for; default 2000 ms. */
  readonly intervalMs?: number;
  /** When this instance started (epoch ms); default: when watching began. */
  readonly startedAt?: number;
  /** A request written this long before the start is a leftover and ignored; default 15 minutes. */
  readonly staleAfterMs?: number;
}

/** Longer than the installers' 10-minute wait, so a request made just before a launch still counts. */
export const STALE_UPGRADE_REQUEST_MS = 15 * 60_000;

/** The file's last-write time, or null when it is absent (or unreadable). */
function writtenAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Watches for the request; returns the function that stops watching. */
export function watchUpgradeRequest(options: UpgradeRequestOptions): () => void {
  let requested = false;
  let quitting = false;
  let unsubscribe: (() => void) | null = null;
  let ignoredLeftover: number | null = null;
  const oldestHonoured = (options.startedAt ?? Date.now()) - (options.staleAfterMs ?? STALE_UPGRADE_REQUEST_MS);

  const quitIfIdle = () => {
    if (!requested || quitting) return;
    if (options.monitoring()) return;
    quitting = true;
    options.logger.info('quitting for an upgrade', { file: options.file });
    options.quit();
  };
  const look = () => {
    const written = writtenAt(options.file);
    const leftover = written !== null && written < oldestHonoured;
    if (leftover && ignoredLeftover !== written) {
      ignoredLeftover = written;
      options.logger.warn('ignoring a leftover upgrade request written before this start; no installer is waiting on it', {
        file: options.file,
        writtenAt: new Date(written).toISOString(),
      });
    }
    const present = written !== null && !leftover;
    if (present && !requested) {
      requested = true;
      options.logger.info('upgrade requested: quitting when not monitoring', { monitoring: options.monitoring() });
      unsubscribe = options.onMonitoringChange(quitIfIdle);
      quitIfIdle();
    } else if (!present && requested && !quitting) {
      // The installer gave up (or finished elsewhere): stay.
      requested = false;
      options.logger.info('upgrade request withdrawn');
      unsubscribe?.();
      unsubscribe = null;
    }
  };
  // Looked for on a timer (fs.watchFile can miss a deletion that follows a creation closely).
  const timer = setInterval(look, options.intervalMs ?? 2000);
  timer.unref?.();
  look();
  return () => {
    clearInterval(timer);
    unsubscribe?.();
  };
}

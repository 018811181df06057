/**
 * Owns the app's life outside the person's commands: locking down every WebContents as it is
 * created, staying alive with no window, the Dock icon, and the ordered shutdown. Quitting is
 * held until every registered shutdown step ran (newest first) or the grace period passed, then
 * the last log lines are written and the app quits for real.
 */
import type * as Electron from 'electron';
import type { Logger } from '../log/logger';
import { hardenWebContents } from './window';

/** How long quitting waits for the services to flush the audit trail and the keychain. */
const SHUTDOWN_GRACE_MS = 3000;

export interface Lifecycle {
  /** Adds a shutdown step. Steps run in reverse order of registration: what was made last goes first. */
  onShutdown(step: () => void | Promise<void>): void;
  /** True once quitting began (the panel then closes instead of hiding). */
  isQuitting(): boolean;
}

export function installLifecycle(app: Pick<Electron.App, 'on' | 'quit'>, deps: { readonly logger: Logger; readonly openPanel: () => void }): Lifecycle {
  const { logger } = deps;
  const steps: (() => void | Promise<void>)[] = [];
  let quitting = false;
  let shutdownState: 'running' | 'shutting-down' | 'done' = 'running';

  // Every WebContents, present or future, is locked down the moment it exists.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
  // A tray app keeps running with no window; quitting is the tray's Quit.
  app.on('window-all-closed', () => undefined);
  // macOS: clicking the Dock icon of the running app opens the panel.
  app.on('activate', () => deps.openPanel());
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutdownState === 'done') return;
    // Hold the quit until the audit trail and keychain are flushed (bounded by the grace period).
    event.preventDefault();
    if (shutdownState === 'running') {
      shutdownState = 'shutting-down';
      void runShutdown();
    }
  });

  async function runShutdown(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    // In reverse order of creation: shortcuts and IPC first, the services before the demo gateway they use.
    const unwind = async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          logger.warn('shutdown step failed', { error: error instanceof Error ? error.name : 'unknown' });
        }
      }
    };
    await Promise.race([unwind(), grace]);
    clearTimeout(timer);
    shutdownState = 'done';
    // Log lines are handed to the file after the current turn (main/log/deferred-log-sink.ts): write the last ones now.
    logger.flush?.();
    app.quit();
  }

  return {
    onShutdown: (step) => void steps.push(step),
    isQuitting: () => quitting,
  };
}

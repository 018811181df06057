/**
 * Owns what only Electron can give the services (main/compose.ts creates them all): the
 * user-data and logs folders, the app version, the OS keychain, the file manager and, in demo
 * mode, the embedded emulator. Loaded after 'ready' so none of it slows the tray's appearance.
 */
import type * as Electron from 'electron';
import type { DemoGateway } from '../session/gateway-target';
import type { Logger } from '../log/logger';
import { DEMO_FLAG, demoGatewayAllowed } from './launch-options';
import type { ShellServices } from './shell-services';

export async function loadServices(
  electron: { readonly app: Pick<Electron.App, 'getPath' | 'getVersion' | 'quit'>; readonly shell: Pick<Electron.Shell, 'openPath'> },
  deps: { readonly argv: readonly string[]; readonly packaged: boolean; readonly logger: Logger; readonly onShutdown: (step: () => Promise<void>) => void },
): Promise<ShellServices> {
  const { app, shell } = electron;
  const { logger } = deps;

  /** The emulator trusts nothing but its own CA: the client is given exactly that CA, never "accept any". */
  async function startDemoGateway(): Promise<DemoGateway> {
    const { startEmulator } = await import('../../emulator/index');
    const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
    deps.onShutdown(() => emulator.close());
    logger.info('demo gateway started', { url: emulator.url });
    return { url: emulator.url, caPem: emulator.caPem };
  }

  const userDataDir = app.getPath('userData');
  const [{ createAppServices }, { keytarStore }, { platformUpdater }] = await Promise.all([
    import('../compose'),
    import('../vault/keytar-store'),
    import('./platform-updater'),
  ]);
  return createAppServices({
    userDataDir,
    appVersion: app.getVersion(),
    logger,
    secretStore: keytarStore(),
    // Policy changes (file, registry, managed preferences) apply without a restart.
    watchPolicy: {},
    // Only a packaged app updates itself (electron-updater ignores a development run anyway).
    ...(deps.packaged && { createUpdater: platformUpdater }),
    // An installer's request to quit (docs/deployment.md §2): honoured only when not monitoring.
    quitForUpgrade: () => app.quit(),
    demoGateway: demoGatewayAllowed({ demoFlag: deps.argv.includes(DEMO_FLAG), packaged: deps.packaged }) ? startDemoGateway : null,
    logsDir: app.getPath('logs'),
    desktop: { openFolder: async (folder) => (await shell.openPath(folder)) === '' },
  });
}

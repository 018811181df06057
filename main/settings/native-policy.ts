/**
 * The OS's own policy store, read and watched through @vscode/policy-watcher (VS Code's module for
 * exactly this): on Windows the registry values under SOFTWARE\Policies\WhisperControl (HKLM first,
 * then HKCU — what Group Policy and Intune write from the ADMX), on macOS the managed preferences of
 * com.whispercontrol.app (what a configuration profile installs). The module's Linux part is a
 * stub, so Linux keeps the JSON policy file only (watched by settings-store.ts).
 * The module is native: it is loaded only on Windows and macOS, and a failure to load it is logged
 * and leaves the JSON file as the only source.
 */
import { createRequire } from 'node:module';
import type { Logger } from '../log/logger';
import { nativeType, POLICY_CATALOGUE, type NativeValues } from './policy-catalogue';

export const POLICY_REGISTRY_PATH = 'SOFTWARE\\Policies\\WhisperControl';
/** The macOS preferences domain of managed settings: the app's bundle ID (electron-builder.yml appId). */
export const POLICY_PREFERENCES_DOMAIN = 'com.whispercontrol.app';

interface PolicyWatcherModule {
  createWatcher(
    productName: string,
    policies: Record<string, { type: 'string' | 'number' | 'boolean' }>,
    onDidChange: (update: Record<string, string | number | boolean | undefined>) => void,
    options?: { registryPath?: string },
  ): { dispose(): void };
}

export interface NativePolicyWatch {
  dispose(): void;
}

/**
 * Starts watching the native store; `onChange` gets the full set of values at start and after every
 * change. Null where there is no native store (Linux) or the module cannot load.
 */
export function watchNativePolicy(onChange: (values: NativeValues) => void, logger: Logger, platform: NodeJS.Platform = process.platform): NativePolicyWatch | null {
  if (platform !== 'win32' && platform !== 'darwin') return null;
  let watcherModule: PolicyWatcherModule;
  try {
    watcherModule = createRequire(__filename)('@vscode/policy-watcher') as PolicyWatcherModule;
  } catch (error) {
    logger.warn('native policy store unavailable; the policy file alone applies', { problem: (error as Error).message });
    return null;
  }
  const policies = Object.fromEntries(POLICY_CATALOGUE.map((entry) => [entry.name, { type: nativeType(entry.kind) }]));
  let values: Record<string, string | number | boolean | undefined> = {};
  try {
    return watcherModule.createWatcher(
      platform === 'darwin' ? POLICY_PREFERENCES_DOMAIN : 'WhisperControl',
      policies,
      (update) => {
        // Each update names the policies that changed (undefined = removed).
        values = { ...values, ...update };
        onChange(values);
      },
      { registryPath: POLICY_REGISTRY_PATH },
    );
  } catch (error) {
    logger.warn('native policy store could not be watched; the policy file alone applies', { problem: (error as Error).message });
    return null;
  }
}

import type { SecretStore } from './guid-vault';

/**
 * The only file that touches keytar (archived upstream: swapping it must stay a
 * one-file change). keytar is loaded on first use so a missing native module or
 * libsecret turns into a keychain error the vault reports, not a crash at start.
 */
type Keytar = typeof import('keytar');

/** A locked keychain may wait on an unlock prompt; the vault must not wait forever. */
export const KEYCHAIN_TIMEOUT_MS = 10_000;

export function keytarStore(options: { timeoutMs?: number } = {}): SecretStore {
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  let loaded: Promise<Keytar> | null = null;
  const keytar = (): Promise<Keytar> => {
    loaded ??= import('keytar').then((module) => ((module as { default?: Keytar }).default ?? module) as Keytar);
    return loaded;
  };
  const call = <T>(operation: (k: Keytar) => Promise<T>): Promise<T> =>
    withTimeout(
      keytar().then(operation),
      timeoutMs,
    );
  return {
    get: (service, account) => call((k) => k.getPassword(service, account)),
    set: (service, account, value) => call((k) => k.setPassword(service, account, value)),
    delete: (service, account) => call((k) => k.deletePassword(service, account)),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the keychain within ${ms / 1000} s (is it locked?)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

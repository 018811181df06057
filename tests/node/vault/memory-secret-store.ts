import type { SecretStore } from '@main/vault/guid-vault';

/** An in-memory keychain that records every call, for tests that need to see what the vault wrote. */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  readonly calls: Array<{ op: 'get' | 'set' | 'delete'; account: string; value?: string }> = [];
  /** Milliseconds each operation takes, to let writes overlap. */
  latencyMs = 0;

  async get(service: string, account: string): Promise<string | null> {
    this.calls.push({ op: 'get', account });
    await this.pause();
    return this.entries.get(`${service}|${account}`) ?? null;
  }

  async set(service: string, account: string, value: string): Promise<void> {
    this.calls.push({ op: 'set', account, value });
    await this.pause();
    this.entries.set(`${service}|${account}`, value);
  }

  async delete(service: string, account: string): Promise<boolean> {
    this.calls.push({ op: 'delete', account });
    await this.pause();
    return this.entries.delete(`${service}|${account}`);
  }

  value(service: string, account: string): string | null {
    return this.entries.get(`${service}|${account}`) ?? null;
  }

  private pause(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.latencyMs)) : Promise.resolve();
  }
}

/** Fails every call the way keytar does when no Secret Service is reachable over D-Bus. */
export class UnreachableSecretStore implements SecretStore {
  calls = 0;
  private fail(): Promise<never> {
    this.calls++;
    return Promise.reject(new Error('Could not connect: No such file or directory'));
  }
  get(): Promise<string | null> {
    return this.fail();
  }
  set(): Promise<void> {
    return this.fail();
  }
  delete(): Promise<boolean> {
    return this.fail();
  }
}

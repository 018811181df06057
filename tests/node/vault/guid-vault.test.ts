import { describe, expect, it } from 'vitest';
import { createLogger, memoryLogSink } from '@main/log/logger';
import type { Notice } from '@app/i18n/notice';
import { GuidVault, KEYCHAIN_NOTICE_PREFIX, KEYCHAIN_NOTICE_PREFIX_ZH, VAULT_SERVICE, vaultAccount } from '@main/vault/guid-vault';
import { MemorySecretStore, UnreachableSecretStore } from './memory-secret-store';

const ORIGIN = 'https://gateway.example:8043';
const ACCOUNT = vaultAccount(ORIGIN, '101');
const guid = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-dddddddddddd.AgentGateway0`;

describe('Guid vault', () => {
  it('names one keychain entry per gateway origin and agent under the app service', async () => {
    const store = new MemorySecretStore();
    const vault = new GuidVault(store, { logger: createLogger(memoryLogSink()) });
    expect(ACCOUNT).toBe('https://gateway.example:8043#101');
    vault.keep(ORIGIN, '101', guid(1));
    await vault.flush();
    expect(store.value(VAULT_SERVICE, ACCOUNT)).toBe(guid(1));
    expect(await vault.load(ORIGIN, '101')).toBe(guid(1));
    expect(await vault.load(ORIGIN, '102')).toBeNull();
  });

  it('coalesces a burst of rotations into one write of the newest Guid', async () => {
    const store = new MemorySecretStore();
    const vault = new GuidVault(store, { logger: createLogger(memoryLogSink()), coalesceMs: 20 });
    for (let n = 1; n <= 5; n++) vault.keep(ORIGIN, '101', guid(n));
    expect(store.calls).toEqual([]); // keep never waits for the keychain
    await new Promise((resolve) => setTimeout(resolve, 60));
    await vault.flush();
    expect(store.calls.filter((c) => c.op === 'set')).toEqual([{ op: 'set', account: ACCOUNT, value: guid(5) }]);
  });

  it('writes the newest value after a write in flight, once', async () => {
    const store = new MemorySecretStore();
    store.latencyMs = 40;
    const vault = new GuidVault(store, { logger: createLogger(memoryLogSink()), coalesceMs: 5 });
    vault.keep(ORIGIN, '101', guid(1));
    await new Promise((resolve) => setTimeout(resolve, 15)); // first write now in flight
    vault.keep(ORIGIN, '101', guid(2));
    vault.keep(ORIGIN, '101', guid(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await vault.flush();
    expect(store.calls.filter((c) => c.op === 'set').map((c) => c.value)).toEqual([guid(1), guid(3)]);
    expect(store.value(VAULT_SERVICE, ACCOUNT)).toBe(guid(3));
  });

  it('forget deletes the entry and drops a pending write, so the Guid never comes back', async () => {
    const store = new MemorySecretStore();
    store.latencyMs = 10;
    const vault = new GuidVault(store, { logger: createLogger(memoryLogSink()), coalesceMs: 5 });
    vault.keep(ORIGIN, '101', guid(1));
    await vault.flush();
    vault.keep(ORIGIN, '101', guid(2));
    await vault.forget(ORIGIN, '101');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await vault.flush();
    expect(store.value(VAULT_SERVICE, ACCOUNT)).toBeNull();
    expect(store.calls.map((c) => c.op)).toEqual(['set', 'delete']);
  });

  it('reports an unavailable keychain once, in the words the panel shows, and stops trying for this run', async () => {
    const store = new UnreachableSecretStore();
    const sink = memoryLogSink();
    const vault = new GuidVault(store, { logger: createLogger(sink), coalesceMs: 1 });
    const problems: Array<Notice | null> = [];
    vault.onProblem((p) => problems.push(p));
    expect(await vault.load(ORIGIN, '101')).toBeNull();
    expect(vault.problem()?.en).toMatch(new RegExp(`^${KEYCHAIN_NOTICE_PREFIX}Could not connect: No such file or directory`));
    expect(vault.problem()?.['zh-CN']).toMatch(new RegExp(`^${KEYCHAIN_NOTICE_PREFIX_ZH}Could not connect: No such file or directory`));
    vault.keep(ORIGIN, '101', guid(1));
    await vault.flush();
    await vault.forget(ORIGIN, '101');
    expect(store.calls).toBe(1);
    expect(problems).toHaveLength(1);
    expect(sink.lines.join('\n')).toContain('keychain unavailable');
  });

  it('never lets a store error carry the Guid into the notice or the log', async () => {
    const sink = memoryLogSink();
    const echoing = {
      get: async () => null,
      set: async (_s: string, _a: string, value: string) => {
        throw new Error(`cannot store ${value}`);
      },
      delete: async () => false,
    };
    const vault = new GuidVault(echoing, { logger: createLogger(sink), coalesceMs: 1 });
    vault.keep(ORIGIN, '101', 'secret-guid-value');
    await vault.flush();
    expect(vault.problem()?.en).toContain('cannot store [redacted]');
    expect(vault.problem()?.['zh-CN']).toContain('cannot store [redacted]');
    expect(JSON.stringify(vault.problem())).not.toContain('secret-guid-value');
    expect(sink.lines.join('\n')).not.toContain('secret-guid-value');
  });
});

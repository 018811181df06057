import { describe, expect, it } from 'vitest';
import type { Outcome } from '@main/gateway';
import { nullLogger } from '@main/log/logger';
import { InspectorSession } from '@main/session/session';
import { GuidVault } from '@main/vault/guid-vault';
import { MemorySecretStore } from '../vault/memory-secret-store';

/**
 * The ordering rule in isolation, with a scripted client (the emulator cannot make two answers
 * arrive in a chosen order): the Guid whose response headers arrived last wins, whatever order
 * the promises settle in.
 */
type Deferred = { resolve: (o: Outcome<never>) => void };

function scriptedClient() {
  const sentGuids: string[] = [];
  const pending: Record<string, Deferred[]> = { poll: [], stop: [] };
  const read = (g: string | (() => string | null)) => (typeof g === 'function' ? g() : g) ?? '';
  const wait = (kind: 'poll' | 'stop') => new Promise<Outcome<never>>((resolve) => pending[kind]!.push({ resolve }));
  const client = {
    signIn: async () => ({ ok: true as const, retcode: '0' as const, message: '', result: {} as never, setGuid: 'guid-1', headersAt: 1, durationMs: 1 }),
    pollEvent: (_a: string, guid: string | (() => string | null), opts?: { signal?: AbortSignal }) => {
      sentGuids.push(`poll:${read(guid)}`);
      const answer = wait('poll');
      opts?.signal?.addEventListener('abort', () => pending.poll!.shift()?.resolve(failure(null, 999)));
      return answer;
    },
    stopWhisper: (_a: string, guid: string | (() => string | null)) => {
      sentGuids.push(`stop:${read(guid)}`);
      return wait('stop');
    },
    startWhisper: async () => failure(null, 0),
    switchWhisper: async () => failure(null, 0),
    signOut: async () => failure(null, 0),
    prewarm: () => undefined,
    keepCommandConnectionWarm: () => undefined,
  };
  return { client, sentGuids, pending };
}

function ok(setGuid: string | null, headersAt: number): Outcome<never> {
  return { ok: true, retcode: '0', message: '', result: null as never, setGuid, headersAt, durationMs: 1 };
}
function failure(setGuid: string | null, headersAt: number): Outcome<never> {
  return { ok: false, failure: { kind: 'network', code: 'X' }, setGuid, headersAt, durationMs: 1 };
}

describe('newest Guid wins when answers race', () => {
  it('keeps the Guid from the later headers even when the older answer settles last', async () => {
    const { client, sentGuids, pending } = scriptedClient();
    const store = new MemorySecretStore();
    const vault = new GuidVault(store, { logger: nullLogger, coalesceMs: 1 });
    const session = new InspectorSession({ client: client as never, vault, logger: nullLogger, gatewayOrigin: 'https://gw:8043', agentId: '101', phoneNumber: '70101' });
    await session.signIn('pw');
    await new Promise((r) => setTimeout(r, 5));
    const stop = session.stopWhisper();
    expect(sentGuids).toEqual(['poll:guid-1', 'stop:guid-1']);

    // the poll's headers arrived at t=30 with guid-3; the stop's at t=20 with guid-2 but it settles later
    pending.poll!.shift()!.resolve(ok('guid-3', 30));
    await new Promise((r) => setTimeout(r, 1));
    pending.stop!.shift()!.resolve(ok('guid-2', 20));
    await stop;
    const second = session.stopWhisper();
    expect(sentGuids[sentGuids.length - 1]).toBe('stop:guid-3');
    pending.stop!.shift()!.resolve(failure('guid-4', 40)); // a failed answer's Set-GUID counts too
    await second;
    void session.stopWhisper();
    expect(sentGuids[sentGuids.length - 1]).toBe('stop:guid-4');
    pending.stop!.shift()!.resolve(ok(null, 50));
    await vault.flush();
    expect([...store.entries.values()]).toEqual(['guid-4']);
    await session.dispose();
  });

  it('the stop never waits for the keychain, even one that never answers', async () => {
    const { client, pending } = scriptedClient();
    const hanging = { get: () => new Promise<null>(() => undefined), set: () => new Promise<void>(() => undefined), delete: () => new Promise<boolean>(() => undefined) };
    const vault = new GuidVault(hanging, { logger: nullLogger, coalesceMs: 1 });
    const session = new InspectorSession({ client: client as never, vault, logger: nullLogger, gatewayOrigin: 'https://gw:8043', agentId: '101', phoneNumber: '70101' });
    await session.signIn('pw');
    await new Promise((r) => setTimeout(r, 10)); // the keychain write is now stuck
    const stop = session.stopWhisper();
    pending.stop!.shift()!.resolve(ok('guid-2', 20));
    expect(await stop).toMatchObject({ ok: true });
  });
});

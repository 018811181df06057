/** Starts the emulator in a child process and talks to it over the fork IPC channel. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { EmulatorOptions } from '../emulator/index';
import type { HostOperation, HostReady, HostReply, HostRequest } from './emulator-protocol';

export interface EmulatorProcess {
  readonly url: string;
  readonly caPem: string;
  readonly serverFingerprint256: string;
  readonly pid: number;
  call<T = unknown>(op: HostOperation, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/**
 * tsx as a loader so the child runs the TypeScript emulator directly, as the parent does. With
 * `netns`, the child runs inside that network namespace (`ip netns exec`, root only; lossy-stops.ts).
 */
export function forkTypeScript(entry: string, env: Record<string, string>, netns?: string): ChildProcess {
  if (netns !== undefined) {
    return spawn('ip', ['netns', 'exec', netns, process.execPath, '--import', 'tsx', resolve(__dirname, entry)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }
  return fork(resolve(__dirname, entry), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function startEmulatorProcess(options: EmulatorOptions = {}, netns?: string): Promise<EmulatorProcess> {
  const child = forkTypeScript('emulator-host.ts', { BENCH_EMULATOR_OPTIONS: JSON.stringify(options) }, netns);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;

  return new Promise((resolveReady, rejectReady) => {
    child.once('error', rejectReady);
    child.once('exit', (code) => {
      rejectReady(new Error(`emulator process exited early (code ${code})`));
      for (const waiter of pending.values()) waiter.reject(new Error('emulator process exited'));
    });
    child.on('message', (raw) => {
      const message = raw as HostReady | HostReply;
      if ('ready' in message) {
        resolveReady({
          url: message.url,
          caPem: message.caPem,
          serverFingerprint256: message.serverFingerprint256,
          pid: child.pid ?? -1,
          call: <T>(op: HostOperation, ...args: unknown[]) =>
            new Promise<T>((resolveCall, rejectCall) => {
              const request: HostRequest = { id: nextId++, op, args };
              pending.set(request.id, { resolve: resolveCall as (v: unknown) => void, reject: rejectCall });
              child.send(request);
            }),
          close: () =>
            new Promise<void>((resolveClose) => {
              if (child.exitCode !== null) return resolveClose();
              child.once('exit', () => resolveClose());
              child.send({ id: nextId++, op: 'close', args: [] } satisfies HostRequest);
            }),
        });
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
  });
}

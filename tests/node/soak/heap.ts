/**
 * Heap figures after full garbage collections. Uses global.gc when the run has --expose-gc;
 * otherwise turns the flag on at run time and takes gc from a fresh V8 context, which is
 * created after the flag is set and therefore has it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** heapUsed in bytes after several collections with turns of the event loop between them (finalizers, weak refs). */
export async function settledHeapUsed(rounds = 4): Promise<number> {
  const gc = gcFunction();
  for (let i = 0; i < rounds; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gc();
  return process.memoryUsage().heapUsed;
}

export const MiB = 1024 * 1024;

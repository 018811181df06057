/**
 * Order checks instead of wall-clock bounds: a test asks whether one thing settled before another,
 * never how many milliseconds it took (timings belong to `npm run bench`), so a busy machine cannot
 * turn a working feature red.
 */

/** A promise with a flag that says whether it has settled yet ("A was answered while B was still pending"). */
export function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled(): boolean } {
  let done = false;
  const settle = (): void => {
    done = true;
  };
  promise.then(settle, settle);
  return { promise, settled: () => done };
}

/**
 * Whether `promise` settles before a control timer of `controlMs` fires. The test sets the timer far
 * beyond what a working feature needs and well short of what a broken one would take (a long-poll
 * hold, say), so only a broken feature loses the race.
 */
export async function settlesBefore<T>(promise: Promise<T>, controlMs: number): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: NodeJS.Timeout | undefined;
  const control = new Promise<{ settled: false }>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), controlMs);
  });
  try {
    return await Promise.race([promise.then((value) => ({ settled: true as const, value })), control]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until `condition` holds, checking every 10 ms, or fails naming `what` after `timeoutMs`.
 * The timeout only bounds a broken run: a working one is done long before it, on any machine.
 */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

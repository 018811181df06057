/** Idle CPU of a signed-in session, measured in its own process (bench/idle-cpu-worker.ts). */
import type { EmulatorProcess } from './emulator-process';
import { forkTypeScript } from './emulator-process';

export interface IdleCpuReport {
  readonly windowMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  readonly percentOfOneCore: number;
  readonly phaseAtEnd: string;
  readonly rssMiB: number;
  readonly rssStartMiB: number;
  /** Gateway requests (event polls) the session sent during the window, and how many opened a new connection. */
  readonly requestsInWindow: number;
  readonly newConnectionsInWindow: number;
}

export interface IdleCpuResult extends IdleCpuReport {
  readonly pollHoldMs: number;
}

export async function measureIdleCpu(
  emulator: EmulatorProcess,
  options: { windowMs: number; settleMs: number; pollHoldMs: number; agentId: string; phone: string },
): Promise<IdleCpuResult> {
  const child = forkTypeScript('idle-cpu-worker.ts', {
    BENCH_IDLE_INPUT: JSON.stringify({ url: emulator.url, caPem: emulator.caPem, agentId: options.agentId, phone: options.phone, windowMs: options.windowMs, settleMs: options.settleMs }),
  });
  try {
    const report = await new Promise<IdleCpuReport>((resolve, reject) => {
      child.once('message', (message) => resolve(message as IdleCpuReport));
      child.once('exit', (code) => reject(new Error(`idle CPU worker exited with code ${code} before reporting`)));
    });
    return { ...report, pollHoldMs: options.pollHoldMs };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { upgradeRequestPath, watchUpgradeRequest } from '@main/updates/upgrade-request';
import { until } from '@support/until';

/**
 * An installer asks every running instance to quit (a file next to the machine policy); each quits
 * when its inspector is not monitoring, waits mid-whisper, and stays when the request is withdrawn.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instance(monitoring: boolean) {
  const dir = await mkdtemp(path.join(tmpdir(), 'wc-upgrade-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = upgradeRequestPath(path.join(dir, 'policy.json'));
  let watching = monitoring;
  let quits = 0;
  const listeners = new Set<() => void>();
  const sink = memoryLogSink();
  const stop = watchUpgradeRequest({
    file,
    monitoring: () => watching,
    onMonitoringChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quit: () => (quits += 1),
    logger: createLogger(sink),
    intervalMs: 20,
  });
  cleanups.push(stop);
  return {
    file,
    sink,
    quits: () => quits,
    setMonitoring(value: boolean) {
      watching = value;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('an installer’s request to quit', () => {
  it('is next to the machine policy', () => {
    expect(upgradeRequestPath('C:\\ProgramData\\WhisperControl\\policy.json'.replace(/\\/g, '/'))).toBe('C:/ProgramData/WhisperControl/quit-for-upgrade');
  });

  it('quits at once when nobody is monitored', async () => {
    const app = await instance(false);
    await writeFile(app.file, '');
    await until('the quit', () => app.quits() === 1);
    expect(app.sink.lines.some((line) => line.includes('quitting for an upgrade'))).toBe(true);
  });

  it('never quits mid-whisper: waits, then quits once the monitoring ends', async () => {
    const app = await instance(true);
    await writeFile(app.file, '');
    await until('the request seen', () => app.sink.lines.some((line) => line.includes('upgrade requested')));
    app.setMonitoring(true);
    expect(app.quits()).toBe(0);
    app.setMonitoring(false);
    expect(app.quits()).toBe(1);
    app.setMonitoring(false);
    expect(app.quits()).toBe(1);
  });

  it('stays when the installer withdraws the request before the whisper ends', async () => {
    const app = await instance(true);
    await writeFile(app.file, '');
    await until('the request seen', () => app.sink.lines.some((line) => line.includes('upgrade requested')));
    await unlink(app.file);
    // The next look finds it gone; then the end of the whisper quits nothing.
    await until('the request withdrawn', () => app.sink.lines.some((line) => line.includes('upgrade request withdrawn')));
    app.setMonitoring(false);
    expect(app.quits()).toBe(0);
  });
});

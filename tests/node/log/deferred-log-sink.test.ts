import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { afterAll, describe, expect, it } from 'vitest';
import { deferredLogSink } from '@main/log/deferred-log-sink';
import { electronLogSink } from '@main/log/electron-log-sink';
import { createLogger, memoryLogSink, type LogLevel } from '@main/log/logger';

const dir = mkdtempSync(join(tmpdir(), 'wc-deferred-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let instances = 0;
/** The app's composition: createLogger → deferredLogSink → electron-log writing a real file. */
function fileLogger(format = '[{level}] {text}') {
  const file = join(dir, `main-${(instances += 1)}.log`);
  const log = electronLog.create({ logId: `deferred-test-${instances}` });
  log.transports.console.level = false;
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.level = 'debug';
  log.transports.file.format = format;
  const sink = deferredLogSink(electronLogSink(log));
  const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return { logger: createLogger(sink), sink, read };
}

describe('deferredLogSink', () => {
  it('hands lines over after the current turn, in order, redacted', async () => {
    const { logger, read } = fileLogger();
    logger.info('requestStopWhisperAgent', { agentId: '101', retcode: '0', guid: 'secret-guid' });
    logger.warn('second');
    logger.error('third');
    expect(read()).toBe('');

    await nextTurn();
    const lines = read().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[info\] +requestStopWhisperAgent agentId=101 retcode=0 guid=\[redacted\]$/);
    expect(lines[1]).toMatch(/^\[warn\] +second$/);
    expect(lines[2]).toMatch(/^\[error\] +third$/);
    expect(read()).not.toContain('secret-guid');
  });

  it('formats and redacts when writing, with the fields as they were when logged', async () => {
    const memory = memoryLogSink();
    const logger = createLogger(deferredLogSink(memory));
    const fields: Record<string, string> = { agentId: '101', note: 'session 279fe21d-2caa-4437-84c3-ab9e9dae20f5 ok' };
    logger.warn('requestStopWhisperAgent', fields);
    fields.agentId = '999';
    fields.password = 'Inspect0r!';
    expect(memory.lines).toEqual([]);
    await nextTurn();
    expect(memory.lines).toEqual(['warn requestStopWhisperAgent agentId=101 note="session [redacted] ok"']);
  });

  it('flush() writes a line logged just before quitting into the file at once', () => {
    const { logger, read } = fileLogger();
    logger.info('tray quit requested', { agentId: '101' });
    // The quit path (main/electron/lifecycle.ts) calls logger.flush() right before app.quit().
    logger.flush?.();
    expect(read()).toMatch(/^\[info\] +tray quit requested agentId=101$/m);
    logger.info('after the flush');
    logger.flush?.();
    expect(read().trimEnd().split('\n')).toHaveLength(2);
  });

  it('keeps the time the line was logged, not the time it was written', async () => {
    const { logger, read } = fileLogger('{y}-{m}-{d} {h}:{i}:{s}.{ms} {text}');
    const loggedAt = Date.now();
    logger.info('timed line');
    const returnedAt = Date.now();
    const busyUntil = returnedAt + 30;
    while (Date.now() < busyUntil) {
      // Hold the turn so the write happens well after the line was logged.
    }
    await nextTurn();
    const stamp = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) timed line$/m.exec(read());
    expect(stamp).not.toBeNull();
    const [, y, mo, d, h, mi, s, ms] = (stamp as RegExpExecArray).map(Number);
    const written = new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime();
    // Stamped between the call and its return; the write came only after busyUntil.
    expect(written).toBeGreaterThanOrEqual(loggedAt - 1);
    expect(written).toBeLessThanOrEqual(returnedAt + 1);
  });

  it('a failing target loses only its own line, not the rest of the queue', async () => {
    const seen: string[] = [];
    const sink = deferredLogSink({
      write(level: LogLevel, line: string) {
        if (line === 'boom') throw new Error('disk gone');
        seen.push(`${level} ${line}`);
      },
    });
    sink.write('info', 'one');
    sink.write('error', 'boom');
    sink.write('warn', 'two');
    await nextTurn();
    expect(seen).toEqual(['info one', 'warn two']);
  });

  it('a line the target logs while being written goes to the next turn, not into a loop', async () => {
    const memory = memoryLogSink();
    let echo = true;
    const sink = deferredLogSink({
      write(level, line) {
        memory.write(level, line);
        if (echo) {
          echo = false;
          sink.write('debug', 'echo');
        }
      },
    });
    sink.write('info', 'first');
    await nextTurn();
    expect(memory.lines).toEqual(['info first']);
    await nextTurn();
    expect(memory.lines).toEqual(['info first', 'debug echo']);
  });

  it.each(['exit', 'throw'])('a line logged right before the process ends (%s) still reaches the file', (how) => {
    const file = join(dir, `child-${how}.log`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'log-then-exit.ts'), file, how], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status, child.stderr).toBe(how === 'exit' ? 0 : 1);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^\\[info\\] +last words before exit agentId=101 how=${how}$`, 'm'));
  });
});

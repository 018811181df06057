import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RotatingLogFile } from '@main/audit/rotating-log-file';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wc-rotating-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('RotatingLogFile', () => {
  it('reads every line in order while appends keep rotating the files (a read never straddles a rotation)', async () => {
    const dir = await tempDir();
    // Small files and nothing deleted: every append of a few lines rotates, and every line stays somewhere.
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 60, keep: 2, mayDelete: async () => false });
    let written = 0;
    for (let round = 0; round < 10; round += 1) {
      for (let i = 0; i < 3; i += 1) file.append(`line-${String((written += 1)).padStart(4, '0')}`);
      const before = written;
      let reading = true;
      const read = file.readAllLines().finally(() => (reading = false));
      // Appends made, a turn apart, while the read is under way rotate the files the read walks through.
      for (let turns = 0; reading && turns < 20; turns += 1) {
        file.append(`line-${String((written += 1)).padStart(4, '0')}`);
        await nextTurn();
      }
      const seen = await read;
      const expected = Array.from({ length: before }, (_, n) => `line-${String(n + 1).padStart(4, '0')}`);
      expect(seen.slice(0, before)).toEqual(expected);
    }
    await file.flush();
  });

  it('starts no file work in the turn that appends (the action result goes first), then writes in order', async () => {
    const dir = await tempDir();
    const file = new RotatingLogFile({ dir: path.join(dir, 'nested'), baseName: 'audit', maxBytes: 10_000, keep: 3 });
    const open = vi.spyOn(fs, 'open');
    const mkdir = vi.spyOn(fs, 'mkdir');
    file.append('one');
    file.append(() => 'two');
    await Promise.resolve();
    expect(open).not.toHaveBeenCalled();
    expect(mkdir).not.toHaveBeenCalled();
    await file.drain();
    expect(lines(file.currentPath)).toEqual(['one', 'two']);
    await file.flush();
  });

  it('creates the folder and opens the file once for appends in many turns, with owner-only permissions', async () => {
    const dir = await tempDir();
    const file = new RotatingLogFile({ dir: path.join(dir, 'nested'), baseName: 'audit', maxBytes: 10_000, keep: 3 });
    const open = vi.spyOn(fs, 'open');
    const mkdir = vi.spyOn(fs, 'mkdir');
    for (let i = 0; i < 10; i += 1) {
      file.append(`line ${i}`);
      await file.drain();
    }
    expect(open).toHaveBeenCalledTimes(1);
    expect(mkdir).toHaveBeenCalledTimes(1);
    await file.flush();
    expect(lines(file.currentPath)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
    if (process.platform !== 'win32') expect(statSync(file.currentPath).mode & 0o777).toBe(0o600);
  });

  it('flush() writes what is queued and closes; a later append opens the file again and keeps the order', async () => {
    const dir = await tempDir();
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 10_000, keep: 3 });
    file.append('before flush');
    await file.flush();
    expect(lines(file.currentPath)).toEqual(['before flush']);
    file.append('after flush');
    file.append('and another');
    await file.flush();
    expect(lines(file.currentPath)).toEqual(['before flush', 'after flush', 'and another']);
  });

  it('rotates per line across turns, keeping the size in memory (continues an existing file by its size)', async () => {
    const dir = await tempDir();
    const first = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 100, keep: 2 });
    first.append('x'.repeat(59));
    await first.flush();
    // A new instance (next app start) continues the file: 60 bytes there, so a 60-byte line rotates first.
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 100, keep: 2 });
    for (let i = 0; i < 7; i += 1) {
      file.append(`${i}`.repeat(59));
      await file.drain();
      await nextTurn();
    }
    await file.flush();
    expect(readdirSync(dir).sort()).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    expect(lines(file.pathOf(2))).toEqual(['4'.repeat(59)]);
    expect(lines(file.pathOf(1))).toEqual(['5'.repeat(59)]);
    expect(lines(file.currentPath)).toEqual(['6'.repeat(59)]);
  });

  it('creates the folder again when it was removed while the app ran', async () => {
    const dir = path.join(await tempDir(), 'user-data');
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 10_000, keep: 3 });
    file.append('first');
    await file.flush();
    await rm(dir, { recursive: true, force: true });
    file.append('second');
    await file.flush();
    expect(lines(file.currentPath)).toEqual(['second']);
  });

  it('reports a failed write to the appender and recovers on the next append', async () => {
    const dir = await tempDir();
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 10_000, keep: 3 });
    const open = vi.spyOn(fs, 'open').mockRejectedValueOnce(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    const failures: unknown[] = [];
    file.append('lost', (error) => failures.push(error));
    await file.drain();
    expect(failures).toMatchObject([{ code: 'ENOSPC' }]);
    file.append('kept', (error) => failures.push(error));
    await file.flush();
    expect(failures).toHaveLength(1);
    expect(open).toHaveBeenCalledTimes(2);
    expect(lines(file.currentPath)).toEqual(['kept']);
  });

  it('ends a line cut short by a killed process before appending, so the next line stays whole', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'audit.jsonl'), 'whole\n{"id":"cut sho');
    const file = new RotatingLogFile({ dir, baseName: 'audit', maxBytes: 10_000, keep: 3 });
    file.append('next');
    await file.flush();
    expect(lines(file.currentPath)).toEqual(['whole', '{"id":"cut sho', 'next']);
  });

  it('keeps rotated files past `keep` while mayDelete refuses, and deletes them oldest first once it agrees', async () => {
    const dir = await tempDir();
    let allow = false;
    const asked: string[] = [];
    const file = new RotatingLogFile({
      dir,
      baseName: 'audit',
      maxBytes: 100,
      keep: 2,
      mayDelete: async (candidate) => {
        asked.push(path.basename(candidate));
        return allow;
      },
    });
    for (let i = 0; i < 6; i += 1) {
      file.append(`${i}`.repeat(59));
      await file.drain();
    }
    await file.flush();
    // Nothing deleted: six lines in six files, oldest first.
    expect(readdirSync(dir).sort()).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.3.jsonl', 'audit.4.jsonl', 'audit.5.jsonl', 'audit.jsonl']);
    expect(await file.readAllLines()).toEqual(Array.from({ length: 6 }, (_, i) => `${i}`.repeat(59)));
    expect(asked.at(-1)).toBe('audit.4.jsonl');
    allow = true;
    file.append('6'.repeat(59));
    await file.flush();
    expect(readdirSync(dir).sort()).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    expect(await file.readAllLines()).toEqual(['4'.repeat(59), '5'.repeat(59), '6'.repeat(59)]);
  });
});

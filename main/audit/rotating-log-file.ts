/**
 * An append-only text file rotated by size: `name.jsonl` is current, then
 * `name.1.jsonl` (newest rotated) … `name.<keep>.jsonl` (oldest kept).
 *
 * Appends are queued and written by one writer, so lines never interleave and rotation
 * never races. The writer starts after the current turn of the event loop (setImmediate):
 * the line is usually appended in the same turn that produces an action's result, and
 * the file work must not delay that result. For the
 * same reason the folder is created once, the size is kept in memory, and the file stays
 * open between appends (one write per batch instead of mkdir + stat + open + write + close
 * per line). `flush()` writes what is queued and closes the file, so a flushed file is
 * complete on disk and not held open; the next append opens it again.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface RotatingLogFileOptions {
  readonly dir: string;
  /** File name without extension, e.g. 'audit'. */
  readonly baseName: string;
  readonly maxBytes: number;
  /** How many rotated files to keep besides the current one. */
  readonly keep: number;
  /**
   * Asked before a rotated file beyond `keep` is deleted (oldest first); false keeps it and every
   * newer one. The audit forwarder answers false for a file that still holds unsent records, so
   * rotation never deletes what the site's collector has not had (docs/reliability.md).
   */
  readonly mayDelete?: (file: string) => Promise<boolean>;
}

/** Lines appended in one turn: written together; a failure is reported to each line's appender. */
interface Batch {
  readonly lines: (string | (() => string))[];
  readonly onFailure: ((error: unknown) => void)[];
}

export class RotatingLogFile {
  private readonly options: RotatingLogFileOptions;
  /** The writer's chain: every batch, rotation and close runs after the previous one settled. */
  private queue: Promise<void> = Promise.resolve();
  /** Lines appended since the writer last started; handed over after the current turn. */
  private next: Batch | null = null;
  private nextStart: ReturnType<typeof setImmediate> | null = null;
  private handle: FileHandle | null = null;
  /** Bytes in the current file; read once when the file is opened. */
  private size = 0;
  private dirCreated = false;

  constructor(options: RotatingLogFileOptions) {
    this.options = options;
  }

  get currentPath(): string {
    return this.pathOf(0);
  }

  /**
   * Oldest first: the rotated files from the highest number down, then the current file. Usually
   * `keep` rotated files, more while `mayDelete` holds older ones back.
   */
  async allPaths(): Promise<string[]> {
    const highest = Math.max(this.options.keep, await this.highestRotatedIndex());
    const paths: string[] = [];
    for (let index = highest; index >= 0; index -= 1) paths.push(this.pathOf(index));
    return paths;
  }

  /** Bytes in every kept file (the spool the forwarder reports against its ceiling). */
  async totalBytes(): Promise<number> {
    let total = 0;
    for (const file of await this.allPaths()) {
      total += await fs.stat(file).then(
        (stat) => stat.size,
        () => 0,
      );
    }
    return total;
  }

  pathOf(index: number): string {
    const { dir, baseName } = this.options;
    return path.join(dir, index === 0 ? `${baseName}.jsonl` : `${baseName}.${index}.jsonl`);
  }

  /**
   * Queues one line (a newline is added) and returns at once; `onFailure` hears if it could not
   * be written. A function is called by the writer for the text, which keeps building the line
   * (e.g. JSON.stringify) out of the caller's turn as well. No promise per line: the append
   * sits on the stop path.
   */
  append(line: string | (() => string), onFailure?: (error: unknown) => void): void {
    if (this.next === null) {
      this.next = { lines: [], onFailure: [] };
      this.nextStart = setImmediate(() => this.startNext());
    }
    this.next.lines.push(line);
    if (onFailure) this.next.onFailure.push(onFailure);
  }

  /** Resolves when every line appended so far has been written or reported as failed; the file stays open. */
  drain(): Promise<void> {
    this.startNext();
    return this.queue;
  }

  /** Writes every line appended so far and closes the file; never rejects (append reports failures). */
  flush(): Promise<void> {
    this.startNext();
    this.queue = this.queue.then(() => this.close()).catch(() => undefined);
    return this.queue;
  }

  /**
   * Lines of every kept file, oldest first. The read takes its turn in the writer's queue, so no
   * rotation renames a file between two of its reads (which would skip a file's records).
   */
  readAllLines(): Promise<string[]> {
    this.startNext();
    const read = this.queue.then(() => this.close()).catch(() => undefined).then(() => this.readKeptFiles());
    this.queue = read.then(
      () => undefined,
      () => undefined,
    );
    return read;
  }

  private async readKeptFiles(): Promise<string[]> {
    const lines: string[] = [];
    for (const file of await this.allPaths()) {
      const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      for (const line of text.split('\n')) if (line !== '') lines.push(line);
    }
    return lines;
  }

  private startNext(): void {
    if (this.nextStart !== null) clearImmediate(this.nextStart);
    this.nextStart = null;
    const batch = this.next;
    if (batch === null) return;
    this.next = null;
    this.queue = this.queue
      .then(() => this.write(batch.lines))
      .catch((error: unknown) => {
        for (const report of batch.onFailure) report(error);
      });
  }

  private async write(lines: readonly (string | (() => string))[]): Promise<void> {
    try {
      if (this.handle === null) await this.open();
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const text = `${typeof line === 'string' ? line : line()}\n`;
        const bytes = Buffer.byteLength(text);
        // Per line, as if appended one by one: a file never exceeds maxBytes unless one line does.
        const size = this.size + chunkBytes;
        if (size > 0 && size + bytes > this.options.maxBytes) {
          await this.writeChunk(chunk, chunkBytes);
          chunk = '';
          chunkBytes = 0;
          await this.rotate();
        }
        chunk += text;
        chunkBytes += bytes;
      }
      await this.writeChunk(chunk, chunkBytes);
    } catch (error) {
      // Start afresh on the next batch (reopen, re-read the size) rather than keep a handle in an unknown state.
      await this.close().catch(() => undefined);
      throw error;
    }
  }

  private async writeChunk(chunk: string, bytes: number): Promise<void> {
    if (bytes === 0 || this.handle === null) return;
    const buffer = Buffer.from(chunk, 'utf8');
    for (let offset = 0; offset < buffer.length; ) offset += (await this.handle.write(buffer, offset)).bytesWritten;
    this.size += bytes;
  }

  private async open(): Promise<void> {
    if (!this.dirCreated) {
      await fs.mkdir(this.options.dir, { recursive: true });
      this.dirCreated = true;
    }
    let handle: FileHandle;
    try {
      handle = await fs.open(this.currentPath, 'a+', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The folder was removed while the app ran: create it again.
      await fs.mkdir(this.options.dir, { recursive: true });
      handle = await fs.open(this.currentPath, 'a+', 0o600);
    }
    this.handle = handle;
    this.size = (await handle.stat()).size;
    if (this.size > 0) await this.endPartialLine(handle);
  }

  /**
   * A process killed in the middle of a write can leave a last line without its newline; the
   * next line would be glued to it and both lost. End that fragment first (readers skip it).
   */
  private async endPartialLine(handle: FileHandle): Promise<void> {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, this.size - 1);
    if (last[0] === 0x0a) return;
    await handle.write('\n');
    this.size += 1;
  }

  /** The highest N of an existing `name.N.jsonl` (0 when there is none). */
  private async highestRotatedIndex(): Promise<number> {
    const { dir, baseName } = this.options;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let highest = 0;
    const prefix = `${baseName}.`;
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.jsonl')) continue;
      const middle = name.slice(prefix.length, -'.jsonl'.length);
      if (/^[1-9][0-9]{0,5}$/.test(middle)) highest = Math.max(highest, Number(middle));
    }
    return highest;
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async rotate(): Promise<void> {
    await this.close();
    // Files past `keep` are deleted oldest first, only while `mayDelete` agrees; the rest shift up.
    let top = Math.max(this.options.keep, await this.highestRotatedIndex());
    const mayDelete = this.options.mayDelete ?? (async () => true);
    while (top >= this.options.keep && (await mayDelete(this.pathOf(top)))) {
      await fs.rm(this.pathOf(top), { force: true });
      top -= 1;
    }
    for (let index = top; index >= 0; index -= 1) {
      await fs.rename(this.pathOf(index), this.pathOf(index + 1)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await this.open();
  }
}

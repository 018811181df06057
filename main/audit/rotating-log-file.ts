/**
 * An append-only text file rotated by size: `name.jsonl` is current, then
 * `name.1.jsonl` (newest rotated) … `name.<keep>.jsonl` (oldest kept).
 * Appends are serialised so lines never interleave and rotation never races.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface RotatingLogFileOptions {
  readonly dir: string;
  /** File name without extension, e.g. 'audit'. */
  readonly baseName: string;
  readonly maxBytes: number;
  /** How many rotated files to keep besides the current one. */
  readonly keep: number;
}

export class RotatingLogFile {
  private readonly options: RotatingLogFileOptions;
  private size: number | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RotatingLogFileOptions) {
    this.options = options;
  }

  get currentPath(): string {
    return this.pathOf(0);
  }

  /** Oldest first: the rotated files from the highest number down, then the current file. */
  get allPaths(): string[] {
    const paths: string[] = [];
    for (let index = this.options.keep; index >= 0; index -= 1) paths.push(this.pathOf(index));
    return paths;
  }

  pathOf(index: number): string {
    const { dir, baseName } = this.options;
    return path.join(dir, index === 0 ? `${baseName}.jsonl` : `${baseName}.${index}.jsonl`);
  }

  /** Appends one line (a newline is added); resolves when it is on disk. */
  append(line: string): Promise<void> {
    const next = this.queue.then(() => this.write(`${line}\n`));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every append queued so far has settled. */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Lines of every kept file, oldest first. */
  async readAllLines(): Promise<string[]> {
    await this.flush();
    const lines: string[] = [];
    for (const file of this.allPaths) {
      const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      for (const line of text.split('\n')) if (line !== '') lines.push(line);
    }
    return lines;
  }

  private async write(text: string): Promise<void> {
    await fs.mkdir(this.options.dir, { recursive: true });
    if (this.size === null) {
      this.size = await fs.stat(this.currentPath).then((s) => s.size, () => 0);
    }
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) await this.rotate();
    await fs.appendFile(this.currentPath, text, { encoding: 'utf8', mode: 0o600 });
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    await fs.rm(this.pathOf(this.options.keep), { force: true });
    for (let index = this.options.keep - 1; index >= 0; index -= 1) {
      await fs.rename(this.pathOf(index), this.pathOf(index + 1)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    this.size = 0;
  }
}

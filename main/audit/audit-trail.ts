/**
 * The audit trail of inspector actions: one JSON line per action in the
 * user-data folder (rotated by size), the last entries kept in memory for the
 * panel's history, and a CSV export of everything still kept.
 * Writing never blocks or fails an action: errors are logged and the action's
 * result stands.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActionResult, HistoryEntry } from '../../app/ipc-contract';
import type { Trigger } from '../../app/whisper';
import type { Logger } from '../log/logger';
import { auditRecordFrom, historyEntryFor, historyEntryOf, parseAuditLine, type AuditRecord } from './audit-record';
import { toCsv } from './csv';
import { RotatingLogFile } from './rotating-log-file';

export const AUDIT_HISTORY_LENGTH = 20;

/**
 * 128 random bits in hex: unique across every workstation of a site, so a collector can
 * de-duplicate on it alone. Not UUID-shaped, so it is never mistaken for a gateway Guid.
 */
function newRecordId(): string {
  return randomBytes(16).toString('hex');
}
export const AUDIT_MAX_BYTES = 1024 * 1024;
export const AUDIT_KEEP_ROTATED = 3;

export interface AuditTrailOptions {
  /** Folder for audit.jsonl and its rotations (the user-data folder). */
  readonly dir: string;
  readonly logger: Logger;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly now?: () => number;
  /** The inspector's work number at the time of an action, written into its record. */
  readonly inspector?: () => string | null;
  /** See RotatingLogFile: the forwarder keeps rotation from deleting unsent records. */
  readonly mayDeleteRotated?: (file: string) => Promise<boolean>;
}

const CSV_HEADER = ['time', 'action', 'trigger', 'target', 'ok', 'retcode', 'failure', 'durationMs', 'retriedWithoutTarget'];

export class AuditTrail {
  private readonly file: RotatingLogFile;
  private readonly logger: Logger;
  private readonly now: () => number;
  private recent: HistoryEntry[] = [];
  private readonly inspector: () => string | null;
  private readonly listeners = new Set<(history: readonly HistoryEntry[]) => void>();
  private readonly recordListeners = new Set<() => void>();
  private mayDeleteRotated: ((file: string) => Promise<boolean>) | null;

  private constructor(options: AuditTrailOptions) {
    this.mayDeleteRotated = options.mayDeleteRotated ?? null;
    this.file = new RotatingLogFile({
      dir: options.dir,
      baseName: 'audit',
      maxBytes: options.maxBytes ?? AUDIT_MAX_BYTES,
      keep: options.keep ?? AUDIT_KEEP_ROTATED,
      mayDelete: (file) => (this.mayDeleteRotated ? this.mayDeleteRotated(file) : Promise.resolve(true)),
    });
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.inspector = options.inspector ?? (() => null);
  }

  /** Opens the trail and loads the most recent entries for the history view. */
  static async open(options: AuditTrailOptions): Promise<AuditTrail> {
    const trail = new AuditTrail(options);
    try {
      const records = (await trail.file.readAllLines()).map(parseAuditLine).filter((r): r is AuditRecord => r !== null);
      trail.recent = records.slice(-AUDIT_HISTORY_LENGTH).map(historyEntryOf);
    } catch (error) {
      options.logger.warn('audit trail could not be read; history starts empty', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
    }
    return trail;
  }

  get filePath(): string {
    return this.file.currentPath;
  }

  history(): readonly HistoryEntry[] {
    return this.recent;
  }

  onChange(listener: (history: readonly HistoryEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told (in the action's turn, before the line is written) that one more record is on its way. */
  onRecord(listener: () => void): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /** Who decides whether rotation may delete a rotated file (the forwarder while it runs). */
  setRotationGuard(guard: ((file: string) => Promise<boolean>) | null): void {
    this.mayDeleteRotated = guard;
  }

  /** Every kept line, oldest first, once everything recorded so far is on disk. */
  readLines(): Promise<string[]> {
    return this.file.readAllLines();
  }

  /** Every kept file, oldest first. */
  files(): Promise<string[]> {
    return this.file.allPaths();
  }

  /** Bytes in every kept file. */
  spoolBytes(): Promise<number> {
    return this.file.totalBytes();
  }

  /**
   * Records one performed action; returns at once. The history updates now; the line is
   * written in order after the current turn (rotating-log-file.ts), so the action's result
   * is handed back before any file work starts.
   */
  record(result: ActionResult, trigger: Trigger): void {
    const entry = historyEntryFor(result, trigger, this.now());
    const failureKind = result.ok ? null : result.failure.kind;
    const retried = result.retriedWithoutTarget === true;
    const inspector = this.inspector();
    // A new array (listeners may keep the old one), made with one copy rather than spread + slice.
    const recent = this.recent.slice(this.recent.length >= AUDIT_HISTORY_LENGTH ? this.recent.length - AUDIT_HISTORY_LENGTH + 1 : 0);
    recent.push(entry);
    this.recent = recent;
    // The line (its ISO time, its JSON) is built by the writer, after the result is handed back,
    // from values taken now.
    this.file.append(
      () => JSON.stringify(auditRecordFrom(entry, failureKind, retried, { id: newRecordId(), inspector })),
      (error) => this.logger.error('audit line could not be written', { code: (error as NodeJS.ErrnoException).code ?? 'unknown', action: entry.action }),
    );
    for (const listener of this.listeners) {
      try {
        listener(this.recent);
      } catch (error) {
        this.logger.error('history listener failed', { error: String(error) });
      }
    }
    for (const listener of this.recordListeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error('record listener failed', { error: String(error) });
      }
    }
  }

  /** Resolves when every recorded line is on disk and the file is closed (dispose, export). */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Every kept record, oldest first, as CSV. */
  async toCsv(): Promise<string> {
    const records = (await this.file.readAllLines()).map(parseAuditLine).filter((r): r is AuditRecord => r !== null);
    return toCsv(
      CSV_HEADER,
      records.map((r) => [r.time, r.action, r.trigger, r.target, r.ok, r.retcode, r.failure, r.durationMs, r.retriedWithoutTarget ?? false]),
    );
  }

  /** Writes the CSV export into `dir` and returns its path. */
  async exportCsv(dir: string): Promise<string> {
    const csv = await this.toCsv();
    await fs.mkdir(dir, { recursive: true });
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `whisper-control-history-${stamp}.csv`);
    await fs.writeFile(file, csv, { encoding: 'utf8', mode: 0o600 });
    return file;
  }
}

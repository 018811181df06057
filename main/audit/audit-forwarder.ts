/**
 * Forwards the audit trail to the site's syslog collector, at least once and in order.
 *
 * The local audit file is the source of truth and the spool: delivery reads the records after
 * the cursor (the last acknowledged record, forwarding-cursor.ts), sends up to a batch of
 * them in one session (syslog-session.ts) and moves the cursor only when the collector
 * acknowledged the whole session. A failed session moves nothing; the next attempt, after a
 * bounded backoff, sends the same records again, so a reader sees duplicates (same record ID)
 * but never a gap. Rotation asks `mayDeleteRotated` and keeps any file with unsent records.
 *
 * Nothing here is on the stop path: `recorded()` only counts and schedules, and `stop()`
 * abandons a session in flight rather than wait for it. docs/reliability.md has the details.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ForwardingStatus } from '../../app/audit-forwarding';
import { notice } from '../../app/i18n/notices';
import type { Logger } from '../log/logger';
import { parseAuditLine, type AuditRecord } from './audit-record';
import { cursorPath, readCursor, writeCursor, type ForwardingCursor } from './forwarding-cursor';
import { collectorEndpoint } from './collector-endpoint';
import { describeForwardingError, type ForwardingFailure } from './forwarding-failure';
import { DEFAULT_FORWARDING_TIMING, type AuditForwarderOptions, type ForwardingSource, type ForwardingTiming } from './forwarding-options';
import { facilityCode, type ForwardingPolicy } from './forwarding-policy';
import { deliver, type RunningSession } from './syslog-session';
import { formatAuditMessage, octetCountedFrame, recordIdOfLine, type SyslogHeader } from './syslog-message';

interface Entry {
  readonly id: string;
  readonly record: AuditRecord;
  /** Index of its line in the trail as read. */
  readonly position: number;
}

type Outcome = 'more' | 'done' | 'failed';

export class AuditForwarder {
  private readonly policy: ForwardingPolicy;
  private readonly source: ForwardingSource;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timing: ForwardingTiming;
  private readonly header: SyslogHeader;
  private readonly cursorFile: string;
  private readonly collector: string;
  private cursor: ForwardingCursor | null = null;
  /** Record ID → position in the trail at the last read; with `ackedPosition`, what rotation may delete. */
  private positions: Map<string, number> | null = null;
  private ackedPosition = -1;
  /** The trail as last read, and the index of its first line not yet sent. */
  private view: { readonly lines: string[]; readonly ids: string[] } | null = null;
  private next = 0;
  /** A record was added since the last read. */
  private stale = true;
  private backlog = 0;
  private spoolBytes = 0;
  private connected = false;
  private state: ForwardingStatus['state'] = 'idle';
  private lastDeliveredAt: number | null = null;
  private lastError: ForwardingStatus['lastError'] = null;
  private failures = 0;
  private nextAttemptAt: number | null = null;
  private overCeiling = false;
  private cursorMissingReported = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private recordedWhileRunning = false;
  private session: RunningSession | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;

  private constructor(options: AuditForwarderOptions) {
    this.policy = options.policy;
    this.source = options.source;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.timing = { ...DEFAULT_FORWARDING_TIMING, ...options.timing };
    this.header = {
      facility: facilityCode(options.policy.facility),
      hostname: options.hostname ?? hostname(),
      appName: options.policy.appName,
      procId: String(process.pid),
    };
    this.cursorFile = cursorPath(options.dir);
    this.collector = `${options.policy.host}:${options.policy.port}`;
    this.source.setRotationGuard((file) => this.mayDeleteRotated(file));
    this.unsubscribe = this.source.onRecord(() => this.recorded());
  }

  /** Reads the cursor and starts delivering whatever is unsent; returns without waiting for it. */
  static async start(options: AuditForwarderOptions): Promise<AuditForwarder> {
    const forwarder = new AuditForwarder(options);
    const loaded = await readCursor(forwarder.cursorFile);
    if (loaded.status === 'ok') {
      forwarder.cursor = loaded.cursor;
      forwarder.lastDeliveredAt = loaded.cursor.deliveredAt;
    }
    if (loaded.status === 'damaged') {
      options.logger.warn('audit forwarding cursor damaged; every kept record is sent again', { problem: loaded.problem });
    }
    options.logger.info('audit forwarding started', { collector: forwarder.collector, transport: options.policy.transport });
    forwarder.schedule(0);
    return forwarder;
  }

  status(): ForwardingStatus {
    const ceiling = this.policy.spoolCeilingMB * 1024 * 1024;
    return {
      configured: true,
      collector: this.collector,
      transport: this.policy.transport,
      facility: String(this.policy.facility),
      appName: this.policy.appName,
      state: this.state,
      connected: this.connected,
      backlog: this.backlog,
      lastDeliveredAt: this.lastDeliveredAt,
      lastDeliveredRecordAt: this.cursor?.recordAt ?? null,
      lastError: this.lastError,
      nextAttemptAt: this.state === 'waiting' ? this.nextAttemptAt : null,
      spoolBytes: this.spoolBytes,
      spoolCeilingBytes: ceiling,
      warning: this.overCeiling
        ? notice('forwarding.overCeiling', {
            megabytes: megabytes(this.spoolBytes),
            ceilingMB: this.policy.spoolCeilingMB,
            backlog: this.backlog,
            collector: this.collector,
          })
        : null,
    };
  }

  /** Stops at once: a session in flight is abandoned (its records are sent again next start). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.session?.abort();
    this.unsubscribe();
    // The rotation guard stays: a rotation while the trail is flushed at quit still keeps unsent records.
  }

  private recorded(): void {
    this.backlog += 1;
    this.stale = true;
    if (this.running) this.recordedWhileRunning = true;
    // While waiting out a backoff the new record waits too; otherwise a short linger gathers neighbours.
    else if (this.timer === null) this.schedule(this.timing.lingerMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.loop();
    }, delayMs);
    this.timer.unref?.();
  }

  private async loop(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.recordedWhileRunning = false;
    let outcome: Outcome;
    try {
      outcome = await this.deliverNext();
    } catch (error) {
      outcome = this.failed(describeForwardingError(error, this.collector, 'connect'));
    }
    this.running = false;
    if (this.stopped) return;
    if (outcome === 'failed') {
      const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffInitialMs * 2 ** Math.min(this.failures - 1, 20));
      const jittered = Math.round(delay * (0.8 + Math.random() * 0.2));
      this.nextAttemptAt = this.now() + jittered;
      this.state = 'waiting';
      this.schedule(jittered);
    } else if (outcome === 'more') {
      this.schedule(0);
    } else if (this.recordedWhileRunning) {
      this.schedule(this.timing.lingerMs);
    } else {
      this.state = 'idle';
    }
  }

  /** Reads the trail and finds the first unsent line (after the cursor's record). */
  private async reread(): Promise<void> {
    this.stale = false;
    const lines = await this.source.readLines();
    // Every line's ID (cheap), so the cursor is found and rotation can be answered; lines are
    // parsed only when a batch takes them.
    const ids = lines.map(recordIdOfLine);
    let start = 0;
    if (this.cursor !== null) {
      const at = ids.lastIndexOf(this.cursor.id);
      if (at >= 0) start = at + 1;
      else if (!this.cursorMissingReported) {
        this.cursorMissingReported = true;
        this.logger.warn('audit forwarding cursor names no kept record; every kept record is sent again', { collector: this.collector });
      }
    }
    this.view = { lines, ids };
    this.positions = new Map(ids.map((id, index) => [id, index]));
    this.next = start;
    this.ackedPosition = start - 1;
    this.backlog = lines.length - start;
  }

  /**
   * One session: the next batch from the trail as last read. The trail is read again only when a
   * record was added since (or at start), so draining a backlog reads it once and parses each line
   * once: time linear in the backlog.
   */
  private async deliverNext(): Promise<Outcome> {
    if (this.stale || this.view === null) await this.reread();
    const { lines, ids } = this.view as { lines: string[]; ids: string[] };
    const batch: Entry[] = [];
    let scanned = this.next;
    let unreadable = 0;
    for (; scanned < lines.length && batch.length < this.timing.batchSize; scanned += 1) {
      const record = parseAuditLine(lines[scanned] as string);
      if (record !== null) batch.push({ id: ids[scanned] as string, record, position: scanned });
      else unreadable += 1;
    }
    await this.checkSpool();
    // (recorded() may have counted a newer record meanwhile; it is read next time.)
    if (batch.length === 0) {
      this.next = scanned;
      this.backlog = Math.max(0, this.backlog - unreadable);
      return 'done';
    }

    const endpoint = await collectorEndpoint(this.policy);
    const frames = batch.map((entry) => octetCountedFrame(formatAuditMessage(entry.record, entry.id, this.header)));
    if (this.stopped) return 'done';
    this.state = 'sending';
    this.session = deliver(endpoint, frames, { idleTimeoutMs: this.timing.idleTimeoutMs, onConnected: () => (this.connected = true) });
    const result = await this.session.result;
    this.session = null;
    // A session abandoned by stop() (quitting) is not the collector's failure: nothing to report.
    if (!result.ok) return this.stopped ? 'done' : this.failed(result.failure);

    const last = batch[batch.length - 1] as Entry;
    const cursor = { id: last.id, recordAt: last.record.at, deliveredAt: this.now() };
    await writeCursor(this.cursorFile, cursor);
    this.cursor = cursor;
    this.ackedPosition = last.position;
    this.next = scanned;
    this.backlog = Math.max(0, this.backlog - batch.length - unreadable);
    this.lastDeliveredAt = cursor.deliveredAt;
    this.lastError = null;
    this.connected = true;
    if (this.failures > 0) this.logger.info('audit forwarding recovered', { collector: this.collector, backlog: this.backlog });
    this.failures = 0;
    return scanned < lines.length ? 'more' : 'done';
  }

  private failed(failure: ForwardingFailure): Outcome {
    this.connected = false;
    this.failures += 1;
    const repeated = this.lastError?.code === failure.code && this.failures > 1;
    this.lastError = { at: this.now(), code: failure.code, message: failure.message };
    // Every new reason is logged; the same one again only now and then, so an outage does not flood the log.
    if (!repeated || (this.failures & (this.failures - 1)) === 0) {
      this.logger.warn('audit forwarding failed', { collector: this.collector, reason: failure.reason, code: failure.code, attempts: this.failures, backlog: this.backlog });
    }
    return 'failed';
  }

  private async checkSpool(): Promise<void> {
    this.spoolBytes = await this.source.spoolBytes();
    const over = this.backlog > 0 && this.spoolBytes > this.policy.spoolCeilingMB * 1024 * 1024;
    if (over && !this.overCeiling) {
      this.logger.warn('audit trail over its ceiling; unsent records are kept', { bytes: this.spoolBytes, ceilingMB: this.policy.spoolCeilingMB, backlog: this.backlog });
    }
    this.overCeiling = over;
  }

  /** A rotated file may go when its newest record is at or before the cursor. */
  private async mayDeleteRotated(file: string): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT';
    }
    const lines = text.split('\n');
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      const line = lines[index] as string;
      if (line === '') continue;
      const position = this.positions?.get(recordIdOfLine(line));
      return position !== undefined && position <= this.ackedPosition;
    }
    return true;
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

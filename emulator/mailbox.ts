/**
 * One signed-in agent's pending events and the long-polls waiting for them (protocol §3:
 * the gateway holds a poll while nothing is queued and answers at once when an event exists).
 */
export interface QueuedEvent {
  eventType: string;
  workNo: string;
  content: unknown;
  /** 2025 Chinese examples carry it beside eventType (epoch ms). */
  eventGenTime: number;
}

export type Wake = { kind: 'event'; event: QueuedEvent } | { kind: 'timeout' } | { kind: 'ended' };

export interface PendingWait {
  wake: Promise<Wake>;
  /** The poll went away (client closed it): leave any later event queued for the next poll. */
  cancel(): void;
}

/** A bound so a session nobody polls (a simulated desk client) cannot grow without limit. */
const MAX_QUEUED = 1000;

export class Mailbox {
  private readonly queue: QueuedEvent[] = [];
  private readonly waiters: Array<(wake: Wake) => void> = [];
  private ended = false;

  push(event: QueuedEvent): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter({ kind: 'event', event });
      return;
    }
    this.queue.push(event);
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
  }

  /** An event handed to a poll whose client had already gone goes back to the front. */
  putBack(event: QueuedEvent): void {
    if (!this.ended) this.queue.unshift(event);
  }

  take(): QueuedEvent | undefined {
    return this.queue.shift();
  }

  /** Waits up to holdMs for the next event; one event per waiter, first come first served. */
  wait(holdMs: number): PendingWait {
    if (this.ended) return { wake: Promise.resolve({ kind: 'ended' }), cancel: () => undefined };
    let settle: (wake: Wake) => void = () => undefined;
    const wake = new Promise<Wake>((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, holdMs));
      const finish = (w: Wake): void => {
        clearTimeout(timer);
        const at = this.waiters.indexOf(finish);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(w);
      };
      settle = finish;
      this.waiters.push(finish);
    });
    return { wake, cancel: () => settle({ kind: 'timeout' }) };
  }

  /** The session is over: every held poll is answered now. */
  end(): void {
    this.ended = true;
    this.queue.length = 0;
    for (const waiter of this.waiters.splice(0)) waiter({ kind: 'ended' });
  }
}

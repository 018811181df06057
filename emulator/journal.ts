import type { IncomingHttpHeaders } from 'node:http';
import type { JournalEntry } from './types';

/** Every request as it arrived, so tests can assert the exact bytes a client put on the wire. */
export class Journal {
  readonly entries: JournalEntry[] = [];

  record(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: string): void {
    const flatHeaders: Record<string, string> = {};
    // Node already lower-cases header names; repeated headers are kept, joined, rather than lost.
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) flatHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.entries.push({ at: Date.now(), method, path, query: Object.fromEntries(query), headers: flatHeaders, body });
  }

  clear(): void {
    // In place: callers hold the array itself (Emulator.journal).
    this.entries.length = 0;
  }
}

/**
 * The forwarding cursor: the ID of the last audit record the collector acknowledged
 * (syslog-session.ts says what that means), kept in the user-data folder next to the trail.
 * Written atomically (temp file, fsync, rename) after every acknowledged session, so after a
 * crash or kill -9 it names a record that really was acknowledged, or an earlier one: the
 * forwarder then re-sends from there (at-least-once; the record ID marks the duplicates).
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RECORD_ID } from './audit-record';

export const CURSOR_FILE = 'audit-forwarding-cursor.json';

const cursorSchema = z.strictObject({
  /** The last acknowledged record's ID. */
  id: z.string().regex(RECORD_ID),
  /** That record's time (epoch ms), for people reading the file. */
  recordAt: z.number().finite().nonnegative(),
  /** When the collector acknowledged it (epoch ms). */
  deliveredAt: z.number().finite().nonnegative(),
});

export type ForwardingCursor = z.infer<typeof cursorSchema>;

export type CursorLoad = { readonly status: 'ok'; readonly cursor: ForwardingCursor } | { readonly status: 'none' } | { readonly status: 'damaged'; readonly problem: string };

export function cursorPath(dir: string): string {
  return path.join(dir, CURSOR_FILE);
}

export async function readCursor(file: string): Promise<CursorLoad> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'none' };
    return { status: 'damaged', problem: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(text));
    return parsed.success ? { status: 'ok', cursor: parsed.data } : { status: 'damaged', problem: 'not a cursor' };
  } catch {
    return { status: 'damaged', problem: 'not JSON' };
  }
}

export async function writeCursor(file: string, cursor: ForwardingCursor): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(cursor)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

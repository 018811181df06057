/**
 * The app's audit side in a process of its own, for the kill -9 test: the real AuditTrail and
 * AuditForwarder on a user-data folder, recording numbered stop actions (target = 10000 + n)
 * at a steady pace until `total` exist, while the forwarder delivers them.
 * A restarted child continues numbering after the newest record on disk.
 *
 *   node --import tsx audit-forwarding-child.ts <dir> <policy.json> <total> <perTick>
 *
 * Prints one JSON line of progress every 50 ms: { recorded, backlog, state, connected, files }.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ActionResult } from '@app/ipc-contract';
import { AuditForwarder } from '@main/audit/audit-forwarder';
import { parseAuditLine } from '@main/audit/audit-record';
import { AuditTrail } from '@main/audit/audit-trail';
import { forwardingPolicySchema } from '@main/audit/forwarding-policy';
import { nullLogger } from '@main/log/logger';

const [dir = '', policyFile = '', totalText = '10000', perTickText = '25'] = process.argv.slice(2);
const total = Number(totalText);
const perTick = Number(perTickText);
const FIRST_TARGET = 10_000;

function stop(n: number): ActionResult {
  return { ok: true, action: 'stop', target: String(FIRST_TARGET + n), retcode: '0', gatewayMessage: 'ok', durationMs: 10 + (n % 50) };
}

async function main(): Promise<void> {
  const policy = forwardingPolicySchema.parse(JSON.parse(readFileSync(policyFile, 'utf8')));
  const trail = await AuditTrail.open({ dir, logger: nullLogger, maxBytes: 256 * 1024, keep: 2, inspector: () => '101' });
  let next = 0;
  for (const line of await trail.readLines()) {
    const record = parseAuditLine(line);
    if (record?.target) next = Math.max(next, Number(record.target) - FIRST_TARGET + 1);
  }
  const forwarder = await AuditForwarder.start({
    policy,
    source: trail,
    dir,
    logger: nullLogger,
    timing: { lingerMs: 20, batchSize: 500, backoffInitialMs: 100, backoffMaxMs: 800, idleTimeoutMs: 5000 },
  });
  const report = () => {
    const status = forwarder.status();
    const files = readdirSync(dir).filter((name) => name.startsWith('audit') && name.endsWith('.jsonl')).length;
    process.stdout.write(`${JSON.stringify({ recorded: next, backlog: status.backlog, state: status.state, connected: status.connected, files })}\n`);
  };
  const reporter = setInterval(report, 50);
  const recorder = setInterval(() => {
    for (let i = 0; i < perTick && next < total; i += 1) trail.record(stop(next++), 'tray');
    if (next >= total) clearInterval(recorder);
  }, 10);
  // Bounded: the test kills or waits for this process; it never outlives two minutes.
  setTimeout(() => {
    clearInterval(reporter);
    forwarder.stop();
    void trail.flush().then(() => process.exit(3));
  }, 120_000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});

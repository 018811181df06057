/**
 * Audit forwarding against a real collector: Debian's rsyslogd with its TLS driver, started by
 * the test on 127.0.0.1 with a throwaway CA (tests/support/rsyslog-collector.ts).
 * Skips, saying why, where rsyslogd is not installed (.ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { generateTestPki, type TestPki } from '@emulator/pki';
import { AuditForwarder } from '@main/audit/audit-forwarder';
import { AuditTrail } from '@main/audit/audit-trail';
import { cursorPath, readCursor } from '@main/audit/forwarding-cursor';
import { recordIdOfLine } from '@main/audit/syslog-message';
import { forwardingPolicySchema, type ForwardingPolicy } from '@main/audit/forwarding-policy';
import type { ForwardingTiming } from '@main/audit/forwarding-options';
import { createLogger, memoryLogSink, nullLogger, type Logger } from '@main/log/logger';
import { PANEL_SENDER, startHarness } from '../ipc/harness';
import { createRsyslogCollector, rsyslogMissing, type ReceivedMessage, type RsyslogCollector } from '@support/rsyslog-collector';
import { recordFigures } from '@support/figures';
import { until } from '@support/until';

const missing = rsyslogMissing();
if (missing) console.warn(`audit forwarding tests against rsyslog skipped: ${missing}`);

const FIRST_TARGET = 10_000;
const TOTAL = 10_000;
const root = path.resolve(__dirname, '../../..');
const childScript = path.join(root, 'tests/support/audit-forwarding-child.ts');

let pki: TestPki;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  if (!missing) pki = generateTestPki();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `wc-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function collector(tls: { cert: string; key: string }, authMode: 'anon' | 'x509/certvalid' = 'anon'): Promise<RsyslogCollector> {
  const made = await createRsyslogCollector(await tempDir('rsyslog'), { ...tls, ca: pki.caPem, authMode });
  cleanups.push(() => made.dispose());
  await made.start();
  return made;
}

/** The forwarding section of a policy for the collector on `port`: as a file (for a child app) and as read. */
async function policyFor(dir: string, port: number): Promise<{ file: string; caFile: string; policy: ForwardingPolicy }> {
  const caFile = path.join(dir, 'site-ca.pem');
  await writeFile(caFile, pki.caPem);
  const file = path.join(dir, 'policy-forwarding.json');
  const section = { host: '127.0.0.1', port, transport: 'tls', caFile, appName: 'whisper-control', facility: 'local4' };
  await writeFile(file, JSON.stringify(section));
  return { file, caFile, policy: forwardingPolicySchema.parse(section) };
}

/** A forwarder from `trail`, stopped (and the trail flushed) when the test ends. */
async function startForwarding(dir: string, trail: AuditTrail, policy: ForwardingPolicy, timing: Partial<ForwardingTiming>, logger: Logger = nullLogger): Promise<AuditForwarder> {
  const forwarder = await AuditForwarder.start({ policy, source: trail, dir, logger, timing });
  cleanups.push(async () => {
    forwarder.stop();
    await trail.flush();
  });
  return forwarder;
}

function stop(n: number): ActionResult {
  return { ok: true, action: 'stop', target: String(FIRST_TARGET + n), retcode: '0', gatewayMessage: 'ok', durationMs: 12 };
}

/** What arrived: every record's first arrival in order, and how many arrivals repeated an ID already seen. */
function tally(messages: readonly ReceivedMessage[]): { order: number[]; duplicates: number; idsPerTarget: Map<number, Set<string>> } {
  const seen = new Set<string>();
  const order: number[] = [];
  const idsPerTarget = new Map<number, Set<string>>();
  let duplicates = 0;
  for (const message of messages) {
    expect(message.id, `a message without our record ID: ${message.structuredData}`).not.toBeNull();
    const target = Number(message.target) - FIRST_TARGET;
    const ids = idsPerTarget.get(target) ?? new Set<string>();
    ids.add(message.id as string);
    idsPerTarget.set(target, ids);
    if (seen.has(message.id as string)) duplicates += 1;
    else {
      seen.add(message.id as string);
      order.push(target);
    }
  }
  return { order, duplicates, idsPerTarget };
}

interface ChildProgress {
  recorded: number;
  backlog: number;
  state: string;
  connected: boolean;
  files: number;
}

function startChild(dir: string, policyFile: string, perTick: number): { child: ChildProcess; progress: () => ChildProgress | null; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, policyFile, String(TOTAL), String(perTick)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let last: ChildProgress | null = null;
  let buffered = '';
  let errors = '';
  child.stdout?.on('data', (data: Buffer) => {
    buffered += data.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) last = JSON.parse(line) as ChildProgress;
  });
  child.stderr?.on('data', (data: Buffer) => (errors += data.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    if (errors.trim() !== '') console.warn(`forwarding child stderr: ${errors.slice(-2000)}`);
  });
  return { child, progress: () => last, exited };
}

describe.skipIf(missing !== null)('audit forwarding to a real rsyslog over TLS', () => {
  it(
    'delivers 10,000 records in order through two collector restarts and a kill -9 of the app, duplicates only by record ID',
    async () => {
      const rsyslog = await collector(pki.leaf);
      const userData = await tempDir('forwarding-app');
      const { file: policyFile } = await policyFor(userData, rsyslog.port);
      let app = startChild(userData, policyFile, 25);
      let mostFiles = 0;
      const recorded = () => {
        const progress = app.progress();
        mostFiles = Math.max(mostFiles, progress?.files ?? 0);
        return progress?.recorded ?? 0;
      };
      const restarts: string[] = [];

      // The collector goes down twice while records keep coming; each time it returns, the test waits
      // for the backlog to start arriving. The second time, the app is killed right then (mid-drain)
      // and started again.
      for (const [down, up] of [
        [2000, 3500],
        [5000, 6500],
      ] as const) {
        await until(`${down} records recorded`, () => recorded() >= down, 30_000);
        await rsyslog.stop();
        const received = await rsyslog.count();
        await until(`${up} records recorded`, () => recorded() >= up, 30_000);
        await rsyslog.start();
        await until('the backlog to start arriving', async () => (await rsyslog.count()) > received, 30_000);
        restarts.push(`collector stopped at ${down} recorded / ${received} received, back at ${up}+`);
      }
      app.child.kill('SIGKILL');
      await app.exited;
      restarts.push(`app killed at ${recorded()} recorded / ${await rsyslog.count()} received`);
      app = startChild(userData, policyFile, 25);
      await until('every record recorded and delivered', () => {
        const progress = app.progress();
        mostFiles = Math.max(mostFiles, progress?.files ?? 0);
        return progress !== null && progress.recorded >= TOTAL && progress.backlog === 0 && progress.state === 'idle';
      }, 60_000);
      await rsyslog.stop();

      const messages = await rsyslog.received();
      const { order, duplicates, idsPerTarget } = tally(messages);
      recordFigures('audit-forwarding-rsyslog', `forwarding through restarts: ${TOTAL} records, ${restarts.join('; ')}; ${messages.length} messages received, ${duplicates} duplicates, most audit files at once ${mostFiles}`);
      const missingTargets = Array.from({ length: TOTAL }, (_, n) => n).filter((n) => !idsPerTarget.has(n));
      if (missingTargets.length > 0) console.warn(`missing records: ${missingTargets.slice(0, 20).join(', ')}${missingTargets.length > 20 ? ', …' : ''} (${missingTargets.length})`);
      // Every record arrived, in order, and nothing else did.
      expect(order).toEqual(Array.from({ length: TOTAL }, (_, n) => n));
      // A repeated arrival is always the same record (same ID), never a second record for one action.
      expect([...idsPerTarget.values()].every((ids) => ids.size === 1)).toBe(true);
      expect(messages.length).toBe(TOTAL + duplicates);
      // The trail rotates at 256 KB keeping 2: while the collector was down, rotation kept the unsent files.
      expect(mostFiles).toBeGreaterThan(3);
      const sample = messages[0] as ReceivedMessage;
      expect(sample).toMatchObject({ appName: 'whisper-control', msgId: 'stop', pri: 20 * 8 + 6 });
      expect(sample.structuredData).toMatch(/^\[whisperAudit@32473 id="[0-9a-f]{32}" action="stop" trigger="tray" inspector="101" target="10000" ok="true" retcode="0" durationMs="\d+"\]$/);
    },
    110_000,
  );

  it('drains a 10,000-record backlog once the collector is reachable, in order and exactly once', async () => {
    const rsyslog = await collector(pki.leaf);
    await rsyslog.stop();
    const userData = await tempDir('forwarding-drain');
    const { policy } = await policyFor(userData, rsyslog.port);
    const trail = await AuditTrail.open({ dir: userData, logger: nullLogger, maxBytes: 1024 * 1024, keep: 3 });
    const forwarder = await startForwarding(userData, trail, policy, { backoffInitialMs: 100, backoffMaxMs: 400 });
    for (let n = 0; n < TOTAL; n += 1) trail.record(stop(n), 'shortcut');
    await trail.flush();
    await until('the backlog to be counted', () => forwarder.status().backlog === TOTAL && forwarder.status().state === 'waiting', 10_000);

    await rsyslog.start();
    const started = performance.now();
    await until('the backlog to drain', () => forwarder.status().backlog === 0 && forwarder.status().state === 'idle', 60_000);
    const drainMs = performance.now() - started;
    await rsyslog.stop();
    const { order, duplicates } = tally(await rsyslog.received());
    recordFigures('audit-forwarding-rsyslog', `drain: ${TOTAL}-record backlog delivered in ${Math.round(drainMs)} ms after the collector came back (includes up to one backoff of <= 400 ms), ${duplicates} duplicates`);
    expect(order).toEqual(Array.from({ length: TOTAL }, (_, n) => n));
    expect(duplicates).toBe(0);
    expect(existsSync(cursorPath(userData))).toBe(true);
  }, 90_000);

  it('refuses a collector whose certificate the site CA did not issue: delivers nothing and says why', async () => {
    const rsyslog = await collector(pki.untrusted);
    const userData = await tempDir('forwarding-refused');
    const { policy } = await policyFor(userData, rsyslog.port);
    const sink = memoryLogSink();
    const trail = await AuditTrail.open({ dir: userData, logger: nullLogger });
    const forwarder = await startForwarding(userData, trail, policy, { lingerMs: 10, backoffInitialMs: 100, backoffMaxMs: 200 }, createLogger(sink));
    for (let n = 0; n < 5; n += 1) trail.record(stop(n), 'panel');
    await until('a failed delivery', () => forwarder.status().lastError !== null && forwarder.status().backlog === 5, 10_000);
    // A few more attempts, all refused.
    await new Promise((resolve) => setTimeout(resolve, 500));
    forwarder.stop();
    await rsyslog.stop();

    const status = forwarder.status();
    expect(status.connected).toBe(false);
    expect(status.lastError?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(status.lastError?.message.en).toMatch(/^TLS refused: the certificate of the collector 127\.0\.0\.1:\d+ is not trusted/);
    expect(status.lastError?.message['zh-CN']).toMatch(/TLS 被拒绝/);
    expect(status.backlog).toBe(5);
    expect(sink.lines.some((line) => line.includes('audit forwarding failed') && line.includes('reason=tls-refused'))).toBe(true);
    expect(await rsyslog.received()).toEqual([]);
    expect(existsSync(cursorPath(userData))).toBe(false);
  }, 30_000);
});

describe.skipIf(missing !== null)('a collector that requires client certificates', () => {
  it('gets nothing from a workstation without one (and says why), everything from one with a certificate its CA issued', async () => {
    const rsyslog = await collector(pki.leaf, 'x509/certvalid');
    const results: { status: ReturnType<AuditForwarder['status']>; log: string[] }[] = [];
    for (const withCertificate of [false, true]) {
      const userData = await tempDir('forwarding-client-cert');
      const { caFile } = await policyFor(userData, rsyslog.port);
      const clientCertFile = path.join(userData, 'workstation.pem');
      const clientKeyFile = path.join(userData, 'workstation.key');
      await writeFile(clientCertFile, pki.leaf.cert);
      await writeFile(clientKeyFile, pki.leaf.key, { mode: 0o600 });
      const policy = forwardingPolicySchema.parse({
        host: '127.0.0.1',
        port: rsyslog.port,
        caFile,
        ...(withCertificate && { clientCertFile, clientKeyFile }),
      });
      const sink = memoryLogSink();
      const trail = await AuditTrail.open({ dir: userData, logger: nullLogger });
      const forwarder = await startForwarding(userData, trail, policy, { lingerMs: 10, backoffInitialMs: 100, backoffMaxMs: 200 }, createLogger(sink));
      for (let n = 0; n < 3; n += 1) trail.record(stop(withCertificate ? 100 + n : n), 'tray');
      if (withCertificate) await until('delivery', () => forwarder.status().backlog === 0 && forwarder.status().lastDeliveredAt !== null, 10_000);
      else await until('a refusal', () => forwarder.status().lastError !== null, 10_000);
      forwarder.stop();
      results.push({ status: forwarder.status(), log: sink.lines });
    }
    await rsyslog.stop();
    const [without, withCert] = results as [(typeof results)[0], (typeof results)[0]];
    expect(without.status).toMatchObject({ backlog: 3, connected: false, lastDeliveredAt: null, lastError: { code: 'peer-refused' } });
    expect(without.status.lastError?.message.en).toMatch(/^TLS refused: the collector 127\.0\.0\.1:\d+ closed the connection before accepting any record/);
    expect(without.log.some((line) => line.includes('reason=tls-refused') && line.includes('code=peer-refused'))).toBe(true);
    expect(withCert.status).toMatchObject({ backlog: 0, lastError: null });
    // Only the workstation with a certificate got through.
    expect((await rsyslog.received()).map((m) => Number(m.target) - FIRST_TARGET)).toEqual([100, 101, 102]);
  }, 40_000);
});

describe.skipIf(missing !== null)('the app forwarding its own audit trail', () => {
  it('sends what the inspector does to the collector named by the admin policy, and reports it over IPC', async () => {
    const rsyslog = await collector(pki.leaf);
    const policyDir = await tempDir('forwarding-policy');
    const caFile = path.join(policyDir, 'site-ca.pem');
    await writeFile(caFile, pki.caPem);
    const policyPath = path.join(policyDir, 'policy.json');
    await writeFile(policyPath, JSON.stringify({ auditForwarding: { host: '127.0.0.1', port: rsyslog.port, caFile, facility: 'authpriv', appName: 'wc-audit' } }));
    const h = await startHarness({ services: { policyPath, forwardingTiming: { lingerMs: 10 } } });
    cleanups.push(() => h.close());
    const status = () => h.handlers['audit-forwarding:get-status']({}, PANEL_SENDER);
    expect(await status()).toMatchObject({ configured: true, collector: `127.0.0.1:${rsyslog.port}`, transport: 'tls', facility: 'authpriv', appName: 'wc-audit' });

    await h.signIn();
    expect(await h.handlers['whisper:start']({ whisperAgentId: '1002' }, PANEL_SENDER)).toMatchObject({ ok: true });
    expect(await h.handlers['whisper:stop']({ whisperAgentId: '1002' }, PANEL_SENDER)).toMatchObject({ ok: true });
    await until('the three records delivered', async () => (await rsyslog.count()) >= 3, 15_000);
    await until('the status to show them delivered', async () => {
      const now = await status();
      return 'backlog' in now && now.backlog === 0 && now.state === 'idle' && now.lastDeliveredAt !== null;
    }, 10_000);
    expect(await status()).toMatchObject({ connected: true, lastError: null, warning: null });

    const messages = await rsyslog.received();
    expect(messages.map((m) => [m.appName, m.msgId, m.target])).toEqual([
      ['wc-audit', 'sign-in', null],
      ['wc-audit', 'start', '1002'],
      ['wc-audit', 'stop', '1002'],
    ]);
    // authpriv (10) × 8 + informational (6)
    expect(messages.every((m) => m.pri === 86 && m.structuredData.includes('inspector="101"') && m.structuredData.includes('trigger="panel"'))).toBe(true);
  }, 60_000);
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * What "acknowledged" is worth with rsyslog: the clean close says rsyslog READ the records (and queued
 * them), not that it wrote them. rsyslog is killed with SIGKILL right after acknowledged sessions; then
 * every record up to the forwarder's cursor must be in rsyslog's output with a durable queue (Direct main
 * queue; a disk queue checkpointed per record, replayed after restart). rsyslog's default in-memory queue is
 * run too and its losses reported, not asserted (they depend on timing). docs/deployment.md §9.
 */
describe.skipIf(missing !== null)('rsyslog queue durability after an acknowledgement', () => {
  async function killAfterAcks(queue: 'memory' | 'direct' | 'disk'): Promise<{ acked: number; missing: number }> {
    const rsyslog = await createRsyslogCollector(await tempDir(`rsyslog-${queue}`), { ...pki.leaf, ca: pki.caPem, queue });
    cleanups.push(() => rsyslog.dispose());
    await rsyslog.start();
    const userData = await tempDir(`forwarding-${queue}`);
    const { policy } = await policyFor(userData, rsyslog.port);
    const trail = await AuditTrail.open({ dir: userData, logger: nullLogger, maxBytes: 4 * 1024 * 1024, keep: 3 });
    const total = 5000;
    for (let n = 0; n < total; n += 1) trail.record(stop(n), 'panel');
    await trail.flush();
    const lines = await trail.readLines();
    const forwarder = await startForwarding(userData, trail, policy, { batchSize: 500, backoffInitialMs: 60_000, backoffMaxMs: 60_000 });
    // Three sessions acknowledged, then a crash of the collector at once.
    await until('three acknowledged sessions', () => forwarder.status().backlog <= total - 1500 && forwarder.status().lastDeliveredAt !== null, 30_000);
    await rsyslog.kill();
    forwarder.stop();
    const cursor = await readCursor(cursorPath(userData));
    if (cursor.status !== 'ok') throw new Error('no cursor after acknowledged sessions');
    const ackedIndex = lines.findIndex((line) => recordIdOfLine(line) === cursor.cursor.id);
    expect(ackedIndex).toBeGreaterThanOrEqual(1499);
    if (queue === 'disk') {
      // The disk queue is replayed by the next start.
      await rsyslog.start();
      let last = -1;
      await until('the replay to settle', async () => {
        const now = await rsyslog.count();
        const settled = now === last && now > ackedIndex;
        last = now;
        return settled;
      }, 20_000);
      await rsyslog.stop();
    }
    const received = new Set((await rsyslog.received()).map((message) => message.id));
    let missed = 0;
    for (const line of lines.slice(0, ackedIndex + 1)) if (!received.has(recordIdOfLine(line))) missed += 1;
    console.info(`rsyslog ${queue} queue, SIGKILL right after acknowledgement: ${ackedIndex + 1} records acknowledged, ${missed} of them not written`);
    return { acked: ackedIndex + 1, missing: missed };
  }

  it('loses no acknowledged record with a Direct main queue', async () => {
    expect((await killAfterAcks('direct')).missing).toBe(0);
  }, 60_000);

  it('loses no acknowledged record with a disk queue checkpointed at every record (replayed at restart)', async () => {
    expect((await killAfterAcks('disk')).missing).toBe(0);
  }, 60_000);

  it('reports what the default in-memory queue lost (for the docs; not asserted, it depends on timing)', async () => {
    const { acked } = await killAfterAcks('memory');
    expect(acked).toBeGreaterThan(0);
  }, 60_000);
});

/**
 * Audit forwarding without a collector of its own: the RFC 5424 message and its octet-counted
 * frame, the policy section, a collector that refuses or stalls (the stop path never waits),
 * and the spool ceiling. tests/node/audit/audit-forwarding-rsyslog.test.ts runs the real one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { generateTestPki } from '@emulator/pki';
import { AuditForwarder } from '@main/audit/audit-forwarder';
import { readCursor, cursorPath } from '@main/audit/forwarding-cursor';
import { DEFAULT_FORWARDING_TIMING, type ForwardingSource, type ForwardingTiming } from '@main/audit/forwarding-options';
import { auditRecordSchema } from '@main/audit/audit-record';
import { AuditTrail } from '@main/audit/audit-trail';
import { forwardingPolicySchema } from '@main/audit/forwarding-policy';
import { formatAuditMessage, octetCountedFrame, recordIdOf, recordIdOfLine } from '@main/audit/syslog-message';
import { createLogger, memoryLogSink, nullLogger, type Logger } from '@main/log/logger';
import { parsePolicy } from '@main/settings/policy';
import { until } from '@support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wc-forwarding-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A trail in a fresh directory and a forwarder from it to the collector `policy` names, stopped when the test ends. */
async function forwardingTo(
  policy: Record<string, unknown>,
  timing: Partial<ForwardingTiming>,
  logger: Logger = nullLogger,
  trailOptions: { maxBytes?: number; keep?: number } = {},
): Promise<{ trail: AuditTrail; forwarder: AuditForwarder }> {
  const dir = await tempDir();
  const trail = await AuditTrail.open({ dir, logger: nullLogger, ...trailOptions });
  const forwarder = await AuditForwarder.start({ policy: forwardingPolicySchema.parse(policy), source: trail, dir, logger, timing });
  cleanups.push(() => forwarder.stop());
  return { trail, forwarder };
}

/** Listens on 127.0.0.1 (a free port) until the test ends, then drops every connection left and closes. */
async function listenLocally(server: net.Server, port = 0): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

const stop = (target: string): ActionResult => ({ ok: true, action: 'stop', target, retcode: '0', gatewayMessage: 'ok', durationMs: 12 });

describe('the syslog message', () => {
  const record = auditRecordSchema.parse({
    id: '0123456789abcdef0123456789abcdef',
    time: '2026-11-27T10:00:00.123Z',
    at: 1_795_773_600_123,
    action: 'stop',
    trigger: 'shortcut',
    target: '1002',
    ok: false,
    retcode: '900-004',
    failure: 'retcode',
    durationMs: 41,
    retriedWithoutTarget: true,
    inspector: '101',
  });

  it('is RFC 5424 with the record in structured data, its stable ID first', () => {
    const message = formatAuditMessage(record, record.id as string, { facility: 20, hostname: 'qa-ws 17', appName: 'whisper-control', procId: '4242' });
    expect(message).toBe(
      '<164>1 2026-11-27T10:00:00.123Z qa-ws17 whisper-control 4242 stop ' +
        '[whisperAudit@32473 id="0123456789abcdef0123456789abcdef" action="stop" trigger="shortcut" inspector="101" target="1002" ok="false" retcode="900-004" failure="retcode" durationMs="41" retriedWithoutTarget="true"] ' +
        'stop by shortcut inspector 101 agent 1002: failed (retcode, retcode 900-004)',
    );
  });

  it('is framed by octet count (bytes, not characters)', () => {
    expect(octetCountedFrame('<14>1 - - - - - - é').toString('utf8')).toBe('20 <14>1 - - - - - - é');
  });

  it('gives a line written before records had IDs a stable ID of its own', () => {
    const { id: _dropped, ...old } = record;
    const line = JSON.stringify(old);
    const parsed = auditRecordSchema.parse(old);
    expect(recordIdOf(parsed, line)).toMatch(/^[0-9a-f]{32}$/);
    expect(recordIdOf(parsed, line)).toBe(recordIdOf(parsed, line));
    expect(recordIdOf(parsed, `${line} `)).not.toBe(recordIdOf(parsed, line));
  });
});

describe('the auditForwarding policy section', () => {
  it('fills in TLS on 6514, facility local4 and app-name whisper-control', () => {
    const load = parsePolicy('/etc/whisper-control/policy.json', JSON.stringify({ auditForwarding: { host: 'logs.example.com', caFile: '/etc/ssl/site-ca.pem' } }));
    expect(load).toMatchObject({
      status: 'ok',
      policy: { auditForwarding: { host: 'logs.example.com', port: 6514, transport: 'tls', facility: 'local4', appName: 'whisper-control', spoolCeilingMB: 64 } },
    });
  });

  it.each([
    [{ host: 'https://logs.example.com' }, 'auditForwarding.host: host must be a host name or IP address only'],
    [{ host: 'logs', port: 70000 }, 'auditForwarding.port: port must be between 1 and 65535.'],
    [{ host: 'logs', transport: 'udp' }, 'auditForwarding.transport: transport must be "tls" (the default) or "tcp"'],
    [{ host: 'logs', transport: 'tcp', caFile: '/etc/ssl/ca.pem' }, 'auditForwarding.transport: transport "tcp" is plain and unencrypted'],
    [{ host: 'logs', clientCertFile: '/etc/ssl/ws.pem' }, 'auditForwarding.clientCertFile: clientCertFile and clientKeyFile go together'],
    [{ host: 'logs', caFile: 'site-ca.pem' }, 'auditForwarding.caFile: caFile must be a full path'],
    [{ host: 'logs', facility: 'local9' }, 'auditForwarding.facility: facility must be a syslog facility name'],
    [{ host: 'logs', appName: 'whisper control' }, 'auditForwarding.appName: appName must be 1 to 48 printable ASCII characters'],
    [{ host: 'logs', password: 'x' }, 'auditForwarding.password: not a known policy key'],
  ])('refuses %j and says why', (section, problem) => {
    const load = parsePolicy('/etc/whisper-control/policy.json', JSON.stringify({ auditForwarding: section }));
    expect(load.status).toBe('invalid');
    expect(load.status === 'invalid' && load.problem.en).toContain(problem);
  });
});

describe('a collector that refuses or stalls', () => {
  it('keeps the records and says the collector refused the connection', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sink = memoryLogSink();
    const { trail, forwarder } = await forwardingTo({ host: '127.0.0.1', port, transport: 'tcp' }, { lingerMs: 5, backoffInitialMs: 50, backoffMaxMs: 100 }, createLogger(sink));
    trail.record(stop('1002'), 'tray');
    await until('a failed attempt', () => forwarder.status().lastError !== null && forwarder.status().backlog === 1);
    expect(forwarder.status()).toMatchObject({ state: 'waiting', connected: false, backlog: 1, lastError: { code: 'ECONNREFUSED' } });
    expect(forwarder.status().lastError?.message.en).toContain(`The collector 127.0.0.1:${port} refused the connection`);
    expect(forwarder.status().nextAttemptAt).not.toBeNull();
    expect(sink.lines.some((line) => line.includes('audit forwarding failed') && line.includes('reason=refused') && line.includes('code=ECONNREFUSED'))).toBe(true);
    await trail.flush();
  });

  it('never holds up recording or quitting: stop() abandons a session the collector never answers', async () => {
    const sockets: net.Socket[] = [];
    // Accepts and reads, but never answers our end of stream: a hung collector.
    const hung = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.resume();
      sockets.push(socket);
    });
    const port = await listenLocally(hung);
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    const forwarder = await AuditForwarder.start({
      policy: forwardingPolicySchema.parse({ host: '127.0.0.1', port, transport: 'tcp' }),
      source: trail,
      dir,
      logger: nullLogger,
      timing: { lingerMs: 5, idleTimeoutMs: 60_000 },
    });
    trail.record(stop('1002'), 'tray');
    await until('a session in flight', () => forwarder.status().state === 'sending' && sockets.length === 1);
    // Recording goes on while the session hangs.
    trail.record(stop('1003'), 'shortcut');
    expect(trail.history().map((entry) => entry.target)).toEqual(['1002', '1003']);
    // stop() is synchronous and drops the hung connection; the trail flushes at once.
    expect(forwarder.stop()).toBeUndefined();
    await trail.flush();
    expect((await trail.readLines()).length).toBe(2);
    expect(forwarder.status().backlog).toBe(2);
  });

  it('warns when unsent records pass the ceiling, and deletes none of them', async () => {
    // Port 9 (discard) on loopback: nothing listens there in tests.
    const { trail, forwarder } = await forwardingTo({ host: '127.0.0.1', port: 9, transport: 'tcp', spoolCeilingMB: 1 }, { lingerMs: 5, backoffInitialMs: 20, backoffMaxMs: 50 }, nullLogger, { maxBytes: 64 * 1024, keep: 1 });
    const total = 7000;
    for (let n = 0; n < total; n += 1) trail.record(stop(String(10_000 + n)), 'tray');
    await trail.flush();
    await until('the ceiling warning', () => forwarder.status().warning !== null && forwarder.status().backlog === total);
    const status = forwarder.status();
    expect(status.spoolBytes).toBeGreaterThan(1024 * 1024);
    expect(status.warning?.en).toMatch(/over the 1 MB ceiling, because 7000 records have not reached the collector 127\.0\.0\.1:9\. Nothing is deleted/);
    expect(status.warning?.['zh-CN']).toContain('不会删除任何记录');
    // Rotated every 64 KB with keep 1, yet every record is still on disk.
    expect((await trail.files()).length).toBeGreaterThan(2);
    expect((await trail.readLines()).length).toBe(total);
  });
});

/** A TCP collector on 127.0.0.1 that reads everything and closes when we end (the clean close that acknowledges). */
async function tcpCollector(port = 0): Promise<{ port: number; text: () => string }> {
  const chunks: Buffer[] = [];
  const server = net.createServer((socket) => socket.on('data', (data: Buffer) => chunks.push(data)));
  return { port: await listenLocally(server, port), text: () => Buffer.concat(chunks).toString('utf8') };
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('forwarding health tells the truth', () => {
  it('clears the last error once a delivery succeeds', async () => {
    const port = await freePort();
    const { trail, forwarder } = await forwardingTo({ host: '127.0.0.1', port, transport: 'tcp' }, { lingerMs: 5, backoffInitialMs: 50, backoffMaxMs: 100 });
    trail.record(stop('1002'), 'tray');
    await until('a refusal', () => forwarder.status().lastError?.code === 'ECONNREFUSED');
    await tcpCollector(port);
    await until('a delivery', () => forwarder.status().backlog === 0 && forwarder.status().lastDeliveredAt !== null);
    expect(forwarder.status()).toMatchObject({ connected: true, lastError: null, state: 'idle' });
    await trail.flush();
  });

  it('names a collector that closes before any TLS handshake (a load balancer with nothing behind it), not a TLS refusal', async () => {
    const sink = memoryLogSink();
    const closer = net.createServer((socket) => socket.destroy());
    const port = await listenLocally(closer);
    const { trail, forwarder } = await forwardingTo({ host: '127.0.0.1', port }, { lingerMs: 5, backoffInitialMs: 50, backoffMaxMs: 100 }, createLogger(sink));
    trail.record(stop('1002'), 'tray');
    await until('a failed attempt', () => forwarder.status().lastError !== null);
    const { lastError } = forwarder.status();
    expect(lastError?.code).toBe('closed-before-tls');
    expect(lastError?.message.en).toMatch(/closed it before any TLS handshake/);
    expect(lastError?.message.en).not.toMatch(/TLS refused/);
    expect(lastError?.message['zh-CN']).toContain('TLS 握手之前');
    expect(sink.lines.some((line) => line.includes('reason=no-tls'))).toBe(true);
    await trail.flush();
  });

  it('names a port that answers in plain text rather than TLS', async () => {
    const plain = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end('220 not TLS\r\n');
    });
    const port = await listenLocally(plain);
    const { trail, forwarder } = await forwardingTo({ host: '127.0.0.1', port }, { lingerMs: 5, backoffInitialMs: 50, backoffMaxMs: 100 });
    trail.record(stop('1002'), 'tray');
    await until('a failed attempt', () => forwarder.status().lastError !== null);
    expect(forwarder.status().lastError?.message.en).toMatch(/did not answer in TLS/);
    await trail.flush();
  });

  it('says a collector that accepted TLS and stopped reading has stalled, within the write timeout (at most 2.5 s by default)', async () => {
    expect(DEFAULT_FORWARDING_TIMING.idleTimeoutMs).toBeLessThanOrEqual(2500);
    const pki = generateTestPki();
    const dir = await tempDir();
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, pki.caPem);
    const sockets: tls.TLSSocket[] = [];
    // Completes the handshake, then neither reads nor closes: a black-holed collector.
    const hung = tls.createServer({ key: pki.leaf.key, cert: pki.leaf.cert, allowHalfOpen: true }, (socket) => {
      socket.pause();
      sockets.push(socket);
    });
    const port = await listenLocally(hung);
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    const forwarder = await AuditForwarder.start({
      policy: forwardingPolicySchema.parse({ host: '127.0.0.1', port, caFile }),
      source: trail,
      dir,
      logger: nullLogger,
      timing: { lingerMs: 5, backoffInitialMs: 60_000, backoffMaxMs: 60_000 },
    });
    cleanups.push(() => forwarder.stop());
    trail.record(stop('1002'), 'tray');
    await until('the stall', () => forwarder.status().lastError !== null, 20_000);
    expect(forwarder.status()).toMatchObject({ state: 'waiting', connected: false, backlog: 1, lastError: { code: 'stalled' } });
    expect(forwarder.status().lastError?.message.en).toContain('stopped reading for 2.5 s');
    expect(sockets.length).toBe(1);
    await trail.flush();
  });

  it('drains a backlog reading the trail once and sending each record once, in order (linear in the backlog)', async () => {
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    const total = 5000;
    for (let n = 0; n < total; n += 1) trail.record(stop(String(10_000 + n)), 'tray');
    await trail.flush();
    const lines = await trail.readLines();
    let reads = 0;
    const counting: ForwardingSource = {
      readLines: () => {
        reads += 1;
        return trail.readLines();
      },
      spoolBytes: () => trail.spoolBytes(),
      onRecord: (listener) => trail.onRecord(listener),
      setRotationGuard: (guard) => trail.setRotationGuard(guard),
    };
    const collector = await tcpCollector();
    const forwarder = await AuditForwarder.start({
      policy: forwardingPolicySchema.parse({ host: '127.0.0.1', port: collector.port, transport: 'tcp' }),
      source: counting,
      dir,
      logger: nullLogger,
      timing: { lingerMs: 5, batchSize: 500 },
    });
    cleanups.push(() => forwarder.stop());
    await until('the drain', () => forwarder.status().lastDeliveredAt !== null && forwarder.status().backlog === 0 && forwarder.status().state === 'idle', 20_000);
    const cursor = await readCursor(cursorPath(dir));
    expect(cursor.status === 'ok' && cursor.cursor.id).toBe(recordIdOfLine(lines[total - 1] as string));
    // Ten sessions of 500, one read of the trail: nothing re-read or re-parsed per session.
    expect(reads).toBe(1);
    const targets = [...collector.text().matchAll(/target="(\d+)"/g)].map((match) => Number(match[1]));
    expect(targets).toEqual(Array.from({ length: total }, (_, n) => 10_000 + n));
  });
});

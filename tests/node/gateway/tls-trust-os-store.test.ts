import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, startEmulator, type Emulator, type TestPki } from '@emulator/index';
import { AuditForwarder } from '@main/audit/audit-forwarder';
import { AuditTrail } from '@main/audit/audit-trail';
import { forwardingPolicySchema } from '@main/audit/forwarding-policy';
import { GatewayClient } from '@main/gateway';
import { nullLogger } from '@main/log/logger';
import { systemCertificates } from '@main/platform/trust';

/**
 * The gateway is trusted through the OS store with no `caFile`: a throwaway CA is installed into
 * Debian's store (/usr/local/share/ca-certificates + update-ca-certificates), the emulator serves a
 * certificate it issued, and the client has no CA of its own; the same for the audit collector. The CA
 * is removed afterwards.
 * Needs root and Debian's ca-certificates (as CI runs); elsewhere the test says why it skips.
 */
const STORE_DIR = '/usr/local/share/ca-certificates';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasTool = existsSync('/usr/sbin/update-ca-certificates') && existsSync(STORE_DIR);
const skipReason = !isRoot ? 'not root: cannot install a CA into the OS trust store' : !hasTool ? 'no Debian ca-certificates (update-ca-certificates)' : null;
if (skipReason !== null) console.warn(`OS trust store test skipped: ${skipReason}`);

const caFile = `${STORE_DIR}/whisper-control-test-${randomBytes(4).toString('hex')}.crt`;
let installed: TestPki;
let other: TestPki;
const emulators: Emulator[] = [];
const clients: GatewayClient[] = [];

describe.skipIf(skipReason !== null)('the OS trust store (Debian, root)', () => {
  beforeAll(() => {
    installed = generateTestPki();
    other = generateTestPki();
    writeFileSync(caFile, installed.caPem);
    execFileSync('update-ca-certificates', { stdio: 'ignore' });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(emulators.map((e) => e.close()));
    rmSync(caFile, { force: true });
    execFileSync('update-ca-certificates', { stdio: 'ignore' });
  });

  async function clientOf(pki: TestPki): Promise<{ gw: Emulator; client: GatewayClient }> {
    const gw = await startEmulator({ tls: pki.leaf });
    emulators.push(gw);
    const client = new GatewayClient({ baseUrl: gw.url, timeoutMs: 3000 });
    clients.push(client);
    return { gw, client };
  }

  it('holds the installed CA', () => {
    expect(systemCertificates().map((pem) => pem.replace(/\s+/g, ''))).toContain(installed.caPem.replace(/\s+/g, ''));
  });

  it('trusts a gateway certificate from a CA the OS trusts, with no caFile', async () => {
    const { client } = await clientOf(installed);
    const signIn = await client.signIn('102', { password: 'Inspect0r!', phonenum: '70101' }, { force: true });
    expect(signIn.ok).toBe(true);
    const test = await client.testConnection();
    expect(test).toMatchObject({ ok: true, failure: null });
  });

  it('still refuses a CA the OS does not trust', async () => {
    const { gw, client } = await clientOf(other);
    const outcome = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-untrusted' } });
    expect(gw.journal).toHaveLength(0);
  });

  it('trusts an audit collector certificate from a CA the OS trusts, with no caFile', async () => {
    const received: Buffer[] = [];
    const collector = tls.createServer({ key: installed.leaf.key, cert: installed.leaf.cert }, (socket) => {
      socket.on('data', (data: Buffer) => received.push(data));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'wc-os-store-'));
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    const forwarder = await AuditForwarder.start({
      policy: forwardingPolicySchema.parse({ host: '127.0.0.1', port: (collector.address() as AddressInfo).port }),
      source: trail,
      dir,
      logger: nullLogger,
      timing: { lingerMs: 5, backoffInitialMs: 50, backoffMaxMs: 100 },
    });
    try {
      trail.record({ ok: true, action: 'stop', target: '1002', retcode: '0', gatewayMessage: 'ok', durationMs: 12 }, 'tray');
      const deadline = Date.now() + 10_000;
      while (!(forwarder.status().backlog === 0 && forwarder.status().lastDeliveredAt !== null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(forwarder.status()).toMatchObject({ backlog: 0, lastError: null });
      expect(Buffer.concat(received).toString()).toContain('target="1002"');
    } finally {
      forwarder.stop();
      await trail.flush();
      await new Promise<void>((resolve) => collector.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

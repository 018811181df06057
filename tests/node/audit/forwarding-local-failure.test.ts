import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectorEndpoint } from '@main/audit/collector-endpoint';
import { describeForwardingError } from '@main/audit/forwarding-failure';
import { forwardingPolicySchema } from '@main/audit/forwarding-policy';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('a PEM file named by the auditForwarding policy that cannot be read', () => {
  it.each([
    ['caFile', 'CA file', 'CA 文件'],
    ['clientCertFile', 'client certificate', '客户端证书'],
  ] as const)('(%s) is a local problem worded in English and Chinese, the file and code named', async (field, en, zh) => {
    const dir = await mkdtemp(join(tmpdir(), 'wc-forwarding-local-'));
    dirs.push(dir);
    const file = join(dir, 'missing.pem');
    const policy = forwardingPolicySchema.parse({ host: '127.0.0.1', [field]: file, ...(field === 'clientCertFile' && { clientKeyFile: file }) });
    const error = await collectorEndpoint(policy).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    const failure = describeForwardingError(error, '127.0.0.1:6514', 'connect');
    expect(failure).toMatchObject({ code: 'local-file', reason: 'local' });
    expect(failure.message.en).toBe(`Audit forwarding cannot start: the ${en} ${file} cannot be read (ENOENT).`);
    expect(failure.message['zh-CN']).toBe(`审计转发无法启动：${zh} ${file} 无法读取（ENOENT）。`);
    expect((error as Error).message).toBe(`the ${en} ${file} cannot be read (ENOENT).`); // the log's words stay English
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@emulator/index';
import { DEFAULT_CROWD_SIZE, SEED_AGENTS } from '@emulator/seed';

/** The README's emulator section as a newcomer reads it: its curl example runs as written, its demo data is the emulator's. */
const ROOT = path.resolve(__dirname, '../../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## The gateway emulator'), README.indexOf('## More'));
const hasCurl = spawnSync('curl', ['--version']).status === 0;

let emulator: Emulator;
let scratch = '';
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  scratch = mkdtempSync(path.join(tmpdir(), 'wc-readme-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('README: the gateway emulator', () => {
  it.skipIf(!hasCurl)('its curl example signs in, whispers to 1002 and stops, sending the Guid without JSESSIONID= (skipped without curl)', async () => {
    const block = /```sh\n([\s\S]*?)```/.exec(SECTION)?.[1];
    expect(block).toBeDefined();
    const ca = path.join(scratch, 'ca.pem');
    writeFileSync(ca, emulator.caPem);
    // The same lines against this test's emulator (its own port and CA), never 8043 on a developer's machine.
    const script = block!.replaceAll('https://127.0.0.1:8043', emulator.url).replaceAll('.emulator/ca.pem', ca);
    // Asynchronously: the emulator answers from this very process.
    const out = await runBash(script);
    expect(out.stderr).not.toContain('curl: ('); // (its progress meter goes to stderr when piped)
    expect(out.status).toBe(0);
    expect(out.stdout.match(/"retcode":"0"/g)).toHaveLength(2); // the whisper and the stop
    const stops = emulator.journal.filter((entry) => entry.path.includes('requeststopwhisperagent'));
    expect(stops).toHaveLength(1);
    expect(SECTION).toContain('only the part after `JSESSIONID=`');
  });

  it('is right that a Guid sent with its JSESSIONID= prefix is refused with 100-006', async () => {
    const dispatcher = new Agent({ connect: { ca: emulator.caPem } });
    const json = { 'content-type': 'application/json; charset=UTF-8' };
    const base = `${emulator.url}/agentgateway/resource`;
    try {
      const signIn = await fetch(`${base}/onlineagent/102`, { method: 'PUT', headers: json, body: JSON.stringify({ password: 'Inspect0r!', phonenum: '70102' }), dispatcher });
      const setGuid = signIn.headers.get('set-guid') ?? '';
      expect(setGuid).toMatch(/^JSESSIONID=./);
      const guid = setGuid.slice('JSESSIONID='.length);
      const roster = (headerGuid: string) => fetch(`${base}/qualitycontrol/102/allagent`, { headers: { ...json, guid: headerGuid }, dispatcher }).then((r) => r.json() as Promise<{ retcode: string }>);
      expect((await roster(setGuid)).retcode).toBe('100-006');
      expect((await roster(guid)).retcode).toBe('0');
    } finally {
      await dispatcher.close();
    }
  });

  it('lists the demo data the emulator creates, the generated crowd and --crowd-size', () => {
    const demo = SECTION.slice(SECTION.indexOf('**Demo data**'));
    for (const agent of SEED_AGENTS) expect(demo).toContain(`${agent.id} ${agent.name}`);
    expect(demo).toContain(`${DEFAULT_CROWD_SIZE} agents, 1005–${1004 + DEFAULT_CROWD_SIZE}`);
    expect(demo).toContain('`--crowd-size N`');
  });
});

function runBash(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

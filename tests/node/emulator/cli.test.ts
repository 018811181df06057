import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run emulator` as a person uses it: spawn the CLI, read the URL and CA path it prints,
 * and replay the issue-2 curl acceptance (curl --cacert …), falling back to node:https without curl.
 */
const root = resolve(__dirname, '../../..');
const JSON_TYPE = 'application/json; charset=UTF-8';
const hasCurl = spawnSync('curl', ['--version']).status === 0;

interface Reply {
  headers: string;
  body: string;
}

function viaCurl(caPath: string, method: string, url: string, headers: string[], body?: string): Reply {
  const args = ['-sS', '--cacert', caPath, '-X', method, '-D', '-', ...headers.flatMap((h) => ['-H', h]), ...(body ? ['-d', body] : []), url];
  const out = spawnSync('curl', args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`curl failed: ${out.stderr}`);
  const split = out.stdout.indexOf('\r\n\r\n');
  return { headers: out.stdout.slice(0, split), body: out.stdout.slice(split + 4) };
}

function viaNode(caPath: string, method: string, url: string, headers: string[], body?: string): Promise<Reply> {
  const headerObject = Object.fromEntries(headers.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1).trim()]));
  return new Promise((done, fail) => {
    const req = request(url, { method, headers: headerObject, ca: readFileSync(caPath, 'utf8'), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done({ headers: Object.entries(res.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\r\n'), body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function send(caPath: string, method: string, url: string, headers: string[], body?: string): Promise<Reply> {
  return hasCurl ? viaCurl(caPath, method, url, headers, body) : viaNode(caPath, method, url, headers, body);
}

let child: ChildProcess;
let output = '';
let dir: string;
let url: string;
let caPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
  child = spawn(join(root, 'node_modules/.bin/tsx'), ['emulator/cli.ts', '--port', '0', '--ca-out', join(dir, 'ca.pem')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`CLI did not start:\n${output}`)), 20_000);
    const check = setInterval(() => {
      if (/Press Ctrl\+C/.test(output)) {
        clearTimeout(timer);
        clearInterval(check);
        ready();
      }
    }, 50);
  });
  url = (/listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(output) as RegExpExecArray)[1] as string;
  caPath = (/CA certificate: (.+)/.exec(output) as RegExpExecArray)[1] as string;
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run emulator', () => {
  it('prints the URL, the CA path, the demo accounts and ready-to-paste curl lines', () => {
    expect(caPath).toBe(join(dir, 'ca.pem'));
    expect(readFileSync(caPath, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(output).toContain('Inspect0r!');
    expect(output).toMatch(/VDN 1: inspectors 101, 102; agents 1001 \(on a call\)/);
    expect(output).toContain(`curl --cacert '${caPath}' -X POST -H 'Content-Type: application/json; charset=UTF-8' -H "Guid: $GUID" '${url}/agentgateway/resource/qualitycontrol/101/requeststopwhisperagent?whisperagentid=1002'`);
  });

  it.skipIf(!hasCurl)('prints curl lines that work when pasted into a shell: sign in, start, stop', () => {
    const lines = output.split('\n').filter((l) => /^\s+(GUID=|curl )/.test(l));
    expect(lines).toHaveLength(3);
    const run = spawnSync('bash', ['-c', `set -e\n${lines.join('\n')}`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('{"message":"","retcode":"0","result":{}}'.repeat(2));
  });

  it('answers the issue-2 curl acceptance: stop while whispering → "0", stop again → failure', async () => {
    const base = `${url}/agentgateway/resource`;
    const signIn = await send(caPath, 'PUT', `${base}/onlineagent/102`, [`Content-Type: ${JSON_TYPE}`], '{"password":"Inspect0r!","phonenum":"70101"}');
    const guid = (/^set-guid: JSESSIONID=(\S+)$/im.exec(signIn.headers) as RegExpExecArray)[1] as string;
    expect(guid).toMatch(/\.AgentGateway0$/);
    const headers = [`Content-Type: ${JSON_TYPE}`, `Guid: ${guid}`];
    const start = await send(caPath, 'POST', `${base}/qualitycontrol/102/requestwhisperagent?whisperagentid=1003`, headers);
    expect(JSON.parse(start.body)).toEqual({ message: '', retcode: '0', result: {} });
    const stop = await send(caPath, 'POST', `${base}/qualitycontrol/102/requeststopwhisperagent?whisperagentid=1003`, headers);
    expect(JSON.parse(stop.body)).toEqual({ message: '', retcode: '0', result: {} });
    const again = await send(caPath, 'POST', `${base}/qualitycontrol/102/requeststopwhisperagent?whisperagentid=1003`, headers);
    expect(JSON.parse(again.body).retcode).toBe('900-004');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('CLI arguments', () => {
  it('refuses a rotation interval not below the timeout, with usage, exit code 2', () => {
    const out = spawnSync(join(root, 'node_modules/.bin/tsx'), ['emulator/cli.ts', '--port', '0', '--guid-interval-ms', '500', '--guid-timeout-ms', '400'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--guid-interval-ms must be smaller than --guid-timeout-ms');
    expect(out.stderr).toContain('Usage: npm run emulator');
  });
});

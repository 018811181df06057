/**
 * A real syslog collector for tests: Debian's rsyslogd (imtcp with the GnuTLS stream driver),
 * started in the foreground with its own config, work folder and pid file on 127.0.0.1 at a
 * free port, writing every message it receives to a file, one line per message with its parsed
 * RFC 5424 fields. It never touches the system rsyslog (no default config, no /dev/log).
 * Stop and start again keep the port, as a collector restarted by IT would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/rsyslog', '/usr/lib/aarch64-linux-gnu/rsyslog', '/usr/lib/rsyslog'];

/** Null when rsyslogd and its TLS driver are installed; otherwise why the tests must skip. */
export function rsyslogMissing(): string | null {
  if (!existsSync(RSYSLOGD)) return `${RSYSLOGD} is not installed (apt-get install rsyslog rsyslog-gnutls)`;
  if (!MODULE_DIRS.some((dir) => existsSync(path.join(dir, 'lmnsd_gtls.so')))) return 'the rsyslog GnuTLS driver is not installed (apt-get install rsyslog-gnutls)';
  return null;
}

export interface ReceivedMessage {
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly pri: number;
  readonly structuredData: string;
  readonly msg: string;
  /** The `id` parameter of our structured data element. */
  readonly id: string | null;
  readonly target: string | null;
}

export interface CollectorTls {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  /** 'anon': any client; 'x509/certvalid': clients must present a certificate the CA issued. */
  readonly authMode?: 'anon' | 'x509/certvalid';
  /**
   * What holds a record between reading it and writing it (docs/deployment.md §9):
   * 'memory' (rsyslog's default in-memory main queue), 'direct' (written before the next is read),
   * 'disk' (a disk queue checkpointed at every record, replayed after a restart).
   */
  readonly queue?: 'memory' | 'direct' | 'disk';
}

export interface RsyslogCollector {
  readonly port: number;
  readonly receivedFile: string;
  start(): Promise<void>;
  /** SIGTERM, and waits for the process to exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash), and waits for the process to exit. */
  kill(): Promise<void>;
  received(): Promise<ReceivedMessage[]>;
  /** How many messages are in the file so far (cheap: counts lines). */
  count(): Promise<number>;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`rsyslogd did not listen on 127.0.0.1:${port}`);
}

const SD_ID = /id="([^"]+)"/;
const SD_TARGET = /target="([^"]+)"/;

export async function createRsyslogCollector(dir: string, tls: CollectorTls): Promise<RsyslogCollector> {
  const port = await freePort();
  const work = path.join(dir, 'work');
  await mkdir(work, { recursive: true });
  const files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
  await writeFile(files.ca, tls.ca);
  await writeFile(files.cert, tls.cert);
  await writeFile(files.key, tls.key, { mode: 0o600 });
  const receivedFile = path.join(dir, 'received.log');
  const pidFile = path.join(dir, 'rsyslogd.pid');
  const conf = path.join(dir, 'rsyslog.conf');
  const queue = tls.queue ?? 'memory';
  const rulesetQueue = queue === 'disk' ? ' queue.type="Disk" queue.filename="audit" queue.checkpointInterval="1" queue.syncQueueFiles="on"' : '';
  // Fields separated by a character our messages never contain; %msg% last.
  await writeFile(
    conf,
    [
      ...(queue === 'direct' ? ['main_queue(queue.type="Direct")'] : []),
      `global(workDirectory="${work}" DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="${files.ca}"`,
      `       DefaultNetstreamDriverCertFile="${files.cert}" DefaultNetstreamDriverKeyFile="${files.key}")`,
      `module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="${tls.authMode ?? 'anon'}")`,
      `input(type="imtcp" port="${port}" address="127.0.0.1" ruleset="audit")`,
      `template(name="fields" type="string" string="%hostname%\t%app-name%\t%procid%\t%msgid%\t%pri%\t%structured-data%\t%msg%\\n")`,
      `ruleset(name="audit"${rulesetQueue}) { action(type="omfile" file="${receivedFile}" template="fields" flushOnTXEnd="on" asyncWriting="off") }`,
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    if (child) return;
    await rm(pidFile, { force: true });
    const started = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', pidFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (data: Buffer) => (output += data.toString()));
    started.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    const exited = new Promise<never>((_, reject) => started.once('exit', (code) => reject(new Error(`rsyslogd exited (${code}): ${output.slice(-2000)}`))));
    await Promise.race([listening(port, Date.now() + 10_000), exited]);
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async function kill(): Promise<void> {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  }

  async function received(): Promise<ReceivedMessage[]> {
    const text = await readFile(receivedFile, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [hostname = '', appName = '', procId = '', msgId = '', pri = '', structuredData = '', ...rest] = line.split('\t');
        return {
          hostname,
          appName,
          procId,
          msgId,
          pri: Number(pri),
          structuredData,
          msg: rest.join('\t'),
          id: SD_ID.exec(structuredData)?.[1] ?? null,
          target: SD_TARGET.exec(structuredData)?.[1] ?? null,
        };
      });
  }

  async function count(): Promise<number> {
    const data = await readFile(receivedFile).catch(() => Buffer.alloc(0));
    let lines = 0;
    for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) lines += 1;
    return lines;
  }

  return { port, receivedFile, start, stop, kill, received, count, dispose: stop };
}

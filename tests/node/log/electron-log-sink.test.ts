import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import log from 'electron-log/node';
import { afterAll, describe, expect, it } from 'vitest';
import { electronLogSink } from '@main/log/electron-log-sink';
import { createLogger } from '@main/log/logger';

/** The app's sink: electron-log (its Node build here, electron-log/main in the app) writing a real file. */
const dir = mkdtempSync(join(tmpdir(), 'wc-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electronLogSink', () => {
  it('writes redacted lines at the right level to the electron-log file', async () => {
    const file = join(dir, 'main.log');
    const instance = log.create({ logId: 'gateway-test' });
    instance.transports.console.level = false;
    instance.transports.file.resolvePathFn = () => file;
    instance.transports.file.level = 'debug';
    instance.transports.file.format = '[{level}] {text}';
    const logger = createLogger(electronLogSink(instance));

    logger.info('requestStopWhisperAgent', { agentId: '101', retcode: '0', durationMs: 7, guid: 'secret-guid' });
    logger.debug('getAgentEvent', { agentId: '101', note: '279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway1' });
    logger.warn('w');
    logger.error('e');

    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = readFileSync(file, 'utf8');
    // electron-log pads the level name to a fixed width.
    expect(text).toMatch(/^\[info\] +requestStopWhisperAgent agentId=101 retcode=0 durationMs=7 guid=\[redacted\]$/m);
    expect(text).toMatch(/^\[debug\] +getAgentEvent agentId=101 note=\[redacted\]$/m);
    expect(text).toMatch(/^\[warn\] +w$/m);
    expect(text).toMatch(/^\[error\] +e$/m);
    expect(text).not.toContain('secret-guid');
    expect(text).not.toContain('279fe21d');
  });
});

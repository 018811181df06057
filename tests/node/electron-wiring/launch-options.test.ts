import { describe, expect, it } from 'vitest';
import { shouldStartDemoGateway, userArguments } from '../../../main/electron/launch-options';

const dev = { packaged: false, appPath: '/repo', workingDirectory: '/repo' };
const packaged = { packaged: true, appPath: '/opt/Whisper Control/resources/app.asar', workingDirectory: '/home/me' };

describe('user arguments', () => {
  it('drops the executable, the unpackaged app path wherever Chromium put it, and launch noise', () => {
    expect(userArguments(['/usr/bin/electron', '.', '--stop'], dev)).toEqual(['--stop']);
    expect(userArguments(['/usr/bin/electron', '--stop', '--original-process-start-time=1325', '.'], dev)).toEqual(['--stop']);
    expect(userArguments(['/usr/bin/electron', '/repo', '--demo'], dev)).toEqual([]);
    expect(userArguments(['/usr/bin/electron', '..', '--', 'whisper-control://stop'], { ...dev, workingDirectory: '/repo/sub' })).toEqual(['whisper-control://stop']);
    expect(userArguments(['/opt/Whisper Control/whisper-control', 'whisper-control://stop'], packaged)).toEqual(['whisper-control://stop']);
    expect(userArguments(['C:\\Program Files\\Whisper Control\\Whisper Control.exe', '-psn_0_12345', '--back-to-listen'], packaged)).toEqual(['--back-to-listen']);
  });

  it('keeps whatever else there is, for the parser to refuse and log', () => {
    expect(userArguments(['/usr/bin/electron', '.', '--format-disk', 'x'], dev)).toEqual(['--format-disk', 'x']);
    expect(userArguments(['/opt/wc', '.'], packaged)).toEqual(['.']);
  });
});

describe('demo gateway decision', () => {
  it('starts the emulator only without a configured gateway, and in a packaged build only with --demo', () => {
    expect(shouldStartDemoGateway({ demoFlag: false, packaged: false, configuredGatewayUrl: null })).toBe(true);
    expect(shouldStartDemoGateway({ demoFlag: true, packaged: true, configuredGatewayUrl: null })).toBe(true);
    expect(shouldStartDemoGateway({ demoFlag: false, packaged: true, configuredGatewayUrl: null })).toBe(false);
    expect(shouldStartDemoGateway({ demoFlag: true, packaged: false, configuredGatewayUrl: 'https://cc.example:8043' })).toBe(false);
    expect(shouldStartDemoGateway({ demoFlag: true, packaged: true, configuredGatewayUrl: 'https://cc.example:8043' })).toBe(false);
  });
});

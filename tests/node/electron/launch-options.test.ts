import { describe, expect, it } from 'vitest';
import { demoGatewayAllowed } from '@main/electron/launch-options';
import { userArguments } from '@main/surfaces/external-triggers';

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
  it('allows the emulator in a development run, and in a packaged build only with --demo (services start it only without a gateway URL)', () => {
    expect(demoGatewayAllowed({ demoFlag: false, packaged: false })).toBe(true);
    expect(demoGatewayAllowed({ demoFlag: true, packaged: true })).toBe(true);
    expect(demoGatewayAllowed({ demoFlag: true, packaged: false })).toBe(true);
    expect(demoGatewayAllowed({ demoFlag: false, packaged: true })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { policyPath } from '@main/settings/policy';

describe('admin policy location', () => {
  it('is machine-wide and documented per OS', () => {
    expect(policyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\WhisperControl\\policy.json');
    expect(policyPath('win32', {})).toBe('C:\\ProgramData\\WhisperControl\\policy.json');
    expect(policyPath('darwin', {})).toBe('/Library/Application Support/WhisperControl/policy.json');
    expect(policyPath('linux', {})).toBe('/etc/whisper-control/policy.json');
  });
});

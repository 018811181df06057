import type { SessionSnapshot } from '@app/whisper';

/** A signed-in session snapshot with nothing monitored, changed by `overrides` (what the test is about). */
export function sessionSnapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    phase: 'signed-in',
    gatewayUrl: 'https://127.0.0.1:8043',
    agentId: '101',
    authMode: 'dynamic',
    demo: false,
    pollFailures: 0,
    whisper: null,
    notice: null,
    ...overrides,
  };
}

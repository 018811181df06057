/**
 * Seeded demo data (team brief). Everyone's tests rely on these exact IDs, so change nothing
 * without the lead. Agents (not only inspectors) accept the demo password too, so tests can sign
 * in as an agent with a forced sign-in and read the AgentOther_BeQc* events it receives.
 */
export const DEMO_PASSWORD = 'Inspect0r!';
export const DEMO_PHONE = '70101';
export const PHONE_RANGE = { min: 70000, max: 79999 } as const;

export type Role = 'inspector' | 'agent';

export interface SeedAgent {
  id: string;
  vdn: number;
  role: Role;
  /** On a simulated customer call, so it can be whispered to. */
  onCall: boolean;
  /** Signed in from a desk client the emulator simulates: a sign-in here answers 100-002. */
  signedInElsewhere: boolean;
}

export const SEED_AGENTS: readonly SeedAgent[] = [
  { id: '101', vdn: 1, role: 'inspector', onCall: false, signedInElsewhere: false },
  { id: '102', vdn: 1, role: 'inspector', onCall: false, signedInElsewhere: false },
  { id: '1001', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true },
  { id: '1002', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true },
  { id: '1003', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true },
  { id: '1004', vdn: 1, role: 'agent', onCall: false, signedInElsewhere: true },
  { id: '201', vdn: 2, role: 'inspector', onCall: false, signedInElsewhere: false },
  { id: '2001', vdn: 2, role: 'agent', onCall: true, signedInElsewhere: true },
  { id: '2002', vdn: 2, role: 'agent', onCall: false, signedInElsewhere: false },
];

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
  /** Shown in the roster (protocol §1.9 `name`). */
  name?: string;
  /** Roster status while signed in and off a call (§1.9: 3 busy, 4 idle, 5 wrap-up, 6 idle-equivalent, 8 resting). */
  offCallStatus?: OffCallStatus;
}

export type OffCallStatus = '3' | '4' | '5' | '6' | '8';

export const SEED_AGENTS: readonly SeedAgent[] = [
  { id: '101', vdn: 1, role: 'inspector', onCall: false, signedInElsewhere: false, name: 'Chen Jing' },
  { id: '102', vdn: 1, role: 'inspector', onCall: false, signedInElsewhere: false, name: 'Ana Souza' },
  { id: '1001', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true, name: 'Wang Fang' },
  { id: '1002', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true, name: 'Li Na' },
  { id: '1003', vdn: 1, role: 'agent', onCall: true, signedInElsewhere: true, name: 'Omar Haddad' },
  { id: '1004', vdn: 1, role: 'agent', onCall: false, signedInElsewhere: true, name: 'Zhang Wei' },
  { id: '201', vdn: 2, role: 'inspector', onCall: false, signedInElsewhere: false, name: 'Liu Yang' },
  { id: '2001', vdn: 2, role: 'agent', onCall: true, signedInElsewhere: true, name: 'Sara Lindqvist' },
  { id: '2002', vdn: 2, role: 'agent', onCall: false, signedInElsewhere: false, name: 'Zhao Lei' },
];

/** How many generated agents join VDN 1 by default, so the roster shows a real list (IDs 1005 up). */
export const DEFAULT_CROWD_SIZE = 56;
const CROWD_FIRST_ID = 1005;
/** 5-digit work numbers stay within the older 101–59999 range. */
export const MAX_CROWD_SIZE = 50_000;

const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'Lin', 'He', 'Gao', 'Luo'];
const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Jun', 'Yan', 'Hui', 'Tao', 'Ping', 'Xin', 'Qiang', 'Lan', 'Hong', 'Bo', 'Ying', 'Chao', 'Li', 'Ning', 'Yu', 'Kai'];
const OFF_CALL_CYCLE: readonly OffCallStatus[] = ['4', '3', '4', '5', '8', '6', '4'];

/**
 * Generated VDN 1 agents for the roster (deterministic, so screenshots are stable): about two in five
 * on a call, one in eleven signed out, the rest idle, busy, wrap-up, idle-equivalent or resting.
 */
export function crowdAgents(count: number): SeedAgent[] {
  const size = Math.max(0, Math.min(MAX_CROWD_SIZE, Math.floor(count)));
  return Array.from({ length: size }, (_, i) => ({
    id: String(CROWD_FIRST_ID + i),
    vdn: 1,
    role: 'agent' as const,
    onCall: i % 11 !== 7 && (i % 5 === 0 || i % 5 === 3),
    signedInElsewhere: i % 11 !== 7,
    name: `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length]}`,
    offCallStatus: OFF_CALL_CYCLE[i % OFF_CALL_CYCLE.length],
  }));
}

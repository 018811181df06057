import type { enViews } from './panel-en-views';

/**
 * English panel strings shown before any view is opened: Stop, the status line, the Control view. `{name}` marks a value filled in at render time. The views' own strings are in
 * panel-en-views.ts, loaded with those views and the confirmations.
 */
export const en = {
  title: 'Whisper Control',
  demo: 'Demo gateway',
  'nav.control': 'Control',
  'nav.agents': 'Agents',
  'nav.history': 'History',
  'nav.settings': 'Settings',

  session: 'Session',
  gateway: 'Gateway',
  authMode: 'Auth mode',
  notSet: 'Not set',
  'auth.static': 'Static Guid',
  'auth.dynamic': 'Dynamic Guid',
  'auth.unknown': 'Not known yet',
  signOut: 'Sign out',

  signIn: 'Sign in',
  signInAs: 'Inspector {agent}',
  noAgentId: 'Set your agent ID in Settings first.',
  password: 'Password',
  forceHeading: 'Already signed in elsewhere',
  forceIntro: 'Forcing signs the other place out. Enter your password again to confirm.',
  force: 'Force sign-in',
  cancel: 'Cancel',

  unknownTarget: 'unknown agent',

  targetLabel: 'Target agent ID',
  targetHint: 'Work number {min}–{max}, digits only.',


  'status.signed-in': 'Signed in',
  'status.signed-out': 'Signed out',
  'status.wrap-up': 'Wrap-up',
  'status.idle-like': 'Idle (other)',
  'act.listen': 'Listen',
  'act.whisper': 'Whisper',
  'act.insert': 'Barge in',
  'act.intercept': 'Take over',
  'done.listen': 'Listening to {target}.',
  'done.insert': 'Barged in on {target}: the customer hears you.',
  'done.intercept': 'You took the call over from {target}; the agent is released.',



  targetMissing: 'Enter a target work number ({min}–{max}).',
  targetNotDecimal: 'Use digits only, no leading zero or spaces ({min}–{max}).',
  targetOutOfRange: '{value} is outside {min}–{max}.',

  stopped: 'Stopped whispering to {target}.',
  stoppedNoTarget: 'Stopped whispering.',
  started: 'Whispering to {target}.',
  signedIn: 'Signed in.',
  signedOut: 'Signed out.',
  retried: 'Retried without a target after the gateway refused {target}.',
  reconciled: 'The gateway had already ended it: the first request got through.',
  saved: 'Saved to {path}.',
  notSaved: 'Nothing was saved.',
  logsOpened: 'Opened the logs folder.',
  logsFailed: 'Could not open the logs folder.',
  noAnswer: 'Whisper Control did not answer: {detail}',


  history: 'Recent actions',
  action: 'Action',
  result: 'Result',
  ok: 'OK',
  'group.inspector': 'Inspector',
  'field.language': 'Language',
  // What Stop ends names it (app/monitoring.ts stopLabelKey); with the agent when one is known.
  'stopLabel.whisper': 'Stop whispering',
  'stopLabel.listen': 'Stop listening',
  'stopLabel.insert': 'Stop barging in',
  'stopOn.whisper': 'Stop whispering to {agent}',
  'stopOn.listen': 'Stop listening to {agent}',
  'stopOn.insert': 'Stop barging in on {agent}',
  stopNothing: 'Nothing to stop: sign in first',

  'line.signedOut': 'Signed out: sign in to monitor.',
  'line.signingIn': 'Signing in…',
  'line.idle': 'Connected. Not monitoring anyone.',
  'line.whisper': 'Whispering to {agent}',
  'line.listen': 'Listening to {agent}',
  'line.insert': 'Barging in on {agent}: the customer hears you',
  'line.since': 'since {time} · {elapsed}',
  'line.unstable': '{count} failed polls: retrying. Stop still works.',
  'line.lost': 'Connection lost: retrying. Stop still works.',
  'line.expired': 'Session expired: sign in again.',
  'line.expiredMaybe': 'A whisper may still run on the gateway: sign in again and stop it.',
  'line.expiredWhisper': 'The whisper to {agent} may still run on the gateway: sign in again and stop it.',
  details: 'Details',

  'group.silent': 'Silent: the customer does not hear you',
  'group.heard': 'Heard: the customer hears you',
  current: 'Current',
  targetEmptyMonitored: 'Empty: acts on {agent}, whom you are monitoring.',



  // A view whose code could not be loaded (docs/performance.md, "Renderer"); Stop above still works.
  'view.failed': 'This view could not be loaded. Stop still works.',
  'view.retry': 'Retry',
  // A confirmation whose code could not be loaded: the held action was not done.
  'confirmation.failed': 'The confirmation could not be loaded, so nothing was done. Stop still works.',
} as const;

/** A key the first load can show. */
export type PanelKey = keyof typeof en;
/** A key only a view loaded on first open shows. */
export type ViewKey = keyof typeof enViews;
export type MessageKey = PanelKey | ViewKey;
export type Messages = { readonly [K in MessageKey]: string };

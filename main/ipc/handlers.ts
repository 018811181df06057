/**
 * The main-side IPC handlers, one per request channel of app/ipc-contract.ts.
 * Each checks the sender (our own page, main frame), validates the request
 * against its schema, and only then calls the services. A handler never throws
 * and never rejects: refusals and unexpected errors come back as typed data in
 * the channel's own failure shape, or as an IpcRefusal (app/ipc-refusal.ts).
 * The Electron wiring registers these with ipcMain.handle; tests call them directly.
 */
import { explainFailure } from '../../app/i18n/failure-explanations';
import { unexpectedFailure, type Failure } from '../../app/failures';
import { validationText } from '../../app/i18n/validation';
import type { ActionResult, RequestChannel, RequestOf, WhisperAction } from '../../app/ipc-contract';
import type { HandlerResponse, IpcRefusal, IpcRefusalReason } from '../../app/ipc-refusal';
import type { SettingsProblem } from '../../app/settings';
import { z } from 'zod';
import { notPerformed } from '../actions/action-result';
import type { ForwardingStatus } from '../../app/audit-forwarding';
import type { ConnectionTestResult, HistoryEntry } from '../../app/ipc-contract';
import type { RosterResult } from '../../app/roster';
import type { SaveSettingsResult, Settings, SettingsView } from '../../app/settings';
import type { SessionSnapshot } from '../../app/whisper';
import type { ExportTools } from '../actions/export-tools';
import type { InspectorActions } from '../actions/whisper-actions';
import type { Logger } from '../log/logger';
import { settingsErrors } from '../settings/schema';
import { createRequestSchemas, parseRequest, type RequestSchemas } from './request-schemas';
import { isTrustedSender, type IpcSender, type TrustedSenderOptions } from './sender';
import { senderRefusedFailure, validationFailureOf } from './validation-failure';

export type IpcHandler<C extends RequestChannel> = (request: unknown, sender: IpcSender) => Promise<HandlerResponse<C>>;
export type IpcHandlers = { readonly [C in RequestChannel]: IpcHandler<C> };

export interface IpcHandlerOptions extends TrustedSenderOptions {}

/**
 * The port the IPC handlers declare: the part of the services the panel can reach, and nothing of
 * the shell, the reminder or the rebuild. The composition root (main/compose.ts) satisfies it.
 */
export interface IpcServices extends ExportTools {
  readonly logger: Logger;
  readonly actions: InspectorActions;
  snapshot(): SessionSnapshot;
  roster(): Promise<RosterResult>;
  forwardingStatus(): ForwardingStatus;
  agentIdUpperBound(): number;
  settingsView(): SettingsView;
  saveSettings(changes: Partial<Settings>): Promise<SaveSettingsResult>;
  testConnection(changes?: Partial<Settings>): Promise<ConnectionTestResult>;
  history(): readonly HistoryEntry[];
}

type Work<C extends RequestChannel> = (services: IpcServices, request: RequestOf<C>) => Promise<HandlerResponse<C>>;
type Refuse<C extends RequestChannel> = (reason: IpcRefusalReason, failure: Failure, error?: z.ZodError) => HandlerResponse<C>;

/** Every panel action comes from the panel; the tray, shortcut and external triggers call the services directly. */
const PANEL = 'panel' as const;

const WORK: { readonly [C in RequestChannel]: Work<C> } = {
  'whisper:stop': (s, r) => s.actions.stop({ trigger: PANEL, ...(r.whisperAgentId !== undefined && { whisperAgentId: r.whisperAgentId }) }),
  'whisper:start': (s, r) => s.actions.start({ trigger: PANEL, whisperAgentId: r.whisperAgentId }),
  'whisper:switch': (s, r) =>
    s.actions.switchMode({
      trigger: PANEL,
      mode: r.mode,
      ...(r.whisperAgentId !== undefined && { whisperAgentId: r.whisperAgentId }),
      ...(r.confirmed !== undefined && { confirmed: r.confirmed }),
    }),
  'whisper:back-to-listen': (s) => s.actions.backToListen({ trigger: PANEL }),
  'whisper:listen': (s, r) => s.actions.listen({ trigger: PANEL, whisperAgentId: r.whisperAgentId }),
  'whisper:insert': (s, r) => s.actions.insert({ trigger: PANEL, whisperAgentId: r.whisperAgentId, ...(r.confirmed !== undefined && { confirmed: r.confirmed }) }),
  'whisper:intercept': (s, r) => s.actions.intercept({ trigger: PANEL, whisperAgentId: r.whisperAgentId, ...(r.confirmed !== undefined && { confirmed: r.confirmed }) }),
  'roster:get': (s) => s.roster(),
  'session:get-state': async (s) => s.snapshot(),
  'session:sign-in': (s, r) => s.actions.signIn({ trigger: PANEL, password: r.password, ...(r.force !== undefined && { force: r.force }) }),
  'session:sign-out': (s) => s.actions.signOut({ trigger: PANEL }),
  'settings:get': async (s) => s.settingsView(),
  'settings:save': (s, r) => s.saveSettings(r.changes),
  'settings:test-connection': (s, r) => s.testConnection(r.changes),
  'history:get': async (s) => s.history(),
  'history:export-csv': (s) => s.exportHistoryCsv(),
  'app:open-logs-folder': (s) => s.openLogsFolder(),
  'app:export-diagnostics': (s) => s.exportDiagnostics(),
  'audit-forwarding:get-status': async (s) => s.forwardingStatus(),
};

/** The channels this module handles, derived from the handler table itself. */
export const HANDLED_CHANNELS = Object.freeze(Object.keys(WORK) as RequestChannel[]);

/** Every failure leaves main with its words in both languages (see explainFailure). */
function explained<T>(response: T): T {
  const failure = (response as { failure?: Failure | null }).failure;
  return failure ? { ...response, explanation: explainFailure(failure) } : response;
}

function refusal(reason: IpcRefusalReason, failure: Failure): IpcRefusal {
  return { ok: false, refused: reason, failure };
}

/** A request refused before it reached the actions: shaped by the actions layer's own builder. */
function actionRefusal(action: WhisperAction): (reason: IpcRefusalReason, failure: Failure) => ActionResult {
  return (_reason, failure) => notPerformed(action, null, failure);
}

/** A refused save that is not a validation failure: the sentence of its kind, in both languages. */
function problemOf(failure: Failure): SettingsProblem {
  const key = failure.kind === 'validation' ? failure.field : 'request';
  if (failure.kind === 'validation') return failure.zh === undefined ? { key, message: failure.message } : { key, message: failure.message, zh: failure.zh };
  const text = validationText('request.unhandled');
  return { key, message: text.en, zh: text['zh-CN'] };
}

const REFUSE: { readonly [C in RequestChannel]: Refuse<C> } = {
  'whisper:stop': actionRefusal('stop'),
  'whisper:start': actionRefusal('start'),
  'whisper:switch': actionRefusal('switch'),
  'whisper:back-to-listen': actionRefusal('back-to-listen'),
  'whisper:listen': actionRefusal('listen'),
  'whisper:insert': actionRefusal('insert'),
  'whisper:intercept': actionRefusal('intercept'),
  'roster:get': (_reason, failure) => ({ ok: false, failure }),
  'session:sign-in': actionRefusal('sign-in'),
  'session:sign-out': actionRefusal('sign-out'),
  'settings:save': (_reason, failure, error) => ({
    ok: false,
    errors: changesErrors(error) ?? [problemOf(failure)],
  }),
  'settings:test-connection': (_reason, failure) => ({ ok: false, durationMs: 0, certificate: null, failure }),
  'session:get-state': refusal,
  'settings:get': refusal,
  'history:get': refusal,
  'history:export-csv': refusal,
  'app:open-logs-folder': refusal,
  'app:export-diagnostics': refusal,
  'audit-forwarding:get-status': refusal,
};

/** Problems inside `changes`, in the settings module's own words and keyed by setting name. */
function changesErrors(error: z.ZodError | undefined): SettingsProblem[] | null {
  if (!error || !error.issues.every((issue) => issue.path[0] === 'changes' && (issue.path.length > 1 || issue.code === 'unrecognized_keys'))) return null;
  const inner = error.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) }));
  return settingsErrors(new z.ZodError(inner)).map((e) => ({
    key: e.key.slice(0, 60),
    message: e.message.slice(0, 240),
    ...(e.zh !== undefined && { zh: e.zh.slice(0, 240) }),
  }));
}

export function createIpcHandlers(services: IpcServices, options: IpcHandlerOptions = {}): IpcHandlers {
  const logger = services.logger;
  let cached: { bound: number; schemas: RequestSchemas } | null = null;
  const validation = (): { bound: number; schemas: RequestSchemas } => {
    const bound = services.agentIdUpperBound();
    if (cached === null || cached.bound !== bound) cached = { bound, schemas: createRequestSchemas({ agentIdUpperBound: bound }) };
    return cached;
  };

  function handlerFor<C extends RequestChannel>(channel: C): IpcHandler<C> {
    const work = WORK[channel] as Work<C>;
    const refuse = REFUSE[channel] as Refuse<C>;
    return async (request, sender) => {
      try {
        if (!isTrustedSender(sender, options)) {
          logger.warn('IPC request from an untrusted sender refused', { channel });
          return explained(refuse('untrusted-sender', senderRefusedFailure()));
        }
        const { schemas } = validation();
        const parsed = parseRequest(schemas, channel, request);
        if (!parsed.success) {
          const failure = validationFailureOf(parsed.error);
          logger.info('IPC request refused by validation', { channel, field: failure.field, problem: failure.problem });
          return explained(refuse('invalid-request', failure, parsed.error));
        }
        return explained(await work(services, parsed.data as RequestOf<C>));
      } catch (error) {
        logger.error('IPC handler failed unexpectedly', { channel, error: error instanceof Error ? error.name : typeof error });
        return explained(refuse('internal-error', unexpectedFailure(error)));
      }
    };
  }

  const handlers = {} as { [C in RequestChannel]: IpcHandler<C> };
  for (const channel of HANDLED_CHANNELS) (handlers as Record<RequestChannel, unknown>)[channel] = handlerFor(channel);
  return handlers;
}

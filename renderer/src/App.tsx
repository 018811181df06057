import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { AGENT_ID_MAX_CLASSIC } from '../../app/agent-id';
import type { ActionResult, HistoryEntry, WhisperControlApi } from '../../app/ipc-contract';
import { LANGUAGE_NAMES, type Language } from '../../app/i18n/language';
import { canStop, currentMonitoring, isSignedIn, planStart } from '../../app/monitoring';
import type { Settings, SettingsView as View } from '../../app/settings';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';
import type { Held } from './components/Confirmation';
import type { RowAction } from './components/RosterView';
import { FadingContext, ResultLine } from './components/ResultLine';
import { SignInForm } from './components/SignInForm';
import { StatusLine } from './components/StatusLine';
import { StopBar } from './components/StopBar';
import { ViewBoundary } from './components/ViewBoundary';
import { WhisperControls } from './components/WhisperControls';
import type { Outcome } from './describe';
import { I18nContext, resolveLanguage, translator, useCatalogue, type Translate } from './i18n';
import { useRoster } from './use-roster';

/** Fetched once the panel is idle, so a confirmation is there before anyone needs it; again after a failure. */
let confirmationModule: Promise<typeof import('./components/Confirmation')> | null = null;
function loadConfirmation() {
  confirmationModule ??= import('./components/Confirmation').catch((error: unknown) => {
    confirmationModule = null;
    throw error;
  });
  return confirmationModule;
}

/** A new one after a failure: a lazy component keeps its failure. */
function lazyConfirmation() {
  return lazy(() => loadConfirmation().then((module) => ({ default: module.Confirmation })));
}

/**
 * The Agents, History and Settings views are loaded when first opened, the confirmations on first use
 * (fetched when the panel is idle): the JavaScript a person waits for before Stop works stays within
 * its budget (docs/performance.md, "Renderer").
 */
function lazyViews() {
  return {
    RosterView: lazy(() => import('./components/RosterView').then((module) => ({ default: module.RosterView }))),
    HistoryView: lazy(() => import('./components/HistoryView').then((module) => ({ default: module.HistoryView }))),
    SettingsView: lazy(() => import('./components/SettingsView').then((module) => ({ default: module.SettingsView }))),
  };
}

type Section = 'control' | 'agents' | 'history' | 'settings';
const SECTIONS: readonly Section[] = ['control', 'agents', 'history', 'settings'];
/** Where a result is shown: beside the control that caused it. */
type Place = 'stop' | Section;
/** A success fades after this long (over its last FADE_MS); a failure stays until the next action. */
const SUCCESS_SHOWN_MS = 8000;
const FADE_MS = 400;

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App({ api }: { api: WhisperControlApi }) {
  const [snapshot, setSnapshot] = useState<SessionSnapshot | null>(null);
  const [settingsView, setSettingsView] = useState<View | null>(null);
  const [history, setHistory] = useState<readonly HistoryEntry[]>([]);
  const [placed, setPlaced] = useState<{ readonly outcome: Outcome; readonly place: Place; readonly fading?: true } | null>(null);
  const [section, setSection] = useState<Section>('control');
  const [pending, setPending] = useState(0);
  const [forceSignIn, setForceSignIn] = useState(false);
  const [held, setHeld] = useState<Held | null>(null);
  const [languageOverride, setLanguageOverride] = useState<Language | null>(null);
  /** Recreated by Retry: a lazy view whose chunk failed to load keeps its failure until then. */
  const [{ RosterView, HistoryView, SettingsView }, setViews] = useState(lazyViews);
  const [Confirmation, setConfirmation] = useState(lazyConfirmation);
  const stopRef = useRef<HTMLButtonElement>(null);
  /** The control that opened a confirmation: focus goes back to it when the dialog closes. */
  const opener = useRef<HTMLElement | null>(null);
  const wasSignedIn = useRef(false);
  /** Set while the person signs in through the form: only then does Stop take the focus. */
  const signingIn = useRef(false);

  const show = useCallback((outcome: Outcome, place: Place) => setPlaced({ outcome, place }), []);

  useEffect(() => {
    // Subscribe before reading so no change between the two is missed.
    const offState = api.onStateChanged((next) => {
      setSnapshot(next);
      // An earlier result beside an expired session would contradict it: the status line says what happened.
      if (next.phase === 'expired') setPlaced(null);
    });
    const offHistory = api.onHistoryChanged(setHistory);
    // A save or an admin policy applied while the panel is open: values and locks follow without a reload.
    const offSettings = api.onSettingsChanged(setSettingsView);
    api.getState().then(setSnapshot, (error: unknown) => show({ type: 'bridge-error', detail: errorDetail(error) }, 'control'));
    api.getSettings().then(setSettingsView, (error: unknown) => show({ type: 'bridge-error', detail: errorDetail(error) }, 'control'));
    api.getHistory().then(setHistory, () => undefined);
    return () => {
      offState();
      offHistory();
      offSettings();
    };
  }, [api, show]);

  // A success fades; a failure stays until the next action replaces it.
  useEffect(() => {
    if (!placed || placed.outcome.type === 'bridge-error' || !('ok' in placed.outcome ? placed.outcome.ok : placed.outcome.result.ok)) return;
    if (placed.fading) {
      const timer = setTimeout(() => setPlaced((shown) => (shown === placed ? null : shown)), FADE_MS);
      return () => clearTimeout(timer);
    }
    const timer = setTimeout(() => setPlaced((shown) => (shown === placed ? { ...placed, fading: true } : shown)), SUCCESS_SHOWN_MS - FADE_MS);
    return () => clearTimeout(timer);
  }, [placed]);

  const settings = settingsView?.settings ?? null;
  const wanted = languageOverride ?? resolveLanguage(settings?.language ?? 'system', navigator.language);
  const language = useCatalogue(wanted);
  const i18n = useMemo(() => ({ language: language ?? 'en', t: translator(language ?? 'en') }), [language]);
  const other: Language = wanted === 'en' ? 'zh-CN' : 'en';
  // The first load's strings only: a view's own arrive with it (i18n/views.ts).
  const t: Translate = i18n.t;
  const upperBound = settings?.agentIdUpperBound ?? AGENT_ID_MAX_CLASSIC;
  const signedIn = isSignedIn(snapshot);
  const monitoredTarget = currentMonitoring(snapshot)?.target ?? null;
  const roster = useRoster(api, section === 'agents' && signedIn);
  const names = useMemo(() => new Map((roster.roster?.agents ?? []).map((agent) => [agent.workNo, agent.name])), [roster.roster]);
  // "1002 · Li Na", kept on one line (no-break spaces) wherever a sentence wraps.
  const agentLabel = useCallback((workNo: string) => {
    const name = names.get(workNo);
    return name ? `${workNo}\u00a0·\u00a0${name.replace(/ /g, '\u00a0')}` : workNo;
  }, [names]);

  // Stop and the status line name the monitored agent: fetch the roster once when the name is not known yet.
  const { refresh: refreshRoster } = roster;
  const nameKnown = monitoredTarget === null || names.has(monitoredTarget);
  useEffect(() => {
    if (signedIn && !nameKnown) void refreshRoster();
  }, [signedIn, nameKnown, refreshRoster]);

  // After the first paint, when nothing else is waiting: a failure here is retried when a confirmation is needed.
  const painted = snapshot !== null && language !== null;
  useEffect(() => {
    if (!painted) return;
    const idle = requestIdleCallback(() => void loadConfirmation().catch(() => undefined), { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, [painted]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('title');
  }, [i18n.language, t]);

  // After signing in through the form, focus goes to Stop (the first control of a signed-in panel), never
  // to <body>. A session resumed in the background (a gateway setting saved) leaves the focus where it is,
  // unless it was lost.
  useEffect(() => {
    if (signedIn && !wasSignedIn.current) {
      const lost = document.activeElement === document.body || document.activeElement === null;
      if (signingIn.current || lost) stopRef.current?.focus();
      signingIn.current = false;
    }
    wasSignedIn.current = signedIn;
  }, [signedIn]);

  async function perform(action: () => Promise<ActionResult>, place: Place, mode?: WhisperMode): Promise<ActionResult | null> {
    // The control pressed is disabled while the action runs, which drops its focus: remember it to give it back.
    const from = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    opener.current = from;
    setPending((count) => count + 1);
    try {
      const result = await action();
      // An insert or intercept waiting for its confirmation is a question (the dialog), not a result.
      if (result.ok || (result.needsConfirmation !== 'barge' && result.needsConfirmation !== 'intercept')) {
        show({ type: 'action', result, ...(mode && { mode }) }, place);
      }
      // The list shows what the action changed (who is on a call, who is monitored).
      if (section === 'agents' && (result.ok || result.needsConfirmation === undefined)) void roster.refresh();
      return result;
    } catch (error) {
      show({ type: 'bridge-error', detail: errorDetail(error) }, place);
      return null;
    } finally {
      setPending((count) => count - 1);
      setTimeout(() => {
        if (from?.isConnected && (document.activeElement === document.body || document.activeElement === null)) from.focus();
      }, 0);
    }
  }

  async function signIn(password: string, force: boolean) {
    signingIn.current = true;
    const result = await perform(() => api.signIn(force ? { password, force: true } : { password }), 'control');
    setForceSignIn(result !== null && !result.ok && result.needsConfirmation === 'force-sign-in');
    if (!result?.ok) signingIn.current = false;
  }

  /** Asks before acting; the dialog returns the focus to the control that asked (remembered by perform). */
  function hold(next: Held) {
    setHeld(next);
  }

  function release() {
    setHeld(null);
    const back = opener.current;
    opener.current = null;
    // The dialog's own close runs first; then focus returns to the control that opened it.
    setTimeout(() => (back?.isConnected ? back : stopRef.current)?.focus(), 0);
  }

  const here: Place = section;

  async function switchMode(mode: WhisperMode, target: string | undefined, confirmed = false) {
    const request = { mode, ...(target && { whisperAgentId: target }), ...(confirmed && { confirmed }) };
    const result = await perform(() => api.switchWhisper(request), here, mode);
    if (result && !result.ok && result.needsConfirmation === 'barge') hold({ kind: 'barge', target: target ?? null, start: false });
  }

  async function startInsert(target: string, confirmed = false) {
    const result = await perform(() => api.insert({ whisperAgentId: target, ...(confirmed && { confirmed }) }), here);
    if (result && !result.ok && result.needsConfirmation === 'barge') hold({ kind: 'barge', target, start: true });
  }

  async function intercept(target: string, confirmed = false) {
    const result = await perform(() => api.intercept({ whisperAgentId: target, ...(confirmed && { confirmed }) }), here);
    if (result && !result.ok && result.needsConfirmation === 'intercept') hold({ kind: 'intercept', target });
  }

  /**
   * A roster row's or the target field's action, as the monitoring model plans it (planStart: a start,
   * a switch on the agent already monitored, or nothing when that mode already runs). A row's Stop
   * names its agent; main's planStop decides what it ends.
   */
  function act(action: RowAction, workNo: string) {
    if (action === 'stop') {
      if (canStop(snapshot)) void perform(() => api.stopWhisper({ whisperAgentId: workNo }), here);
      return;
    }
    if (action === 'intercept') return void intercept(workNo);
    const plan = planStart(action, workNo, snapshot);
    if (plan.kind === 'already') return;
    if (plan.kind === 'switch') void switchMode(action, workNo);
    else if (action === 'listen') void perform(() => api.listen({ whisperAgentId: workNo }), here);
    else if (action === 'whisper') void perform(() => api.startWhisper({ whisperAgentId: workNo }), here);
    else void startInsert(workNo);
  }

  function confirmHeld() {
    const current = held;
    release();
    if (current?.kind === 'intercept') void intercept(current.target, true);
    else if (current?.start && current.target) void startInsert(current.target, true);
    else if (current) void switchMode('insert', current.target ?? undefined, true);
  }

  async function runTool(tool: () => Promise<{ ok: boolean; path?: string | null }>, kind: 'file' | 'logs') {
    try {
      const response = await tool();
      show(kind === 'logs' ? { type: 'logs', ok: response.ok } : { type: 'file', ok: response.ok, path: response.path ?? null }, 'history');
    } catch (error) {
      show({ type: 'bridge-error', detail: errorDetail(error) }, 'history');
    }
  }

  async function chooseLanguage(next: Language) {
    setLanguageOverride(next);
    if (!settingsView || settingsView.locked.includes('language')) return;
    const response = await api.saveSettings({ changes: { language: next } });
    if (response.ok) setSettingsView(response.view);
  }

  async function saveSettings(changes: Partial<Settings>) {
    const response = await api.saveSettings({ changes });
    if (response.ok) {
      setSettingsView(response.view);
      if (changes.language) setLanguageOverride(null);
    }
    return response;
  }

  function tabKeys(event: KeyboardEvent<HTMLDivElement>) {
    const index = SECTIONS.indexOf(section);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: SECTIONS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const name = SECTIONS[(next + SECTIONS.length) % SECTIONS.length]!;
    setSection(name);
    document.getElementById(`tab-${name}`)?.focus();
  }

  const outcomeAt = (place: Place) => (placed?.place === place ? placed.outcome : null);
  const fading = placed?.fading === true;

  if (!snapshot || !language) {
    return (
      <I18nContext.Provider value={i18n}>
        <main className="loading">
          <ResultLine outcome={placed?.outcome ?? null} />
        </main>
      </I18nContext.Provider>
    );
  }

  const busy = pending > 0;
  const showSignIn = !signedIn || forceSignIn;

  return (
    <I18nContext.Provider value={i18n}>
      <FadingContext.Provider value={fading}>
      <header>
        <div className="app-header">
          <span className="logo" aria-hidden="true" />
          <h1>{t('title')}</h1>
          {snapshot.demo && <span className="badge demo">{t('demo')}</span>}
        </div>
      <StopBar
        ref={stopRef}
        snapshot={snapshot}
        agentLabel={agentLabel}
        outcome={outcomeAt('stop')}
        onStop={() => void perform(() => api.stopWhisper(), 'stop')}
      />
        <StatusLine snapshot={snapshot} agentLabel={agentLabel} busy={busy} onSignOut={() => void perform(() => api.signOut(), 'control')} />
      </header>
      {/* ARIA tabs: one Tab stop, arrow keys move between the views (and show them). */}
      <nav aria-label={t('title')}>
        <div className="tabs" role="tablist" aria-label={t('title')} onKeyDown={tabKeys}>
        {SECTIONS.map((name) => (
          <button
            key={name}
            id={`tab-${name}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={section === name}
            aria-controls="view"
            tabIndex={section === name ? 0 : -1}
            onClick={() => setSection(name)}
          >
            {t(`nav.${name}`)}
          </button>
        ))}
        </div>
      </nav>
      <main>
        <div id="view" role="tabpanel" aria-labelledby={`tab-${section}`} className={`content content-${section}`}>
        {held && (
          // A confirmation that fails to load says so here, and nothing is done; Stop, above, stays.
          <ViewBoundary
            failed="confirmation.failed"
            onRetry={() => setConfirmation(lazyConfirmation)}
            onCancel={() => {
              setConfirmation(lazyConfirmation);
              release();
            }}
          >
            <Suspense fallback={null}>
              <Confirmation held={held} onCancel={release} onConfirm={confirmHeld} />
            </Suspense>
          </ViewBoundary>
        )}
        {section === 'control' && (
          <>
            {showSignIn && (
              <SignInForm
                agentId={settings?.agentId ?? snapshot.agentId}
                confirmForce={forceSignIn}
                busy={busy || snapshot.phase === 'signing-in'}
                onSignIn={(password, force) => void signIn(password, force)}
                onCancelForce={() => setForceSignIn(false)}
              />
            )}
            {showSignIn && <ResultLine outcome={outcomeAt('control')} />}
            {signedIn && !forceSignIn && (
              <WhisperControls snapshot={snapshot} busy={busy} upperBound={upperBound} agentLabel={agentLabel} outcome={outcomeAt('control')} onAct={act} />
            )}
          </>
        )}
        {/* A view that fails to load says so here; Stop, above, stays. */}
        <ViewBoundary key={section} onRetry={() => setViews(lazyViews())}>
        <Suspense fallback={null}>
        {section === 'agents' && (
          <RosterView state={roster} snapshot={snapshot} busy={busy} outcome={outcomeAt('agents')} onAct={act} />
        )}
        {section === 'history' && (
          <HistoryView
            history={history}
            outcome={outcomeAt('history')}
            onExportCsv={() => void runTool(() => api.exportHistoryCsv(), 'file')}
            onOpenLogs={() => void runTool(() => api.openLogsFolder(), 'logs')}
            onExportDiagnostics={() => void runTool(() => api.exportDiagnostics(), 'file')}
          />
        )}
        {section === 'settings' && settingsView && (
          <SettingsView
            view={settingsView}
            demoGatewayUrl={snapshot.demo ? snapshot.gatewayUrl : null}
            onSave={saveSettings}
            onTest={(changes) => api.testConnection({ changes })}
          />
        )}
        </Suspense>
        </ViewBoundary>
        </div>
      </main>
      {/* Shown at the header's right; last in the Tab order so that Stop comes first. Named in the language it switches to. */}
      <aside aria-label={t('field.language')}>
        <button type="button" className="language" lang={other} aria-label={LANGUAGE_NAMES[other].switchTo} onClick={() => void chooseLanguage(other)}>
          {LANGUAGE_NAMES[other].short}
        </button>
      </aside>
      </FadingContext.Provider>
    </I18nContext.Provider>
  );
}

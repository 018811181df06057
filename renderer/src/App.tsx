import { useEffect, useMemo, useState } from 'react';
import { AGENT_ID_MAX_CLASSIC } from '../../app/agent-id';
import type { ActionResult, HistoryEntry, WhisperControlApi } from '../../app/ipc-contract';
import { LANGUAGE_NAMES, type Language } from '../../app/i18n/language';
import type { Settings, SettingsView as View } from '../../app/settings';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';
import { BargeDialog } from './components/BargeDialog';
import { ConfirmDialog } from './components/ConfirmDialog';
import { RosterView, type RowAction } from './components/RosterView';
import { CurrentWhisper } from './components/CurrentWhisper';
import { HistoryView } from './components/HistoryView';
import { ResultLine } from './components/ResultLine';
import { SessionBadge } from './components/SessionBadge';
import { SettingsView } from './components/SettingsView';
import { SignInForm } from './components/SignInForm';
import { WhisperControls } from './components/WhisperControls';
import type { Outcome } from './describe';
import { I18nContext, resolveLanguage, translator } from './i18n';
import { useRoster } from './use-roster';

type Section = 'control' | 'agents' | 'history' | 'settings';
const SECTIONS: readonly Section[] = ['control', 'agents', 'history', 'settings'];

/** An action held until the person confirms it: an insert (barge guard) or an intercept. */
type Held = { readonly kind: 'barge'; readonly target: string | null; readonly start: boolean } | { readonly kind: 'intercept'; readonly target: string };

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App({ api }: { api: WhisperControlApi }) {
  const [snapshot, setSnapshot] = useState<SessionSnapshot | null>(null);
  const [settingsView, setSettingsView] = useState<View | null>(null);
  const [history, setHistory] = useState<readonly HistoryEntry[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [section, setSection] = useState<Section>('control');
  const [pending, setPending] = useState(0);
  const [forceSignIn, setForceSignIn] = useState(false);
  const [held, setHeld] = useState<Held | null>(null);
  const [languageOverride, setLanguageOverride] = useState<Language | null>(null);

  useEffect(() => {
    // Subscribe before reading so no change between the two is missed.
    const offState = api.onStateChanged((next) => {
      setSnapshot(next);
      // "Signed in." or "Whispering to 1002." beside an expired session would contradict it: the notice says what happened.
      if (next.phase === 'expired') setOutcome((shown) => (shown?.type === 'action' && shown.result.ok ? null : shown));
    });
    const offHistory = api.onHistoryChanged(setHistory);
    api.getState().then(setSnapshot, (error: unknown) => setOutcome({ type: 'bridge-error', detail: errorDetail(error) }));
    api.getSettings().then(setSettingsView, (error: unknown) => setOutcome({ type: 'bridge-error', detail: errorDetail(error) }));
    api.getHistory().then(setHistory, () => undefined);
    return () => {
      offState();
      offHistory();
    };
  }, [api]);

  const settings = settingsView?.settings ?? null;
  const language = languageOverride ?? resolveLanguage(settings?.language ?? 'system', navigator.language);
  const i18n = useMemo(() => ({ language, t: translator(language) }), [language]);
  const other: Language = language === 'en' ? 'zh-CN' : 'en';
  const { t } = i18n;
  const upperBound = settings?.agentIdUpperBound ?? AGENT_ID_MAX_CLASSIC;
  const signedIn = snapshot !== null && (snapshot.phase === 'signed-in' || snapshot.phase === 'connection-lost');
  const roster = useRoster(api, section === 'agents' && signedIn);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language, t]);

  async function perform(action: () => Promise<ActionResult>, mode?: WhisperMode): Promise<ActionResult | null> {
    setPending((count) => count + 1);
    try {
      const result = await action();
      // An insert or intercept waiting for its confirmation is a question (the dialog), not a result.
      if (result.ok || (result.needsConfirmation !== 'barge' && result.needsConfirmation !== 'intercept')) {
        setOutcome({ type: 'action', result, ...(mode && { mode }) });
      }
      // The list shows what the action changed (who is on a call, who is monitored).
      if (section === 'agents' && (result.ok || result.needsConfirmation === undefined)) void roster.refresh();
      return result;
    } catch (error) {
      setOutcome({ type: 'bridge-error', detail: errorDetail(error) });
      return null;
    } finally {
      setPending((count) => count - 1);
    }
  }

  async function signIn(password: string, force: boolean) {
    const result = await perform(() => api.signIn(force ? { password, force: true } : { password }));
    setForceSignIn(result !== null && !result.ok && result.needsConfirmation === 'force-sign-in');
  }

  async function switchMode(mode: WhisperMode, target: string | undefined, confirmed = false) {
    const request = { mode, ...(target && { whisperAgentId: target }), ...(confirmed && { confirmed }) };
    const result = await perform(() => api.switchWhisper(request), mode);
    if (result && !result.ok && result.needsConfirmation === 'barge') setHeld({ kind: 'barge', target: target ?? null, start: false });
  }

  async function startInsert(target: string, confirmed = false) {
    const result = await perform(() => api.insert({ whisperAgentId: target, ...(confirmed && { confirmed }) }));
    if (result && !result.ok && result.needsConfirmation === 'barge') setHeld({ kind: 'barge', target, start: true });
  }

  async function intercept(target: string, confirmed = false) {
    const result = await perform(() => api.intercept({ whisperAgentId: target, ...(confirmed && { confirmed }) }));
    if (result && !result.ok && result.needsConfirmation === 'intercept') setHeld({ kind: 'intercept', target });
  }

  /**
   * A roster row's or the target field's action: on the monitored agent a start becomes a switch.
   * Its Stop names the agent the person chose; the main Stop button names none and main picks
   * (planStop in app/monitoring.ts).
   */
  function act(action: RowAction, workNo: string) {
    const same = snapshot?.whisper?.target === workNo;
    if (action === 'stop') void perform(() => api.stopWhisper({ whisperAgentId: workNo }));
    else if (action === 'intercept') void intercept(workNo);
    else if (same) void switchMode(action, workNo);
    else if (action === 'listen') void perform(() => api.listen({ whisperAgentId: workNo }));
    else if (action === 'whisper') void perform(() => api.startWhisper({ whisperAgentId: workNo }));
    else void startInsert(workNo);
  }

  function confirmHeld() {
    const current = held;
    setHeld(null);
    if (current?.kind === 'intercept') void intercept(current.target, true);
    else if (current?.start && current.target) void startInsert(current.target, true);
    else if (current) void switchMode('insert', current.target ?? undefined, true);
  }

  async function runTool(tool: () => Promise<{ ok: boolean; path?: string | null }>, kind: 'file' | 'logs') {
    try {
      const response = await tool();
      setOutcome(kind === 'logs' ? { type: 'logs', ok: response.ok } : { type: 'file', ok: response.ok, path: response.path ?? null });
    } catch (error) {
      setOutcome({ type: 'bridge-error', detail: errorDetail(error) });
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

  if (!snapshot) {
    return (
      <I18nContext.Provider value={i18n}>
        <main className="loading">{outcome && <ResultLine outcome={outcome} />}</main>
      </I18nContext.Provider>
    );
  }

  const busy = pending > 0;
  const showSignIn = snapshot.phase === 'signed-out' || snapshot.phase === 'expired' || snapshot.phase === 'signing-in' || forceSignIn;

  return (
    <I18nContext.Provider value={i18n}>
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <h1>{t('title')}</h1>
          {snapshot.demo && (
            <span className="badge demo">
              {t('demo')}
            </span>
          )}
        </div>
        {/* Named in the language it switches to, so a reader of either can find it. */}
        <button
          type="button"
          className="button quiet language"
          lang={other}
          aria-label={LANGUAGE_NAMES[other].switchTo}
          onClick={() => void chooseLanguage(other)}
        >
          {LANGUAGE_NAMES[other].short}
        </button>
      </header>
      <nav className="tabs">
        {SECTIONS.map((name) => (
          <button key={name} type="button" className="tab" aria-current={section === name ? 'page' : undefined} onClick={() => setSection(name)}>
            {t(`nav.${name}`)}
          </button>
        ))}
      </nav>
      <ResultLine outcome={outcome} />
      <main className="content">
        {section === 'control' && (
          <>
            <SessionBadge snapshot={snapshot} busy={busy} onSignOut={() => void perform(() => api.signOut())} />
            {showSignIn && (
              <SignInForm
                agentId={settings?.agentId ?? snapshot.agentId}
                confirmForce={forceSignIn}
                busy={busy || snapshot.phase === 'signing-in'}
                onSignIn={(password, force) => void signIn(password, force)}
                onCancelForce={() => setForceSignIn(false)}
              />
            )}
            <CurrentWhisper whisper={snapshot.whisper} />
            <WhisperControls
              whisper={snapshot.whisper}
              signedIn={signedIn}
              busy={busy}
              upperBound={upperBound}
              onStop={() => void perform(() => api.stopWhisper())}
              onBackToListen={() => void perform(() => api.backToListen())}
              onStart={(target) => void perform(() => api.startWhisper({ whisperAgentId: target }))}
              onSwitch={(mode, target) => void switchMode(mode, target)}
              onTargetAction={act}
            />
          </>
        )}
        {section === 'agents' && <RosterView state={roster} whisper={snapshot.whisper} signedIn={signedIn} busy={busy} onAct={act} />}
        {section === 'history' && (
          <HistoryView
            history={history}
            onExportCsv={() => void runTool(() => api.exportHistoryCsv(), 'file')}
            onOpenLogs={() => void runTool(() => api.openLogsFolder(), 'logs')}
            onExportDiagnostics={() => void runTool(() => api.exportDiagnostics(), 'file')}
          />
        )}
        {section === 'settings' && settingsView && (
          <SettingsView view={settingsView} onSave={saveSettings} onTest={(changes) => api.testConnection({ changes })} />
        )}
      </main>
      {held?.kind === 'barge' && <BargeDialog onCancel={() => setHeld(null)} onConfirm={confirmHeld} />}
      {held?.kind === 'intercept' && (
        <ConfirmDialog
          id="intercept"
          heading={t('interceptHeading')}
          body={t('interceptBody', { agent: held.target })}
          confirm={t('act.intercept')}
          cancel={t('interceptCancel')}
          onCancel={() => setHeld(null)}
          onConfirm={confirmHeld}
        />
      )}
    </I18nContext.Provider>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC } from '../../../app/agent-id';
import { LANGUAGE_NAMES } from '../../../app/i18n/language';
import type { ForwardingStatus } from '../../../app/audit-forwarding';
import type { ConnectionTestResult, ResponseOf } from '../../../app/ipc-contract';
import { pinSetOf, type Settings, type SettingsKey, type SettingsProblem, type SettingsView as View } from '../../../app/settings';
import type { MessageKey } from '../i18n';
import { useViewI18n } from '../i18n/views';
import { CertificateCard } from './CertificateCard';
import { ForwardingStatusCard } from './ForwardingStatusCard';

const CONNECTION: readonly SettingsKey[] = ['gatewayUrl', 'caFile', 'certificatePin', 'requestTimeoutMs'];
/** The inspector's own choices, shown first. */
const INSPECTOR_GROUPS: readonly (readonly [MessageKey, readonly SettingsKey[]])[] = [
  ['group.inspector', ['agentId', 'phoneNumber', 'language']],
  ['group.behaviour', ['stopShortcut', 'backToListenShortcut', 'reminderAfterMinutes', 'reminderRepeatMinutes', 'bargeGuard', 'startAtLogin']],
];
/** What IT sets (gateway, trust, timeouts, limits), behind the collapsed "Administrator" part. */
const ADMIN_GROUPS: readonly (readonly [MessageKey, readonly SettingsKey[]])[] = [['group.connection', [...CONNECTION, 'agentIdUpperBound']]];
const ADMIN_KEYS: ReadonlySet<string> = new Set(ADMIN_GROUPS.flatMap(([, keys]) => keys));
const SHORTCUTS: ReadonlySet<SettingsKey> = new Set(['stopShortcut', 'backToListenShortcut']);

/** The accelerator Electron's globalShortcut takes for a key press; null while only modifiers are down. */
function acceleratorOf(event: { key: string; code: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): string | null {
  const code = event.code;
  let key: string | null = null;
  if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (/^Digit\d$/.test(code)) key = code.slice(5);
  else if (/^F\d{1,2}$/.test(code)) key = code;
  else if (code.startsWith('Arrow')) key = code.slice(5);
  else if (['Space', 'Home', 'End', 'PageUp', 'PageDown', 'Insert', 'Delete'].includes(code)) key = code;
  if (!key) return null;
  const modifiers = [(event.ctrlKey || event.metaKey) && 'CommandOrControl', event.altKey && 'Alt', event.shiftKey && 'Shift'].filter(Boolean);
  // A bare letter would fire while typing anywhere: a global shortcut needs a modifier (F-keys excepted).
  if (modifiers.length === 0 && !/^F\d/.test(key)) return null;
  return [...modifiers, key].join('+');
}
type Draft = Record<SettingsKey, string | boolean>;
type Errors = Partial<Record<string, SettingsProblem>>;

function toDraft(settings: Settings): Draft {
  const draft = {} as Draft;
  for (const key of Object.keys(settings) as SettingsKey[]) {
    const value = settings[key];
    draft[key] = typeof value === 'boolean' ? value : (value ?? '').toString();
  }
  return draft;
}

/**
 * Only edited, unlocked keys are sent. Whole numbers are converted; anything else is sent
 * as typed, so main's schema (the one boundary check) answers for that field.
 */
function changesFrom(draft: Draft, view: View, keys: readonly SettingsKey[]): Partial<Settings> {
  const changes: Record<string, unknown> = {};
  for (const key of keys) {
    const original = view.settings[key];
    // Lists (certificatePins) have no text field here: they are set by policy and shown in the certificate card.
    if (Array.isArray(original)) continue;
    const raw = draft[key];
    let value: unknown = typeof raw === 'string' ? raw.trim() || null : raw;
    if (typeof original === 'number' && typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
    if (!view.locked.includes(key) && value !== original) changes[key] = value;
  }
  return changes as Partial<Settings>;
}

/**
 * The form after the view changed beneath it (a save, or an admin policy applied live): a field the person
 * has not edited, and every locked field, takes the new value, so Save never sends an old value back as if chosen.
 */
function rebased(draft: Draft, before: Draft, after: Draft, locked: readonly SettingsKey[]): Draft {
  const next = { ...draft };
  for (const key of Object.keys(after) as SettingsKey[]) if (locked.includes(key) || draft[key] === before[key]) next[key] = after[key];
  return next;
}

interface Props {
  readonly view: View;
  /** In demo, the gateway the panel really talks to (the setting itself stays empty). */
  readonly demoGatewayUrl?: string | null;
  readonly onSave: (changes: Partial<Settings>) => Promise<ResponseOf<'settings:save'>>;
  readonly onTest: (changes: Partial<Settings>) => Promise<ConnectionTestResult>;
  /** Audit forwarding status (admin policy); defaults to the bridge's named function. */
  readonly loadForwardingStatus?: () => Promise<ForwardingStatus>;
}

const bridgeForwardingStatus = (): Promise<ForwardingStatus> => window.whisperControl.getForwardingStatus();

export function SettingsView({ view, demoGatewayUrl = null, onSave, onTest, loadForwardingStatus = bridgeForwardingStatus }: Props) {
  const { language, t } = useViewI18n();
  const [draft, setDraft] = useState<Draft>(() => toDraft(view.settings));
  const [base, setBase] = useState(view);
  if (base !== view) {
    setBase(view);
    setDraft((current) => rebased(current, toDraft(base.settings), toDraft(view.settings), view.locked));
  }
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<boolean | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | 'testing' | null>(null);
  const [adminOpen, setAdminOpen] = useState(false);
  // The header's language button saves the language while this form is open: the draft follows it, so
  // the next Save does not switch it back.
  const savedLanguage = view.settings.language;
  useEffect(() => setDraft((current) => (current.language === savedLanguage ? current : { ...current, language: savedLanguage })), [savedLanguage]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const response = await onSave(changesFrom(draft, view, Object.keys(view.settings) as SettingsKey[]));
    if (response.ok) setDraft(toDraft(response.view.settings));
    setErrors(response.ok ? {} : Object.fromEntries(response.errors.map((error) => [error.key, error])));
    // A refused administrator field is shown, not left folded away.
    if (!response.ok && response.errors.some((error) => ADMIN_KEYS.has(error.key))) setAdminOpen(true);
    setSaved(response.ok);
  }

  async function testConnection() {
    setTest('testing');
    setTest(await onTest(changesFrom(draft, view, CONNECTION)));
  }

  function control(key: SettingsKey, locked: boolean, describedBy: string | undefined) {
    const value = draft[key];
    const common = {
      id: `setting-${key}`,
      'aria-describedby': describedBy,
      'aria-invalid': errors[key] !== undefined,
      disabled: locked,
      onChange: (event: { target: HTMLInputElement | HTMLSelectElement }) =>
        setDraft((current) => ({ ...current, [key]: event.target.type === 'checkbox' ? (event.target as HTMLInputElement).checked : event.target.value })),
    };
    if (typeof value === 'boolean') return <input {...common} type="checkbox" checked={value} />;
    if (key === 'agentIdUpperBound' || key === 'language') {
      const options: readonly (readonly [string, string])[] =
        key === 'language'
          ? [
              ['system', t('followSystem')],
              ['en', LANGUAGE_NAMES.en.name],
              ['zh-CN', LANGUAGE_NAMES['zh-CN'].name],
            ]
          : [
              [String(AGENT_ID_MAX_CLASSIC), String(AGENT_ID_MAX_CLASSIC)],
              [String(AGENT_ID_MAX_2025), String(AGENT_ID_MAX_2025)],
            ];
      return (
        <select {...common} value={value}>
          {options.map(([option, label]) => (
            <option key={option} value={option}>
              {label}
            </option>
          ))}
        </select>
      );
    }
    if (SHORTCUTS.has(key)) {
      // Recorded by pressing it: Tab still moves on, Backspace or Delete clears.
      return (
        <input
          {...common}
          disabled={false}
          readOnly
          type="text"
          className="shortcut"
          placeholder={t('recordShortcut')}
          value={value}
          onKeyDown={(event) => {
            if (locked || event.key === 'Tab') return;
            event.preventDefault();
            const cleared = (event.key === 'Backspace' || event.key === 'Delete') && !event.ctrlKey && !event.altKey && !event.metaKey;
            const accelerator = cleared ? '' : acceleratorOf(event);
            if (accelerator !== null) setDraft((current) => ({ ...current, [key]: accelerator }));
          }}
        />
      );
    }
    const placeholder = key === 'gatewayUrl' && demoGatewayUrl ? demoGatewayUrl : undefined;
    // Locked text fields stay focusable and readable (read-only), unlike disabled ones.
    return <input {...common} disabled={false} readOnly={locked} type="text" spellCheck={false} value={value} placeholder={placeholder} />;
  }

  const result = test !== null && test !== 'testing' ? test : null;
  const groups = (list: typeof INSPECTOR_GROUPS) =>
    list.map(([legend, keys]) => (
        <fieldset key={legend} className="card">
          <legend>{t(legend)}</legend>
          {keys.map((key) => {
            const locked = view.locked.includes(key);
            const hint = key === 'certificatePin' || SHORTCUTS.has(key) || (key === 'gatewayUrl' && demoGatewayUrl !== null);
            const error = errors[key];
            const ids = [locked && `locked-${key}`, hint && `hint-${key}`, error && `error-${key}`].filter(Boolean).join(' ') || undefined;
            const check = typeof draft[key] === 'boolean';
            return (
              <div key={key} className={`field${check ? ' check' : ''}`} data-setting={key}>
                {check && control(key, locked, ids)}
                <label htmlFor={`setting-${key}`}>{t(`field.${key}`)}</label>
                {!check && control(key, locked, ids)}
                {locked && (
                  <p id={`locked-${key}`} className="locked-hint">
                    <span className="lock" aria-hidden="true" />
                    {t('locked')}
                  </p>
                )}
                {hint && (
                  <p id={`hint-${key}`} className="muted small">
                    {t(key === 'certificatePin' ? 'pinHint' : key === 'gatewayUrl' ? 'demoGatewayUrl' : 'recordShortcut', { url: demoGatewayUrl ?? '' })}
                  </p>
                )}
                {error && (
                  <p id={`error-${key}`} className="field-error">
                    {language === 'zh-CN' ? (error.zh ?? error.message) : error.message}
                  </p>
                )}
              </div>
            );
          })}
          {legend === 'group.connection' && (
            <div className="test">
              <button type="button" className="button secondary" onClick={testConnection} disabled={test === 'testing'}>
                {t('testConnection')}
              </button>
              <div role="status" aria-live="polite" className={result ? (result.ok ? 'result-ok' : 'result-bad') : undefined}>
                {result && (
                  <>
                    <p>{result.ok ? t('connectedIn', { ms: Math.round(result.durationMs) }) : result.failure && (result.explanation?.[language] ?? t('noAnswer', { detail: result.failure.kind }))}</p>
                    {result.certificate && <CertificateCard certificate={result.certificate} pins={pinSetOf(view.settings)} />}
                  </>
                )}
              </div>
            </div>
          )}
        </fieldset>
      ));
  return (
    <form className="settings" onSubmit={save} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading" className="visually-hidden">
        {t('nav.settings')}
      </h2>
      {view.notice && (
        <p className="notice" role="note">
          {view.notice[language]}
        </p>
      )}
      <h3 className="part-heading">{t('part.inspector')}</h3>
      {groups(INSPECTOR_GROUPS)}
      <details className="admin-part" open={adminOpen} onToggle={(event) => setAdminOpen(event.currentTarget.open)}>
        <summary>
          <span className="part-heading">{t('part.admin')}</span>
          <span className="muted small block">{t('part.adminHint')}</span>
        </summary>
        {groups(ADMIN_GROUPS)}
        {/* The administrator's cards (forwarding, certificate) go here. */}
        <ForwardingStatusCard load={loadForwardingStatus} />
      </details>
      <div className="save-bar">
        <button type="submit" className="button primary">
          {t('save')}
        </button>
        <p role="status" aria-live="polite" className={saved === false ? 'field-error' : 'muted'}>
          {saved === null ? '' : t(saved ? 'settingsSaved' : 'notSavedFields')}
        </p>
      </div>
    </form>
  );
}

import type { HistoryEntry, WhisperAction } from '../../../app/ipc-contract';
import type { Outcome } from '../describe';
import { formatClock, formatMs } from '../format';
import type { MessageKey } from '../i18n';
import { useViewI18n } from '../i18n/views';
import { ResultLine } from './ResultLine';

const SHOWN = 20;

/** Each action is named with the words of the control that performs it. */
const ACTION_LABEL: Readonly<Record<WhisperAction, MessageKey>> = {
  stop: 'stopLabel.whisper',
  start: 'start',
  switch: 'switchMode',
  'back-to-listen': 'backToListen',
  listen: 'startListen',
  insert: 'startInsert',
  intercept: 'startIntercept',
  'sign-in': 'signIn',
  'sign-out': 'signOut',
  'force-sign-in': 'force',
};

interface Props {
  readonly history: readonly HistoryEntry[];
  readonly outcome: Outcome | null;
  readonly onExportCsv: () => void;
  readonly onOpenLogs: () => void;
  readonly onExportDiagnostics: () => void;
}

export function HistoryView({ history, outcome, onExportCsv, onOpenLogs, onExportDiagnostics }: Props) {
  const { language, t } = useViewI18n();
  // A stop is named by what it ended, with Stop's own words.
  const label = (entry: HistoryEntry): MessageKey => (entry.action === 'stop' ? `stopLabel.${entry.ended ?? 'whisper'}` : ACTION_LABEL[entry.action]);
  const recent = [...history].sort((a, b) => b.at - a.at).slice(0, SHOWN);
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history')}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="history" aria-labelledby="history-heading">
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('action')}</th>
                <th scope="col">{t('target')}</th>
                <th scope="col">{t('result')}</th>
                <th scope="col" className="num">
                  {t('duration')}
                </th>
              </tr>
            </thead>
            <tbody>
              {recent.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td className="mono">{formatClock(entry.at, language)}</td>
                  <td>
                    {t(label(entry))}
                    <span className="muted small block">{t(`trigger.${entry.trigger}`)}</span>
                  </td>
                  <td>{entry.target ?? '—'}</td>
                  <td>
                    <span className={`pill ${entry.ok ? 'pill-ok' : 'pill-bad'}`}>{t(entry.ok ? 'ok' : 'failed')}</span>
                    {entry.retcode !== null && <span className="mono small block">{entry.retcode}</span>}
                  </td>
                  <td className="num mono">{formatMs(entry.durationMs, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row wrap">
        <button type="button" className="button secondary" onClick={onExportCsv}>
          {t('exportCsv')}
        </button>
        <button type="button" className="button secondary" onClick={onOpenLogs}>
          {t('openLogs')}
        </button>
        <button type="button" className="button secondary" onClick={onExportDiagnostics}>
          {t('exportDiagnostics')}
        </button>
      </div>
      <ResultLine outcome={outcome} />
    </section>
  );
}

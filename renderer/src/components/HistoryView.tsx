import type { HistoryEntry } from '../../../app/ipc-contract';
import { formatClock } from '../format';
import { useI18n } from '../i18n';

const SHOWN = 20;

interface Props {
  readonly history: readonly HistoryEntry[];
  readonly onExportCsv: () => void;
  readonly onOpenLogs: () => void;
  readonly onExportDiagnostics: () => void;
}

export function HistoryView({ history, onExportCsv, onOpenLogs, onExportDiagnostics }: Props) {
  const { language, t } = useI18n();
  const recent = [...history].sort((a, b) => b.at - a.at).slice(0, SHOWN);
  return (
    <>
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('history.heading')}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t('history.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="history" data-testid="history">
              <caption className="visually-hidden">{t('history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history.time')}</th>
                  <th scope="col">{t('history.action')}</th>
                  <th scope="col">{t('history.target')}</th>
                  <th scope="col">{t('history.result')}</th>
                  <th scope="col" className="num">
                    {t('history.duration')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {recent.map((entry, index) => (
                  <tr key={`${entry.at}-${index}`}>
                    <td className="mono">{formatClock(entry.at, language)}</td>
                    <td>
                      {t(`action.${entry.action}`)}
                      <span className="muted small block">{t(`trigger.${entry.trigger}`)}</span>
                    </td>
                    <td>{entry.target ?? '—'}</td>
                    <td>
                      <span className={`pill ${entry.ok ? 'pill-ok' : 'pill-bad'}`}>{t(entry.ok ? 'history.ok' : 'history.failed')}</span>
                      {entry.retcode !== null && <span className="mono small block">{entry.retcode}</span>}
                    </td>
                    <td className="num mono">{Math.round(entry.durationMs)} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="tools-heading">
        <h2 id="tools-heading">{t('history.toolsHeading')}</h2>
        <div className="row wrap">
          <button type="button" className="button secondary" onClick={onExportCsv}>
            {t('history.exportCsv')}
          </button>
          <button type="button" className="button secondary" onClick={onOpenLogs}>
            {t('history.openLogs')}
          </button>
          <button type="button" className="button secondary" onClick={onExportDiagnostics}>
            {t('history.exportDiagnostics')}
          </button>
        </div>
      </section>
    </>
  );
}

/**
 * Owns what the person can take out of the app for IT: the history as CSV, the logs folder
 * opened in the file manager, and the diagnostics bundle (logs, effective settings, versions,
 * a fresh connection test, the session and the history; main/platform/diagnostics.ts redacts it).
 * Each answers ok or not and logs why; none throws.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConnectionTestResult, ExportResult, OpenFolderResult } from '../../app/ipc-contract';
import type { SessionSnapshot } from '../../app/whisper';
import type { AuditTrail } from '../audit/audit-trail';
import type { Logger } from '../log/logger';
import { collectVersions, diagnosticsFileName, writeDiagnosticsBundle } from '../platform/diagnostics';
import type { SettingsStore } from '../settings/settings-store';

export interface DesktopHooks {
  /** Opens a folder in the OS file manager (Electron: shell.openPath); resolves true on success. */
  openFolder(folder: string): Promise<boolean>;
}

export interface ExportTools {
  exportHistoryCsv(): Promise<ExportResult>;
  openLogsFolder(): Promise<OpenFolderResult>;
  exportDiagnostics(): Promise<ExportResult>;
}

export interface ExportToolsDeps {
  readonly logger: Logger;
  readonly now: () => number;
  readonly logsDir: string;
  /** Where CSV and diagnostics exports are written. */
  readonly exportDir: string;
  /** Absent outside Electron: the logs folder then cannot be opened. */
  readonly desktop: DesktopHooks | undefined;
  readonly appVersion: string;
  readonly policyFilePath: string;
  readonly audit: Pick<AuditTrail, 'exportCsv' | 'history'>;
  readonly settings: Pick<SettingsStore, 'filePath' | 'view'>;
  readonly snapshot: () => SessionSnapshot;
  /** More JSON documents for the diagnostics bundle, named by file (e.g. the audit forwarding's health). */
  readonly extraDiagnostics: () => Readonly<Record<string, unknown>>;
  readonly testConnection: () => Promise<ConnectionTestResult>;
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'unknown';

export function createExportTools(deps: ExportToolsDeps): ExportTools {
  const { logger, logsDir, exportDir, audit, now } = deps;
  return {
    async exportHistoryCsv() {
      try {
        return { ok: true, path: await audit.exportCsv(exportDir) };
      } catch (error) {
        logger.error('history export failed', { code: codeOf(error) });
        return { ok: false, path: null };
      }
    },

    async openLogsFolder() {
      if (!deps.desktop) return { ok: false };
      try {
        await mkdir(logsDir, { recursive: true });
        return { ok: await deps.desktop.openFolder(logsDir) };
      } catch (error) {
        logger.error('logs folder could not be opened', { code: codeOf(error) });
        return { ok: false };
      }
    },

    async exportDiagnostics() {
      try {
        await mkdir(exportDir, { recursive: true });
        const file = path.join(exportDir, diagnosticsFileName(new Date(now())));
        await writeDiagnosticsBundle(file, {
          logDirectory: logsDir,
          settings: { filePath: deps.settings.filePath, effective: deps.settings.view() },
          policyFilePath: deps.policyFilePath,
          versions: collectVersions(deps.appVersion),
          connectionTest: await deps.testConnection(),
          generatedAt: new Date(now()),
          extraJson: { session: deps.snapshot(), history: audit.history(), ...deps.extraDiagnostics() },
        });
        return { ok: true, path: file };
      } catch (error) {
        logger.error('diagnostics export failed', { code: codeOf(error) });
        return { ok: false, path: null };
      }
    },
  };
}

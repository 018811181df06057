/**
 * Owns the contract between the Electron wiring and the services (main/compose.ts): the part of
 * them the shell uses. The shell hands the services on to the IPC handlers, so it needs theirs
 * too; each wiring file narrows this further to what it calls.
 */
import type { IpcServices } from '../ipc/handlers';
import type { AppServices } from '../compose';

export type ShellServices = IpcServices &
  Pick<
    AppServices,
    'onSnapshot' | 'onHistory' | 'roster' | 'lastRoster' | 'onRoster' | 'setShellNotice' | 'settings' | 'onSettings' | 'onReminder' | 'resume' | 'dispose'
  >;

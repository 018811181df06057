/**
 * The few words the OS shell shows outside the panel (tray menu, tooltip, notifications),
 * in English and Simplified Chinese. The panel's larger table is panel-en.ts / panel-zh-CN.ts beside this file.
 */
import type { Language } from './language';
import type { WhisperAction } from '../ipc-contract';
import type { WhisperMode } from '../whisper';
import type { StopKind } from '../monitoring';

export interface ShellStrings {
  readonly appName: string;
  /** What Stop is called, by what it will end (app/monitoring.ts stopKind / stopLabelKey). */
  readonly 'stopLabel.whisper': string;
  readonly 'stopLabel.listen': string;
  readonly 'stopLabel.insert': string;
  /** What a stop ended, as its notification says it (ActionResult.ended). */
  readonly 'stopDone.whisper': string;
  readonly 'stopDone.listen': string;
  readonly 'stopDone.insert': string;
  /** A menu item that names the agent it acts on, with the roster's name for it when known. */
  readonly withAgent: (label: string, agentId: string, name?: string | null) => string;
  readonly backToListen: string;
  readonly openPanel: string;
  readonly signIn: string;
  readonly signOut: string;
  readonly openLogsFolder: string;
  readonly quit: string;
  readonly tooltipSignedOut: string;
  readonly tooltipSigningIn: string;
  readonly tooltipExpired: string;
  readonly tooltipConnectionLost: (agentId: string) => string;
  readonly tooltipIdle: (agentId: string) => string;
  readonly tooltipMode: (mode: WhisperMode, target: string | null, elapsed: string) => string;
  readonly demoSuffix: string;
  /** `done` replaces the action's usual words (a stop says what it ended). */
  readonly actionSucceeded: (action: WhisperAction, target: string | null, done?: string) => string;
  readonly retriedWithoutTarget: (target: string) => string;
  /** A stop named one agent while another was listened to or barged in on: the plan ended that one. */
  readonly stopOverridden: (named: string, actedOn: string) => string;
  /** A hedged stop found the whisper already ended by the first request (docs/reliability.md). */
  readonly reconciled: string;
  readonly actionFailedTitle: (action: WhisperAction) => string;
  readonly reminder: (target: string | null, elapsed: string) => string;
  readonly reminderStop: string;
  readonly shortcutFailed: (accelerator: string, purpose: string, reason: string) => string;
  readonly shortcutTaken: string;
  readonly shortcutInvalid: string;
  readonly shortcutPurposeStop: string;
  readonly shortcutPurposeBackToListen: string;
  readonly startFailed: (detail: string) => string;
  readonly monitor: string;
  readonly monitorLoading: string;
  readonly monitorNobody: string;
  readonly monitorUnavailable: string;
  readonly monitorMore: (count: number) => string;
  readonly monitorListen: string;
  readonly monitorWhisper: string;
}

const ACTION_DONE_EN: Record<WhisperAction, string> = {
  stop: 'Whisper stopped',
  start: 'Whispering started',
  switch: 'Mode switched',
  'back-to-listen': 'Back to listening',
  listen: 'Listening started',
  insert: 'Barged in: the customer hears you',
  intercept: 'Call taken over',
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'force-sign-in': 'Signed in (forced)',
};

const ACTION_NAME_EN: Record<WhisperAction, string> = {
  stop: 'Stop whispering',
  start: 'Start whispering',
  switch: 'Switch mode',
  'back-to-listen': 'Back to listen',
  listen: 'Listen',
  insert: 'Insert',
  intercept: 'Take over',
  'sign-in': 'Sign in',
  'sign-out': 'Sign out',
  'force-sign-in': 'Forced sign-in',
};

const ACTION_DONE_ZH: Record<WhisperAction, string> = {
  stop: '已停止耳语',
  start: '已开始耳语',
  switch: '已切换模式',
  'back-to-listen': '已回到监听',
  listen: '已开始监听',
  insert: '已插入：客户能听到您',
  intercept: '已接管通话',
  'sign-in': '已签入',
  'sign-out': '已签出',
  'force-sign-in': '已强制签入',
};

const ACTION_NAME_ZH: Record<WhisperAction, string> = {
  stop: '停止耳语',
  start: '开始耳语',
  switch: '切换模式',
  'back-to-listen': '回到监听',
  listen: '监听',
  insert: '插入',
  intercept: '接管',
  'sign-in': '签入',
  'sign-out': '签出',
  'force-sign-in': '强制签入',
};

const MODE_EN: Record<WhisperMode, string> = { whisper: 'Whispering to', listen: 'Listening to', insert: 'Barged in on' };
const MODE_ZH: Record<WhisperMode, string> = { whisper: '正在耳语', listen: '正在监听', insert: '正在插入' };

const EN: ShellStrings = {
  appName: 'Whisper Control',
  'stopLabel.whisper': 'Stop whispering',
  'stopLabel.listen': 'Stop listening',
  'stopLabel.insert': 'Stop barging in',
  'stopDone.whisper': 'Whisper stopped',
  'stopDone.listen': 'Listening stopped',
  'stopDone.insert': 'Barge-in stopped',
  withAgent: (label, agentId, name) => `${label} (agent ${agentId}${name ? ` ${name}` : ''})`,
  backToListen: 'Back to listen',
  openPanel: 'Open panel',
  signIn: 'Sign in…',
  signOut: 'Sign out',
  openLogsFolder: 'Open logs folder',
  quit: 'Quit',
  tooltipSignedOut: 'Signed out',
  tooltipSigningIn: 'Signing in…',
  tooltipExpired: 'Session expired: sign in again',
  tooltipConnectionLost: (agentId) => `Agent ${agentId}: connection to the gateway lost`,
  tooltipIdle: (agentId) => `Agent ${agentId}: not whispering`,
  tooltipMode: (mode, target, elapsed) => `${MODE_EN[mode]} ${target ? `agent ${target}` : 'an agent'} for ${elapsed}`,
  demoSuffix: ' (demo gateway)',
  actionSucceeded: (action, target, done) => `${done ?? ACTION_DONE_EN[action]}${target ? ` (agent ${target})` : ''}.`,
  retriedWithoutTarget: (target) =>
    `The stop naming agent ${target} was refused, so the app stopped whatever whisper you had instead.`,
  stopOverridden: (named, actedOn) =>
    `Agent ${named} was not stopped: you were monitoring agent ${actedOn}, so the stop ended that instead.`,
  reconciled: 'The gateway had already ended it: the first request got through.',
  actionFailedTitle: (action) => `${ACTION_NAME_EN[action]} failed`,
  reminder: (target, elapsed) => `Still whispering to ${target ?? 'an agent'} — ${elapsed}`,
  reminderStop: 'Stop',
  shortcutFailed: (accelerator, purpose, reason) => `The shortcut ${accelerator} (${purpose}) could not be registered: ${reason} Choose another one in Settings.`,
  shortcutTaken: 'another application already uses it.',
  shortcutInvalid: 'it is not a valid key combination.',
  shortcutPurposeStop: 'stop whispering',
  shortcutPurposeBackToListen: 'back to listen',
  startFailed: (detail) => `Whisper Control could not start (${detail}). Open the logs folder from the tray and send it to IT.`,
  monitor: 'Monitor',
  monitorLoading: 'Loading the agents on a call…',
  monitorNobody: 'No agent is on a call',
  monitorUnavailable: 'Agent list unavailable: open the panel',
  monitorMore: (count) => `${count} more on a call: open the panel`,
  monitorListen: 'Listen',
  monitorWhisper: 'Whisper',
};

const ZH: ShellStrings = {
  appName: 'Whisper Control',
  'stopLabel.whisper': '停止耳语',
  'stopLabel.listen': '停止监听',
  'stopLabel.insert': '停止插入',
  'stopDone.whisper': '已停止耳语',
  'stopDone.listen': '已停止监听',
  'stopDone.insert': '已停止插入',
  withAgent: (label, agentId, name) => `${label}（坐席 ${agentId}${name ? ` ${name}` : ''}）`,
  backToListen: '回到监听',
  openPanel: '打开面板',
  signIn: '签入…',
  signOut: '签出',
  openLogsFolder: '打开日志文件夹',
  quit: '退出',
  tooltipSignedOut: '未签入',
  tooltipSigningIn: '正在签入…',
  tooltipExpired: '会话已过期：请重新签入',
  tooltipConnectionLost: (agentId) => `坐席 ${agentId}：与网关的连接已中断`,
  tooltipIdle: (agentId) => `坐席 ${agentId}：未在耳语`,
  tooltipMode: (mode, target, elapsed) => `${MODE_ZH[mode]}${target ? `坐席 ${target}` : ''}，已 ${elapsed}`,
  demoSuffix: '（演示网关）',
  actionSucceeded: (action, target, done) => `${done ?? ACTION_DONE_ZH[action]}${target ? `（坐席 ${target}）` : ''}。`,
  retriedWithoutTarget: (target) => `指定坐席 ${target} 的停止请求被拒绝，已改为停止您当前的耳语。`,
  stopOverridden: (named, actedOn) => `未停止坐席 ${named}：您当时正在监控坐席 ${actedOn}，因此停止的是对该坐席的监控。`,
  reconciled: '网关此前已将其结束：第一次请求已送达。',
  actionFailedTitle: (action) => `${ACTION_NAME_ZH[action]}失败`,
  reminder: (target, elapsed) => `仍在对${target ? `坐席 ${target}` : '坐席'}耳语 — ${elapsed}`,
  reminderStop: '停止',
  shortcutFailed: (accelerator, purpose, reason) => `快捷键 ${accelerator}（${purpose}）注册失败：${reason}请在设置中另选一个。`,
  shortcutTaken: '已被其他应用占用。',
  shortcutInvalid: '不是有效的按键组合。',
  shortcutPurposeStop: '停止耳语',
  shortcutPurposeBackToListen: '回到监听',
  startFailed: (detail) => `Whisper Control 无法启动（${detail}）。请从托盘打开日志文件夹并提供给 IT。`,
  monitor: '监控',
  monitorLoading: '正在加载通话中的坐席…',
  monitorNobody: '没有坐席在通话',
  monitorUnavailable: '无法获取坐席列表：请打开面板',
  monitorMore: (count) => `另有 ${count} 名坐席在通话：请打开面板`,
  monitorListen: '监听',
  monitorWhisper: '耳语',
};

/** What Stop is called, for the tray and the panel alike (the panel passes its language). */
export function stopLabel(key: `stopLabel.${StopKind}`, language: Language): string {
  return SHELL_STRINGS[language][key];
}

export const SHELL_STRINGS: Readonly<Record<Language, ShellStrings>> = { en: EN, 'zh-CN': ZH };

export function shellStrings(language: Language): ShellStrings {
  return SHELL_STRINGS[language];
}

/** "0:42", "5:00", "1:02:03": elapsed time as the tray and the reminder show it. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

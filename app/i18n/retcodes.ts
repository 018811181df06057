/**
 * The CC-Gateway retcode catalogue (protocol reference §5) with a human
 * explanation and what to do next, in English and Simplified Chinese.
 * 900-xxx meanings come from a secondary source (a Huawei demo's ResultCode
 * table), as the reference notes.
 */
import type { Language } from './language';

export interface RetcodeEntry {
  readonly en: string;
  readonly zh: string;
}

export const RETCODES: Readonly<Record<string, RetcodeEntry>> = {
  '000-001': {
    en: 'The gateway refused the way events were requested. Update Whisper Control or report this to IT.',
    zh: '获取坐席事件的方式不正确。请更新 Whisper Control 或联系 IT。',
  },
  '000-002': {
    en: 'The gateway rejected a parameter (agent ID or target). Check the agent IDs and that both are in the same VDN.',
    zh: '网关拒绝了参数（工号或目标工号）。请检查工号，并确认双方属于同一 VDN。',
  },
  '000-003': {
    en: 'No permission for this operation; the session may have expired. Sign in again.',
    zh: '无权调用此接口，会话可能已过期。请重新签入。',
  },
  '000-004': {
    en: 'Your agent is being switched over between gateway nodes. Wait a few seconds and try again.',
    zh: '坐席正在切换中。请稍等几秒后重试。',
  },
  '000-005': {
    en: 'You cannot inspect yourself. Choose another agent in the list or enter another work number.',
    zh: '质检对象不能是质检员本人。请在列表中选择其他坐席，或输入其他工号。',
  },
  '000-006': {
    en: 'The gateway found an error in the request message. Report this to IT with the log.',
    zh: '消息参数错误。请将日志提供给 IT。',
  },
  '000-007': {
    en: 'The same request was sent twice too quickly. Wait a moment before trying again.',
    zh: '接口被重复调用。请稍候再试。',
  },
  '100-001': {
    en: 'Sign-in details are empty or invalid. Check the agent ID, password and phone number.',
    zh: '签入参数为空或无效。请检查工号、密码和电话号码。',
  },
  '100-002': {
    en: 'This agent is already signed in elsewhere. You can force the sign-in, which signs the other place out.',
    zh: '该坐席已在其他地方签入。可以强制签入，另一处将被签出。',
  },
  '100-003': {
    en: 'The call platform was unavailable during sign-in. Try again shortly; if it persists, call IT.',
    zh: '签入时呼叫平台资源不可用。请稍后重试；若持续出现，请联系 IT。',
  },
  '100-004': {
    en: 'Wrong agent ID or password. Check them and sign in again.',
    zh: '工号或密码错误。请检查后重新签入。',
  },
  '100-005': {
    en: 'The sign-out request was invalid. Try again; if it persists, report it to IT.',
    zh: '签出参数无效。请重试；若持续出现，请联系 IT。',
  },
  '100-006': {
    en: 'You are not signed in to the gateway (the session ended or expired). Sign in again.',
    zh: '坐席未签入（会话已结束或过期）。请重新签入。',
  },
  '100-007': {
    en: 'The gateway hit an internal error. Try again; if it persists, call IT.',
    zh: '操作时网关内部异常。请重试；若持续出现，请联系 IT。',
  },
  '100-008': {
    en: 'This agent is already signed out.',
    zh: '该坐席已签出。',
  },
  '100-009': {
    en: 'Your agent state does not allow this (or you lack the right). Check your state in the workbench.',
    zh: '坐席状态错误，或无权设置该状态。请在工作台检查坐席状态。',
  },
  '100-010': {
    en: 'You cannot sign out in the current state (for example during a call). End the call first.',
    zh: '当前状态无法签出（例如通话中）。请先结束通话。',
  },
  '100-011': {
    en: 'A sign-in parameter is invalid. Check the agent ID and phone number.',
    zh: '签入参数无效。请检查工号和电话号码。',
  },
  '100-012': {
    en: 'The agent type is wrong for this account. Ask IT to check the agent configuration.',
    zh: '签入坐席类型错误。请联系 IT 检查坐席配置。',
  },
  '100-013': {
    en: 'The phone number is not valid for binding. Check the softphone number in settings.',
    zh: '绑定的电话号码无效。请检查设置中的软电话号码。',
  },
  '100-014': {
    en: 'The phone number is outside the range configured for this site. Use a number IT assigned to you.',
    zh: '签入电话号码不在配置范围内。请使用 IT 分配的号码。',
  },
  '100-015': {
    en: 'This agent is signed in elsewhere and cannot be forced out. Sign out there first.',
    zh: '坐席已签入且不能被强制签出。请先在另一处签出。',
  },
  '100-016': {
    en: 'The workstation IP address was rejected at sign-in. Ask IT to check the network configuration.',
    zh: '签入 IP 无效。请联系 IT 检查网络配置。',
  },
  '100-017': {
    en: 'uPortal authentication failed. Check your account with IT.',
    zh: 'uPortal 鉴权失败。请联系 IT 检查账号。',
  },
  '100-018': {
    en: 'The sign-in VDN differs from the playback VDN. Ask IT to check the agent configuration.',
    zh: '签入 vdnId 与放音 vdnId 不一致。请联系 IT 检查配置。',
  },
  '110-016': {
    en: 'This account is locked. Ask your administrator to unlock it.',
    zh: '账号已被锁定。请联系管理员解锁。',
  },
  '105-001': {
    en: 'Disaster recovery: the gateway has no record of this agent. Sign in again.',
    zh: '容灾恢复：网关未缓存该坐席。请重新签入。',
  },
  '105-002': {
    en: 'Disaster recovery is in progress. Wait a few seconds and try again.',
    zh: '容灾恢复中。请稍等几秒后重试。',
  },
  '105-003': {
    en: 'Disaster recovery has just finished. Try again.',
    zh: '容灾恢复已完成。请重试。',
  },
  '105-004': {
    en: 'Disaster recovery could not queue the request. Try again; if it persists, sign in again.',
    zh: '容灾恢复排队失败。请重试；若持续出现，请重新签入。',
  },
  '105-005': {
    en: 'Disaster recovery timed out. Sign in again.',
    zh: '容灾恢复超时。请重新签入。',
  },
  '105-006': {
    en: 'Disaster recovery found a session mismatch. Sign in again.',
    zh: '容灾恢复时 GUID 不一致。请重新签入。',
  },
  '105-007': {
    en: 'Disaster-recovery switching is off on the gateway. Sign in again.',
    zh: '容灾切换开关已关闭。请重新签入。',
  },
  '900-001': {
    en: 'The quality-control service is not available (no provider). Try again shortly; if it persists, call IT.',
    zh: '质检操作时出现 NoProvider 异常。请稍后重试；若持续出现，请联系 IT。',
  },
  '900-002': {
    en: 'You do not have permission for this quality-control operation. Ask IT to check your inspector rights.',
    zh: '无权进行该质检操作。请联系 IT 检查质检员权限。',
  },
  '900-003': {
    en: 'A call-platform resource was unavailable for quality control. Try again shortly.',
    zh: '质检操作时资源不可用。请稍后重试。',
  },
  '900-004': {
    en: 'The gateway has no information for that agent: not on a call, not being monitored by you, or in another VDN. Refresh the agent list and pick an agent on a call.',
    zh: '质检监控时无该坐席信息（未在通话、未被您监控或不在同一 VDN）。请刷新坐席列表，选择正在通话的坐席。',
  },
  '900-005': {
    en: 'The quality-control operation does not fit your current state (for example, you are already monitoring a call, or not monitoring this one). Stop what you are doing first, or check the current mode.',
    zh: '质检操作状态错误（例如您已在监控某个通话，或并未监控该通话）。请先停止当前操作，或检查当前模式。',
  },
};

export function describeRetcode(retcode: string, language: Language): string | null {
  const entry = RETCODES[retcode];
  if (!entry) return null;
  return language === 'zh-CN' ? entry.zh : entry.en;
}

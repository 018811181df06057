import { AgentBook, type AgentRecord, type SessionEndReason } from './agents';
import type { QcMode } from './types';

/**
 * The per-inspector quality-control state machine (protocol §1; retcodes as the team brief fixes them):
 * idle → whisper → idle via stop; whisper/listen/insert switch among each other; listen/insert → idle
 * via cancel (§1.6); a call end returns every inspector on that call to idle.
 */
export interface QcAnswer {
  retcode: string;
  message: string;
}

const OK: QcAnswer = { retcode: '0', message: '' };
/** An ordinary agent calling a QC interface: the no-permission code of the 900 family [inferred]. */
const NOT_INSPECTOR: QcAnswer = { retcode: '900-002', message: 'this agent is not a quality inspector' };

/** §6: qcType of AgentOther_BeQcStart/Stop. Whisper has two documented values; 20172 is used [inferred]. */
const QC_TYPE: Record<Exclude<QcMode, 'idle'>, number> = { listen: 8, insert: 9, whisper: 20172 };

/** §1.3 switchtype: 0 listen, 1 insert, 2 whisper. */
const SWITCH_TYPES: Record<string, Exclude<QcMode, 'idle'>> = { '0': 'listen', '1': 'insert', '2': 'whisper' };

function refuse(retcode: string, message: string): QcAnswer {
  return { retcode, message };
}

export class QualityControl {
  constructor(private readonly book: AgentBook) {
    book.onCallEnd((agentId) => this.callEnded(agentId));
    book.onSessionEnd((agent, reason) => this.sessionEnded(agent, reason));
  }

  startWhisper(inspector: AgentRecord, targetId: string | undefined): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    // The table marks whisperagentid optional, but a start without a target names nobody to coach [inferred].
    if (targetId === undefined || !AgentBook.isWellFormedId(targetId)) {
      return refuse('000-002', 'whisperagentid is missing or not a valid agent ID');
    }
    if (targetId === inspector.id) return refuse('000-005', 'the QC target is the inspector himself');
    const target = this.book.get(targetId);
    if (!target) return refuse('900-004', `no information for agent ${targetId}`);
    if (target.vdn !== inspector.vdn) return refuse('000-002', `agent ${targetId} is not in the inspector's VDN`);
    if (inspector.qc.mode !== 'idle') return refuse('900-004', `inspector is already in ${inspector.qc.mode} mode`);
    if (!target.onCall) return refuse('900-004', `agent ${targetId} is not on a call`);
    inspector.qc = { mode: 'whisper', target: targetId };
    // Chinese page events for the inspector; the agent learns of it by AgentOther_BeQcStart (§1.1, §6).
    this.book.queueEvent(inspector.id, 'AgentOther_PhoneOffhook', { type: 'main' });
    this.book.queueEvent(inspector.id, 'AgentState_Busy', null);
    this.tellAgent(targetId, 'AgentOther_BeQcStart', 'whisper', inspector.id);
    return OK;
  }

  stopWhisper(inspector: AgentRecord, targetId: string | undefined): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    if (targetId !== undefined && !AgentBook.isWellFormedId(targetId)) {
      return refuse('000-002', 'whisperagentid is not a valid agent ID');
    }
    const { mode, target } = inspector.qc;
    if (mode !== 'whisper' || target === null) return refuse('900-004', 'the inspector is not whispering');
    if (targetId !== undefined && targetId !== target) {
      return refuse('900-004', `the inspector is not whispering to agent ${targetId}`);
    }
    inspector.qc = { mode: 'idle', target: null };
    // Chinese page lists AgentOther_BeQcStop for the agent; the inspector's phone leg is released [inferred].
    this.tellAgent(target, 'AgentOther_BeQcStop', 'whisper', inspector.id);
    this.releaseInspector(inspector.id, 2);
    return OK;
  }

  /**
   * §1.6 cancel listen or insert on workNo. A whisper is refused with 900-004 [our choice]: §1.2 is
   * the whisper's own stop, and whether §1.6 also ends a whisper is [not found]. 900-004 for a
   * wrong pre-state follows the other QC calls [inferred: §1.6 lists only 900-001…003].
   */
  cancelListenOrInsert(inspector: AgentRecord, workNo: string): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    if (!AgentBook.isWellFormedId(workNo)) return refuse('000-002', 'workNo is not a valid agent ID');
    const { mode, target } = inspector.qc;
    if (mode === 'whisper') return refuse('900-004', 'the inspector is whispering: stop it with requeststopwhisperagent');
    if (mode === 'idle' || target === null) return refuse('900-004', 'the inspector is not listening or inserting');
    if (target !== workNo) return refuse('900-004', `the inspector is not monitoring agent ${workNo}`);
    inspector.qc = { mode: 'idle', target: null };
    // §1.6 (Chinese page): PhoneRelease + Ready to the inspector, BeQcStop to the agent; the
    // inspector hung up his own leg, hence phoneState 2 [inferred].
    this.tellAgent(target, 'AgentOther_BeQcStop', mode, inspector.id);
    this.releaseInspector(inspector.id, 2);
    return OK;
  }

  /**
   * §1.4 listen (addsupervise) and §1.5 insert (addinsert) on workNo. Pre-state: the inspector is idle.
   * A busy inspector gets 900-005 (state error, the code §1.4 lists); a target that is unknown or not
   * on a call gets 900-004 ("no information for the agent"), as the whisper does [inferred: §1.4 lists
   * 900-005 only, §1.5's codes are not found]. Events as §1.4's Chinese page lists them.
   */
  startMonitoring(inspector: AgentRecord, workNo: string, mode: 'listen' | 'insert'): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    const target = this.checkTarget(inspector, workNo);
    if ('retcode' in target) return target;
    if (inspector.qc.mode !== 'idle') return refuse('900-005', `inspector is already in ${inspector.qc.mode} mode`);
    if (!target.onCall) return refuse('900-004', `agent ${workNo} is not on a call`);
    inspector.qc = { mode, target: workNo };
    this.book.queueEvent(inspector.id, 'AgentOther_PhoneAlerting', null);
    this.book.queueEvent(inspector.id, 'AgentOther_PhoneOffhook', { type: 'main' });
    this.book.queueEvent(inspector.id, 'AgentState_Busy', null);
    this.tellAgent(workNo, 'AgentOther_BeQcStart', mode, inspector.id);
    return OK;
  }

  /**
   * §1.8 intercept: the inspector takes the customer over and the agent is released. Pre-state:
   * listening, inserted or whispering on workNo, else 900-005. The agent is told the monitoring
   * ended (BeQcStop) and its phone was released by the platform (phoneState 3); the inspector stays
   * on the call, now with the customer, in no QC mode [inferred: the events are not found].
   */
  intercept(inspector: AgentRecord, workNo: string): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    const target = this.checkTarget(inspector, workNo);
    if ('retcode' in target) return target;
    const { mode } = inspector.qc;
    if (mode === 'idle' || inspector.qc.target !== workNo) {
      return refuse('900-005', `the inspector is not listening to, inserted in or whispering to agent ${workNo}`);
    }
    if (!target.onCall) return refuse('900-004', `agent ${workNo} is not on a call`);
    inspector.qc = { mode: 'idle', target: null };
    this.tellAgent(workNo, 'AgentOther_BeQcStop', mode, inspector.id);
    target.onCall = false;
    this.book.queueEvent(workNo, 'AgentOther_PhoneRelease', { phoneState: 3 });
    this.book.queueEvent(workNo, 'AgentState_Ready', null);
    inspector.onCall = true;
    return OK;
  }

  /** §1.9: every agent of the inspector's VDN with its status code (the client leaves the inspector out). */
  roster(inspector: AgentRecord): QcAnswer & { result?: unknown } {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    const result = this.book
      .all()
      .filter((agent) => agent.vdn === inspector.vdn)
      .map((agent) => ({ workno: agent.id, name: agent.name, status: this.book.statusOf(agent) }));
    return { ...OK, result };
  }

  switchMode(inspector: AgentRecord, switchtype: string | undefined, targetId: string | undefined): QcAnswer {
    if (inspector.role !== 'inspector') return NOT_INSPECTOR;
    const next = switchtype === undefined ? undefined : SWITCH_TYPES[switchtype];
    if (next === undefined) return refuse('000-002', 'switchtype must be 0 (listen), 1 (insert) or 2 (whisper)');
    if (targetId !== undefined && !AgentBook.isWellFormedId(targetId)) {
      return refuse('000-002', 'whisperagentid is not a valid agent ID');
    }
    const { mode, target } = inspector.qc;
    if (mode === 'idle' || target === null) return refuse('900-004', 'the inspector is not listening, inserting or whispering');
    if (targetId !== undefined && targetId !== target) {
      return refuse('900-004', `the inspector is not monitoring agent ${targetId}`);
    }
    inspector.qc = { mode: next, target };
    this.tellAgent(target, 'AgentOther_BeQcStart', next, inspector.id);
    return OK;
  }

  /** The workNo checks listen, insert and intercept share: well-formed, not oneself, known, same VDN. */
  private checkTarget(inspector: AgentRecord, workNo: string): AgentRecord | QcAnswer {
    if (!AgentBook.isWellFormedId(workNo)) return refuse('000-002', 'workNo is not a valid agent ID');
    if (workNo === inspector.id) return refuse('000-005', 'the QC target is the inspector himself');
    const target = this.book.get(workNo);
    if (!target) return refuse('900-004', `no information for agent ${workNo}`);
    if (target.vdn !== inspector.vdn) return refuse('000-002', `agent ${workNo} is not in the inspector's VDN`);
    return target;
  }

  state(inspectorId: string): { mode: QcMode; target: string | null } {
    const qc = this.book.get(inspectorId)?.qc;
    return qc ? { mode: qc.mode, target: qc.target } : { mode: 'idle', target: null };
  }

  /** The platform hung up the call: every inspector on it is released (§6 PhoneRelease phoneState 3). */
  private callEnded(agentId: string): void {
    for (const inspector of this.book.all()) {
      if (inspector.qc.mode !== 'idle' && inspector.qc.target === agentId) {
        inspector.qc = { mode: 'idle', target: null };
        this.releaseInspector(inspector.id, 3);
      }
    }
  }

  /**
   * A signed-out inspector cannot keep monitoring, so the agent is told it ended [inferred].
   * A displacement keeps the QC leg: the new holder of the agent ID can still stop it [inferred].
   */
  private sessionEnded(inspector: AgentRecord, reason: SessionEndReason): void {
    const { mode, target } = inspector.qc;
    if (reason !== 'signed-out' || mode === 'idle' || target === null) return;
    inspector.qc = { mode: 'idle', target: null };
    this.tellAgent(target, 'AgentOther_BeQcStop', mode, inspector.id);
  }

  private tellAgent(agentId: string, eventType: string, mode: Exclude<QcMode, 'idle'>, inspectorId: string): void {
    // §6 example shows qcAgentId as a number; the Chinese pages say it is the inspector's work number [inferred].
    this.book.queueEvent(agentId, eventType, { qcType: QC_TYPE[mode], qcAgentId: Number(inspectorId) });
  }

  private releaseInspector(inspectorId: string, phoneState: 2 | 3): void {
    this.book.queueEvent(inspectorId, 'AgentOther_PhoneRelease', { phoneState });
    this.book.queueEvent(inspectorId, 'AgentState_Ready', null);
  }
}

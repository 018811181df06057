import type { GatewayState, RequestContext } from './context';
import { authenticate, contentTypeProblem, isReply, pathIdProblem, withRotatedGuid } from './guards';
import { failure, jsonReply, type Reply } from './http-reply';
import type { QueuedEvent } from './mailbox';

/**
 * GET agentevent/{agentid} (protocol §3): one event per answer; held up to pollHoldMs while none is
 * queued; in dynamic mode the answer carries Set-GUID when the Guid rotates (§4, see withRotatedGuid).
 */
export async function pollEvent(state: GatewayState, ctx: RequestContext): Promise<Reply> {
  const refused = pathIdProblem(ctx) ?? contentTypeProblem(ctx);
  if (refused) return refused;
  const agent = authenticate(state, ctx);
  if (isReply(agent)) return agent;
  const session = agent.session;
  if (!session) return failure('100-006', 'the agent is not signed in');

  let event: QueuedEvent | null = session.mailbox.take() ?? null;
  if (event === null) {
    // A held poll answers when the Guid falls due, so the new Guid reaches the client well before
    // the old one expires even with test timings shorter than the hold [inferred].
    const dueAt = state.guids.rotationDueAt(agent.id);
    const hold = dueAt === null ? state.pollHoldMs : Math.min(state.pollHoldMs, dueAt - Date.now());
    session.heldPolls += 1;
    const pending = session.mailbox.wait(hold);
    ctx.onClose(pending.cancel);
    const wake = await pending.wake;
    session.heldPolls -= 1;
    if (wake.kind === 'ended') return failure('100-006', 'the agent was signed out');
    if (wake.kind === 'event') {
      if (ctx.isClosed()) {
        session.mailbox.putBack(wake.event);
        return failure('100-007', 'the poll was abandoned');
      }
      event = wake.event;
    }
  }
  state.book.touch(agent);
  // An empty poll answers `event: null` [inferred: the pages show only answers that carry an event].
  return withRotatedGuid(state, agent, jsonReply({ message: '', retcode: '0', event }));
}

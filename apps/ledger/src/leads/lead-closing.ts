import { ExpireLead, isLeadClosed, LeadClosed, LeadEvent, LeadState, LoseLead, opportunityDecider, releaseFor, streams } from '@ledger/domain';
import { AppendResult, RecordedEvent } from '@ledger/event-store';
import { CommandContext } from '../write/command-context';
import { CommandIds } from '../write/command-ids';
import { Program } from '../write/program';
import { StreamWriter } from '../write/stream-writer';

/**
 * The release that follows a lead's closing fact (LeadLost, LeadExpired) on its customer
 * project's stream. Its ids derive from the closing event's id, whoever runs it (the closing
 * command, its retry, or a registration finding the release cut short): a replay never
 * records it twice.
 */
export function releaseAfter(writer: StreamWriter, closed: RecordedEvent<LeadClosed>, context: CommandContext) {
  const step = releaseFor(closed);
  const releaseContext: CommandContext = { ...context, idempotencyKey: `release-of:${closed.eventId}` };
  return writer.execute({
    streamId: step.streamId,
    decider: opportunityDecider,
    command: step.command,
    ids: new CommandIds('ReleaseOpportunity', releaseContext),
    context: releaseContext,
    occurredAt: closed.occurredAt,
  });
}

/**
 * Loses or expires a lead: its own stream decides, then the opportunity stream is released
 * from the fact recorded, holding both turns so that a registration of the same project in
 * this instance comes before or after, never between. A retry finds its fact again and
 * completes the release. The answer's position is the release's when one was recorded, so
 * that `?minPosition=` waits for the project to be free.
 */
export async function closeLead(
  writer: StreamWriter,
  program: Program,
  request: { command: LoseLead | ExpireLead; ids: CommandIds; context: CommandContext; occurredAt: string },
): Promise<AppendResult<LeadEvent>> {
  const streamId = streams.lead(request.command.leadId);
  const lead: LeadState = await writer.state(streamId, program.lead);
  const turns = lead.status === 'unregistered' ? [streamId] : [streamId, streams.opportunity(lead.opportunityKey)];
  return writer.exclusive(turns, async () => {
    const appended = await writer.execute({ streamId, decider: program.lead, ...request });
    const closed = appended.events.find((event): event is RecordedEvent<LeadClosed> => isLeadClosed(event));
    if (!closed) return appended;
    const released = await releaseAfter(writer, closed, request.context);
    return released.events.length > 0 && released.position > appended.position ? { ...appended, position: released.position } : appended;
  });
}

/** A lead's state with the fact that closed it (its recorded event), for a registration that finds the project held. */
export interface LeadWithClosing {
  state: LeadState;
  closed?: RecordedEvent<LeadClosed>;
}

const foldings = new WeakMap<Program, { initialState: LeadWithClosing; evolve(s: LeadWithClosing, e: LeadEvent): LeadWithClosing }>();

/** Folds a lead's stream keeping its closing event (one folding per program version, so the writer's cache keeps it). */
export function leadWithClosing(program: Program) {
  let folding = foldings.get(program);
  if (!folding) {
    folding = {
      initialState: { state: program.lead.initialState },
      evolve: (s, e) => ({ state: program.lead.evolve(s.state, e), closed: isLeadClosed(e) ? (e as RecordedEvent<LeadClosed>) : s.closed }),
    };
    foldings.set(program, folding);
  }
  return folding;
}

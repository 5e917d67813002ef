import { AccrueCoop, ClawBackCoop, coopAccrues, DealReversed, DealWon, isLedgerEvent, ProgramRules, streams, Tier } from '@ledger/domain';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { CommandContext } from '../write/command-context';

/** The lead-stream facts the co-op reactor follows: a win accrues, a reversal claws back. */
export type CoopSource = RecordedEvent<DealWon> | RecordedEvent<DealReversed>;

export const isCoopSource = (event: RecordedEvent): event is CoopSource => isLedgerEvent(event) && (event.type === 'DealWon' || event.type === 'DealReversed');

/**
 * The context of what the reactor records for `source`: its idempotency key derives from the
 * source event's id, so that a replay (a crash before the checkpoint moved, a second instance)
 * derives the same event ids and records nothing twice.
 */
export function reactionContext(source: RecordedEvent, receivedAt: string): CommandContext {
  return {
    actor: 'ledger',
    source: 'coop-reactor',
    correlationId: source.metadata.correlationId ?? source.eventId,
    causationId: source.eventId,
    idempotencyKey: `coop-of:${source.eventId}`,
    receivedAt,
  };
}

/**
 * Whether a source can change the partner's budget under `rules` (those in force when it
 * occurred): a win under rules with no rate above zero accrues nothing, so neither the
 * partner's stream nor its tier is read for it. A reversal always asks: its win may have accrued.
 */
export const mayReact = (source: CoopSource, rules: Pick<ProgramRules, 'coop'>): boolean => source.type !== 'DealWon' || coopAccrues(rules);

/** The partner command a win or a reversal asks for; `tier` is the partner's when the win was recorded. */
export function coopCommandFor(source: CoopSource, tier: Tier): AccrueCoop | ClawBackCoop {
  const { occurredAt } = source;
  if (source.type === 'DealWon') {
    const { partnerId, leadId, amount } = source.data;
    return { type: 'AccrueCoop', partnerId, leadId, revenue: amount, tier, wonAt: occurredAt, occurredAt };
  }
  const { partnerId, leadId, reversalId, totalReversed } = source.data;
  return { type: 'ClawBackCoop', partnerId, leadId, reversalId, totalReversed, occurredAt };
}

const PAGE = 100;

/**
 * The partner's tier when the event at `position` was recorded: the last TierChanged of its
 * stream before that position ('none' without one). The same as folding the stream up to that
 * position with the partner decider's evolve (only TierChanged moves the tier), read from the
 * newest end, so a long stream is read only back to its last tier change.
 */
export async function tierWhenRecorded(store: Pick<EventStore, 'readStream'>, partnerId: string, position: bigint): Promise<Tier> {
  let fromRevision: bigint | undefined;
  for (;;) {
    const page = await store.readStream(streams.partner(partnerId), { direction: 'backwards', maxCount: PAGE, ...(fromRevision === undefined ? {} : { fromRevision }) });
    for (const event of page) {
      if (event.position < position && isLedgerEvent(event) && event.type === 'TierChanged') return event.data.to;
    }
    const oldest = page[page.length - 1];
    if (!oldest || page.length < PAGE || oldest.revision === 0n) return 'none';
    fromRevision = oldest.revision - 1n;
  }
}

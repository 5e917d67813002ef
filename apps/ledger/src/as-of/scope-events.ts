import { Inject, Injectable } from '@nestjs/common';
import { isLedgerEvent, streams } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LeadDocument, LEADS } from '../leads';
import { AsOfScope } from './as-of.query';

const PARALLEL_READS = 16;

/**
 * The events an answer for a partner or a lead is computed from, read stream by stream from
 * the event store (never the whole log): a partner's own stream, its leads' streams, the
 * program's rules and its typology's objectives; a lead's own stream. The `leads` read model
 * serves only as the index of a partner's lead streams: the events and their times come from
 * the event store.
 */
@Injectable()
export class ScopeEvents {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  /** Every event of the scope, in position order. */
  async of(scope: AsOfScope): Promise<RecordedEvent[]> {
    if ('leadId' in scope) return this.events.readStream(streams.lead(scope.leadId));
    const own = await this.events.readStream(streams.partner(scope.partnerId));
    const registered = own.find((event) => isLedgerEvent(event) && event.type === 'PartnerRegistered');
    const others = [...(await this.leadStreams(scope.partnerId)), streams.program()];
    if (registered && isLedgerEvent(registered) && registered.type === 'PartnerRegistered') others.push(streams.typologyObjectives(registered.data.typology));
    const read: RecordedEvent[][] = [own];
    // A few streams at a time: a partner with thousands of leads must not open thousands of reads at once.
    for (let start = 0; start < others.length; start += PARALLEL_READS) {
      read.push(...(await Promise.all(others.slice(start, start + PARALLEL_READS).map((streamId) => this.events.readStream(streamId)))));
    }
    return read.flat().sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  private async leadStreams(partnerId: string): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.find<LeadDocument>(LEADS, { filter: { partnerId }, limit: 500, cursor });
      found.push(...page.items.map((lead) => streams.lead(lead.leadId)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }
}

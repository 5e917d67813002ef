import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, PartnerEvent, TIERS } from '@ledger/domain';
import { AppendResult, EVENT_STORE, EventStore } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ReadModelFreshness, ReadModelNotReadyError } from '../read-models/read-model-freshness';
import { OverloadedError } from '../write/stream-queues';
import { PARTNERS, PartnerProfile } from './partner-profile';

const PAGE = 200;
/** A partner's turn refused because the ledger is busy is asked for again, this many times. */
const OVERLOAD_RETRIES = 5;

export interface TierChangeSummary {
  partnerId: string;
  from: (typeof TIERS)[number];
  to: (typeof TIERS)[number];
  reason: string;
  rulesVersion?: number;
}

/** What a sweep over every partner answers. */
export interface SweepResult {
  asOf: string;
  partnersVisited: number;
  certificationsExpired: number;
  tierChanges: TierChangeSummary[];
  /** The global position of the last event recorded ("0" when none was): pass it as ?minPosition. */
  position: string;
  eventIds: string[];
}

export const sweepResultSchema = z.object({
  asOf: z.string().describe('Certifications whose expiresAt is at or before this moment were expired'),
  partnersVisited: z.number().int().describe('Partners whose stream decided the command'),
  certificationsExpired: z.number().int(),
  tierChanges: z.array(z.object({
    partnerId: z.string(), from: z.enum(TIERS), to: z.enum(TIERS), reason: z.string(), rulesVersion: z.number().int().optional(),
  })).describe('Every TierChanged recorded, one per partner whose tier moved'),
  position: z.string().describe('Global position of the last event recorded ("0" when nothing was); pass it as ?minPosition'),
  eventIds: z.array(z.string()),
  rulesVersion: z.number().int().optional().describe('The program rules version the tiers were judged by (POST /tiers/reevaluate)'),
});
export class SweepResultDto extends createZodDto(sweepResultSchema) {}

/**
 * The partners to visit, from the `partners` read model, a page at a time. The list only
 * says whom to visit: each partner's own stream decides what is recorded, so a partner
 * listed twice or late changes nothing. Before listing, the read models are given
 * QUERY_WAIT_MS to catch up with the event store, so a partner registered just before is
 * seen; past that, the sweep goes on with what is listed (run it again for the rest).
 */
@Injectable()
export class PartnerRoster {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async *partnerIds(): AsyncIterable<string> {
    try {
      await this.freshness.waitFor(await this.events.headPosition());
    } catch (error) {
      if (!(error instanceof ReadModelNotReadyError)) throw error;
    }
    let cursor: string | undefined;
    do {
      const page = await this.store.find<PartnerProfile>(PARTNERS, { limit: PAGE, cursor });
      for (const profile of page.items) yield profile.partnerId;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /**
   * Runs `decide` on every listed partner, one after the other (a sweep holds one turn at a
   * time, so it never crowds out other commands), and tallies what was recorded. A partner
   * the write side does not know (never registered) is skipped.
   */
  async sweep(asOf: string, decide: (partnerId: string) => Promise<AppendResult<PartnerEvent>>): Promise<SweepResult> {
    const result: SweepResult = { asOf, partnersVisited: 0, certificationsExpired: 0, tierChanges: [], position: '0', eventIds: [] };
    let last = 0n;
    for await (const partnerId of this.partnerIds()) {
      let appended: AppendResult<PartnerEvent>;
      try {
        appended = await withOverloadRetries(() => decide(partnerId));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'PARTNER_NOT_FOUND') continue;
        throw error;
      }
      result.partnersVisited++;
      if (appended.events.length === 0) continue;
      for (const event of appended.events) {
        result.eventIds.push(event.eventId);
        if (event.type === 'CertificationExpired') result.certificationsExpired++;
        if (event.type === 'TierChanged') {
          const { from, to, reason, rulesVersion } = event.data;
          result.tierChanges.push({ partnerId, from, to, reason, ...(rulesVersion === undefined ? {} : { rulesVersion }) });
        }
      }
      if (appended.position > last) last = appended.position;
    }
    result.position = last.toString();
    return result;
  }
}

async function withOverloadRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof OverloadedError) || attempt >= OVERLOAD_RETRIES) throw error;
      await sleep(100 * (attempt + 1));
    }
  }
}

import { ProgramRules, rulesInForce } from '@ledger/domain';
import { ReadStore } from '@ledger/read-store';
import { Freshness, PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { PARTNERS, PartnerProfile } from './partner-profile';
import { DAY_MS, QuietPartner, quietPartner, TIER_RISK_HORIZON_DAYS, TierFall, tierFall } from './partners-at-risk';

const CANDIDATES_PAGE = 200;

/**
 * GET /partners/at-risk: the quiet partners a page at a time, read in order of their last
 * activity (indexed) up to the first one active within `days`; and the tiers at risk, read
 * from the partners whose tier may lapse in order of their next expiry (indexed) up to the
 * horizon. No query reads every partner.
 */
export class PartnersAtRiskQuery extends ReadModelQuery {
  constructor(
    readonly asOf: string,
    readonly days: number | undefined,
    readonly versions: readonly ProgramRules[],
    readonly page: PageRequest,
    freshness: Freshness = {},
  ) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    const asOf = new Date(this.asOf).toISOString();
    const rules = rulesInForce(this.versions, asOf) ?? this.versions[0]!;
    const days = this.days ?? rules.atRiskAfterDays;
    const quiet = await quietPartners(store, asOf, days, this.page);
    return { asOf, days, ...quiet, tierAtRisk: await tiersAtRisk(store, asOf, rules) };
  }
}

async function quietPartners(store: ReadStore, asOf: string, days: number, page: PageRequest): Promise<{ items: QuietPartner[]; nextCursor: string | null }> {
  const found = await store.find<PartnerProfile>(PARTNERS, { sort: { field: 'lastActivityAt', direction: 'asc' }, limit: page.limit, cursor: page.cursor });
  const items = found.items.flatMap((profile) => quietPartner(profile, asOf, days) ?? []);
  // Oldest first: once one partner is not quiet, none after it is.
  return { items, nextCursor: items.length === found.items.length ? found.nextCursor : null };
}

async function tiersAtRisk(store: ReadStore, asOf: string, rules: ProgramRules): Promise<TierFall[]> {
  const horizon = Date.parse(asOf) + TIER_RISK_HORIZON_DAYS * DAY_MS;
  const falls: TierFall[] = [];
  let cursor: string | undefined;
  do {
    const found = await store.find<PartnerProfile>(PARTNERS, {
      filter: { tierCanLapse: true }, sort: { field: 'nextCertificationExpiry', direction: 'asc' }, limit: CANDIDATES_PAGE, cursor,
    });
    for (const profile of found.items) {
      if (Date.parse(profile.nextCertificationExpiry!) > horizon) return sortedByDate(falls);
      const fall = tierFall(profile, asOf, rules);
      if (fall) falls.push(fall);
    }
    cursor = found.nextCursor ?? undefined;
  } while (cursor);
  return sortedByDate(falls);
}

const sortedByDate = (falls: TierFall[]) => falls.sort((a, b) => a.at.localeCompare(b.at) || a.partnerId.localeCompare(b.partnerId));

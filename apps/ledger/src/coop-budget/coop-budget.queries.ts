import { nextMonth, periodOf } from '@ledger/domain';
import { Filter, ReadStore } from '@ledger/read-store';
import { requirePartner } from '../partners';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { COOP_ACCOUNTS, COOP_CLAIMS, CoopAccountDocument, CoopClaimDocument } from './coop-budget';
import { noReturns, returnsBy, returnsView, withClaim } from './coop-returns';
import { coopAccountView, coopClaimView, CoopRoiGroup } from './coop-budget.view';

/** GET /partners/:partnerId/coop. A registered partner the co-op read model has not met yet has a budget of zeros. */
export class GetCoopAccountQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const found = await store.get<CoopAccountDocument>(COOP_ACCOUNTS, this.partnerId);
    if (found) return coopAccountView(found.doc, currency);
    const { partnerId, typology, tier } = await requirePartner(store, this.partnerId);
    return coopAccountView({ partnerId, typology, tier, granted: 0, accrued: 0, clawedBack: 0, pending: 0, approved: 0, rejected: 0, claims: [] }, currency);
  }
}

/** GET /coop/claims: claims, oldest first, of a partner and a status or all (the pending ones wait for an admin). */
export class ListCoopClaimsQuery extends ReadModelQuery {
  constructor(readonly filter: { partnerId?: string; status?: string }, readonly page: PageRequest, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    if (this.filter.partnerId !== undefined) await requirePartner(store, this.filter.partnerId);
    const found = await store.find<CoopClaimDocument>(COOP_CLAIMS, {
      filter: presentFilter(this.filter), sort: { field: 'submittedAt', direction: 'asc' }, limit: this.page.limit, cursor: this.page.cursor,
    });
    return { items: found.items.map((claim) => coopClaimView(claim, currency)), nextCursor: found.nextCursor };
  }
}

/** A window this long or longer is read whole rather than month by month. */
const MONTHS_READ_BY_INDEX = 240;

/** The months from `from`'s to the one holding the last instant before `to`; undefined when the window is open or very long. */
function monthsOfWindow(from: string | undefined, to: string | undefined): string[] | undefined {
  if (from === undefined || to === undefined) return undefined;
  const months: string[] = [];
  const last = periodOf(new Date(Date.parse(to) - 1).toISOString());
  for (let month = periodOf(from); month <= last; month = nextMonth(month)) {
    if (months.push(month) >= MONTHS_READ_BY_INDEX) return undefined;
  }
  return months;
}

/** Every claim submitted in [from, to), a page at a time: by the months' index when the window is closed. */
async function* claimsOfWindow(store: ReadStore, from: string | undefined, to: string | undefined, pageSize = 500): AsyncGenerator<CoopClaimDocument> {
  const months = monthsOfWindow(from, to);
  const filter: Filter = months ? { month: { in: months } } : {};
  const [start, end] = [from === undefined ? -Infinity : Date.parse(from), to === undefined ? Infinity : Date.parse(to)];
  let cursor: string | undefined;
  do {
    const page = await store.find<CoopClaimDocument>(COOP_CLAIMS, { filter, limit: pageSize, cursor });
    for (const claim of page.items) {
      const at = Date.parse(claim.submittedAt);
      if (at >= start && at < end) yield claim;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * GET /coop/roi: the program's co-op return over the claims submitted in [from, to), grouped
 * by activity, or by the partner's typology or tier when the claim was submitted. A claim's
 * leads and deals count with it whenever they happened: they are the return of that activity.
 */
export class CoopRoiQuery extends ReadModelQuery {
  constructor(readonly from: string | undefined, readonly to: string | undefined, readonly groupBy: CoopRoiGroup, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const { from, to, groupBy } = this;
    // A window that ends before it starts holds no claim (as the margin observatory's ranges).
    const empty = from !== undefined && to !== undefined && Date.parse(to) <= Date.parse(from);
    const claims: CoopClaimDocument[] = [];
    if (!empty) for await (const claim of claimsOfWindow(store, from, to)) claims.push(claim);
    const total = claims.reduce(withClaim, noReturns());
    return {
      from: from ?? null,
      to: to ?? null,
      groupBy,
      currency,
      items: [...returnsBy(claims, (claim) => claim[groupBy])].map(([key, sum]) => ({ [groupBy]: key, ...returnsView(sum) })),
      total: returnsView(total),
    };
  }
}

import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { monthsEnding } from '../../format';
import { fresh } from '../../ui/freshness';

/** The partner page's reads: one public route each, so every section loads (and fails) on its own. */

export type Partner = Schema<'PartnerResponse'>;
export type PartnerTier = Schema<'PartnerTierResponse'>;
export type Lead = Schema<'LeadPageResponse'>['items'][number];
export type CoopAccount = Schema<'CoopAccountResponse'>;
export type Scorecard = Schema<'ScorecardResponse'>;
export type HistoryEvent = Schema<'HistoryPageResponse'>['items'][number];
export type PartnerListItem = Schema<'PartnerPageResponse'>['items'][number];

export const TYPOLOGIES = ['integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber'] as const;
export const TIERS = ['none', 'silver', 'gold', 'platinum'] as const;
export const LEAD_STATUSES = ['open', 'won', 'lost', 'expired'] as const;
export type Typology = (typeof TYPOLOGIES)[number];
export type Tier = (typeof TIERS)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** How many rows a page of the console asks for. */
export const PAGE_SIZE = 25;

const partnerPath = (partnerId: string) => ({ path: { partnerId } });

export const getPartner = (partnerId: string, signal: AbortSignal) =>
  answer(ledger.GET('/partners/{partnerId}', { params: { ...partnerPath(partnerId), query: fresh() }, signal }));

export const getTier = (partnerId: string, signal: AbortSignal) =>
  answer(ledger.GET('/partners/{partnerId}/tier', { params: { ...partnerPath(partnerId), query: fresh() }, signal }));

export const getCoop = (partnerId: string, signal: AbortSignal) =>
  answer(ledger.GET('/partners/{partnerId}/coop', { params: { ...partnerPath(partnerId), query: fresh() }, signal }));

export const listLeads = (partnerId: string, status: LeadStatus | undefined, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/partners/{partnerId}/leads', { params: { ...partnerPath(partnerId), query: { status, cursor, limit: PAGE_SIZE, ...fresh() } }, signal }));

/** How many leads the partner has in each status: every page of its leads, read 500 at a time. */
export async function leadsByStatus(partnerId: string, signal: AbortSignal): Promise<Record<LeadStatus, number>> {
  const counts: Record<LeadStatus, number> = { open: 0, won: 0, lost: 0, expired: 0 };
  let cursor: string | undefined;
  do {
    const page = await answer(ledger.GET('/partners/{partnerId}/leads', { params: { ...partnerPath(partnerId), query: { cursor, limit: 500, ...fresh() } }, signal }));
    for (const lead of page.items) counts[lead.status]++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return counts;
}

export const listHistory = (partnerId: string, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/partners/{partnerId}/history', { params: { ...partnerPath(partnerId), query: { cursor, limit: PAGE_SIZE, ...fresh() } }, signal }));

export const listPartners = (filter: { typology?: Typology; tier?: Tier; country?: string }, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/partners', { params: { query: { ...filter, cursor, limit: PAGE_SIZE, ...fresh() } }, signal }));

/** A partner's monthly scorecards, the `span` months ending with `through`, oldest first (one read per month, in parallel). */
export async function monthlyScorecards(partnerId: string, through: string, span: number, signal: AbortSignal): Promise<Scorecard[]> {
  const months = monthsEnding(through, span);
  return Promise.all(months.map((period) => answer(ledger.GET('/partners/{partnerId}/scorecards/{period}', { params: { path: { partnerId, period }, query: fresh() }, signal }))));
}

/** A value from the query string, when it is one of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((a) => a === value);
}

import type { paths } from '../../api/generated/ledger-api';
import { isPeriod } from './period';

type ListQuery = NonNullable<paths['/scorecards']['get']['parameters']['query']>;
type RollupQuery = paths['/scorecards/rollup']['get']['parameters']['query'];
export type Typology = NonNullable<ListQuery['typology']>;
export type Tier = NonNullable<ListQuery['tier']>;
export type Sort = NonNullable<ListQuery['sort']>;
export type GroupBy = RollupQuery['groupBy'];

/**
 * Every value of a union the API documents, listed once for the console's controls: the
 * compiler refuses a list that misses one or names one the API does not know, so a new
 * typology or tier fails the build instead of hiding from the filters.
 */
const every =
  <T extends string>() =>
  <const L extends readonly T[]>(...values: L & ([T] extends [L[number]] ? unknown : 'a value of the API is missing')) =>
    values as readonly T[];

export const TYPOLOGIES = every<Typology>()('integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber');
export const TIERS = every<Tier>()('none', 'silver', 'gold', 'platinum');
export const GROUPS = every<GroupBy>()('typology', 'tier', 'country', 'region');
const SORT_FIELDS = every<Sort>()(
  'partnerId', 'leadsRegistered', 'dealsWon', 'revenueWon', 'netRevenue', 'revenueReversed', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue', 'engagements',
  'attainment.revenueWon', 'attainment.dealsWon', 'attainment.leadsRegistered', 'attainment.certifiedEngineers',
  '-partnerId', '-leadsRegistered', '-dealsWon', '-revenueWon', '-netRevenue', '-revenueReversed', '-certificationsEarned', '-incentivesAwarded', '-incentivesValue', '-engagements',
  '-attainment.revenueWon', '-attainment.dealsWon', '-attainment.leadsRegistered', '-attainment.certifiedEngineers',
);
/** The API's own default order: net revenue, highest first. */
export const DEFAULT_SORT: Sort = '-netRevenue';
export const PAGE_SIZES = [10, 25, 50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** What the table shows, all of it in the address (a shared link opens the same view). */
export interface ScorecardsView {
  /** Absent: the latest month with data, found when the page opens. */
  period?: string;
  typology?: Typology;
  tier?: Tier;
  country?: string;
  region?: string;
  sort: Sort;
  limit: number;
  cursor?: string;
  groupBy: GroupBy;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/** The view an address asks for; a value the API would refuse is dropped for its default rather than shown as an error. */
export function viewOf(query: URLSearchParams): ScorecardsView {
  const period = query.get('period');
  const country = query.get('country')?.toUpperCase();
  const limit = Number(query.get('limit'));
  return {
    period: isPeriod(period) ? period : undefined,
    typology: oneOf(TYPOLOGIES, query.get('typology')),
    tier: oneOf(TIERS, query.get('tier')),
    country: country && /^[A-Z]{2}$/.test(country) ? country : undefined,
    region: query.get('region') || undefined,
    sort: oneOf(SORT_FIELDS, query.get('sort')) ?? DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: query.get('cursor') || undefined,
    groupBy: oneOf(GROUPS, query.get('groupBy')) ?? 'typology',
  };
}

/** The filters and order of a view, as /scorecards takes them (no page, no cursor). */
export function listQuery(view: ScorecardsView, period: string) {
  return { period, typology: view.typology, tier: view.tier, country: view.country, region: view.region, sort: view.sort };
}

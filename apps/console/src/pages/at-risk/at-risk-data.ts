import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { fresh } from '../../ui/freshness';

export type AtRisk = Schema<'PartnersAtRiskResponse'>;
export type QuietPartner = AtRisk['items'][number];
export type FallingTier = AtRisk['tierAtRisk'][number];

export const PAGE_SIZE = 25;

/** What a person may ask: a quiet period in whole days, and the day judged at (the start of it, UTC). */
export interface RiskQuestion {
  days?: number;
  asOf?: string;
}

export function questionOf(query: URLSearchParams): RiskQuestion {
  const days = Number(query.get('days'));
  const asOf = query.get('asOf') ?? '';
  return {
    days: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : undefined,
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : undefined,
  };
}

/** The quiet partners (a page of them) and the tiers about to fall, as the ledger judges them. */
export const getAtRisk = ({ days, asOf }: RiskQuestion, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/partners/at-risk', {
    params: { query: { days, asOf: asOf ? `${asOf}T00:00:00Z` : undefined, limit: PAGE_SIZE, cursor, ...fresh() } },
    signal,
  }));

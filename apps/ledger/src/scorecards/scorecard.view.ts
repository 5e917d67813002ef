import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import { country, identifier, period } from '../contracts/fields';
import { countersResponse, countersView } from '../read-models/activity-counters';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { Scorecard, SCORECARD_SORT_FIELDS } from './scorecard';

/** A scorecard as the API shows it: money as decimal strings, with the ledger's currency. */
export function scorecardView(scorecard: Scorecard, currency: string) {
  return {
    partnerId: scorecard.partnerId,
    period: scorecard.period,
    typology: scorecard.typology,
    country: scorecard.country,
    tier: scorecard.tier,
    ...countersView(scorecard),
    currency,
  };
}

const scorecard = z.object({
  partnerId: z.string(),
  period: z.string(),
  typology: z.enum(TYPOLOGIES),
  country: z.string(),
  tier: z.enum(TIERS),
  ...countersResponse,
  currency: z.string(),
});

export class ScorecardResponse extends createZodDto(scorecard) {}
export class ScorecardPageResponse extends createZodDto(pageResponse(scorecard)) {}
export class ScorecardParams extends createZodDto(z.strictObject({ partnerId: identifier, period })) {}

const sortable = [...SCORECARD_SORT_FIELDS, ...SCORECARD_SORT_FIELDS.map((f) => `-${f}`)] as [string, ...string[]];
export class ListScorecardsQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...pageQuery,
    period,
    typology: z.enum(TYPOLOGIES).optional(),
    tier: z.enum(TIERS).optional(),
    country: country.optional(),
    sort: z.enum(sortable).default('-revenueWon').describe('A field, descending with a leading "-"'),
  }),
) {}

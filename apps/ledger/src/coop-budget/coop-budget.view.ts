import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { COOP_ACTIVITIES, formatAmount, TIERS, TYPOLOGIES } from '@ledger/domain';
import { identifier, instantBound } from '../contracts/fields';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { CoopAccountDocument, CoopClaimDocument } from './coop-budget';
import { returnsBy, returnsView, noReturns } from './coop-returns';

export const COOP_CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const COOP_ROI_GROUPS = ['activity', 'typology', 'tier'] as const;
export type CoopRoiGroup = (typeof COOP_ROI_GROUPS)[number];

/** What may still be claimed: granted + accrued − clawed back − approved − pending (negative once a clawback took more than was left). */
const availableOf = (account: CoopAccountDocument) => account.granted + account.accrued - account.clawedBack - account.approved - account.pending;

/** A partner's co-op budget as the API shows it: money as decimal strings, and the return of each of the six activities. */
export function coopAccountView(account: CoopAccountDocument, currency: string) {
  const byActivity = returnsBy(account.claims, (claim) => claim.activity);
  return {
    partnerId: account.partnerId,
    currency,
    granted: formatAmount(account.granted),
    accrued: formatAmount(account.accrued),
    clawedBack: formatAmount(account.clawedBack),
    pending: formatAmount(account.pending),
    approved: formatAmount(account.approved),
    rejected: formatAmount(account.rejected),
    available: formatAmount(availableOf(account)),
    launchEndsAt: account.launchEndsAt ?? null,
    activities: COOP_ACTIVITIES.map((activity) => ({ activity, ...returnsView(byActivity.get(activity) ?? noReturns()) })),
  };
}

export function coopClaimView(claim: CoopClaimDocument, currency: string) {
  return {
    claimId: claim.claimId,
    partnerId: claim.partnerId,
    typology: claim.typology,
    tier: claim.tier,
    activity: claim.activity,
    amount: formatAmount(claim.amount),
    currency,
    description: claim.description,
    status: claim.status,
    submittedAt: claim.submittedAt,
    ...(claim.decidedAt === undefined ? {} : { decidedAt: claim.decidedAt }),
    ...(claim.reason === undefined ? {} : { reason: claim.reason }),
    leadsAttributed: claim.leadsAttributed,
    dealsWon: claim.dealsWon,
    revenueWon: formatAmount(claim.revenueWon),
  };
}

const decimal = (description: string) => z.string().describe(`Decimal string, e.g. "1250.10": ${description}`);
const nullableString = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });

const returns = {
  spend: decimal('the approved claims'),
  leadsAttributed: z.number().int().describe('Leads registered naming one of the claims'),
  dealsWon: z.number().int().describe('Those leads won (a deal reversed later stays won: its revenue is counted net)'),
  revenueWon: decimal('won revenue of those deals, net of reversals'),
  roi: nullableString('revenueWon ÷ spend as a plain ratio with two decimals, half up ("12.50": 12.5 times the spend); null without spend'),
};
const RETURNS_RULE =
  'Rejected claims count for nothing; a pending claim\'s leads and deals count, its amount is spend once approved.';

const account = z.object({
  partnerId: z.string(),
  currency: z.string(),
  granted: decimal('the launch grant'),
  accrued: decimal('shares of won revenue'),
  clawedBack: decimal('accruals taken back by reversals'),
  pending: decimal('claims waiting for a decision (held from the balance)'),
  approved: decimal('claims approved'),
  rejected: decimal('claims rejected (not held)'),
  available: decimal('granted + accrued − clawedBack − approved − pending; negative once a clawback took more than was left'),
  launchEndsAt: nullableString('The end of the launch phase (its wins accrue nothing before it); null without a launch grant'),
  activities: z.array(z.object({ activity: z.enum(COOP_ACTIVITIES), ...returns })).describe(`Every activity, in a fixed order. ${RETURNS_RULE}`),
});

const claim = z.object({
  claimId: z.string(),
  partnerId: z.string(),
  typology: z.enum(TYPOLOGIES).describe('The partner\'s, when the claim was submitted'),
  tier: z.enum(TIERS).describe('The partner\'s, when the claim was submitted'),
  activity: z.enum(COOP_ACTIVITIES),
  amount: decimal('what the claim asks'),
  currency: z.string(),
  description: z.string(),
  status: z.enum(COOP_CLAIM_STATUSES),
  submittedAt: z.string().describe('The claim\'s occurredAt, in UTC'),
  decidedAt: z.string().optional().describe('When it was approved or rejected, in UTC'),
  reason: z.string().optional().describe('Why it was rejected'),
  leadsAttributed: returns.leadsAttributed,
  dealsWon: returns.dealsWon,
  revenueWon: returns.revenueWon,
});

const roiGroup = z.object({
  activity: z.enum(COOP_ACTIVITIES).optional().describe('The group\'s activity (groupBy=activity)'),
  typology: z.enum(TYPOLOGIES).optional().describe('The group\'s typology (groupBy=typology): the partner\'s when the claim was submitted'),
  tier: z.enum(TIERS).optional().describe('The group\'s tier (groupBy=tier): the partner\'s when the claim was submitted'),
  ...returns,
});

export const coopRoiResponse = z.object({
  from: nullableString('The window\'s start (included), as asked; null when open'),
  to: nullableString('The window\'s end (excluded), as asked; null when open'),
  groupBy: z.enum(COOP_ROI_GROUPS),
  currency: z.string(),
  items: z.array(roiGroup).describe(`One per group with a claim submitted in the window (rejected ones aside), sorted by key. ${RETURNS_RULE}`),
  total: z.object(returns).describe('Every claim of the window'),
});

export class CoopAccountResponse extends createZodDto(account) {}
export class CoopClaimPageResponse extends createZodDto(pageResponse(claim)) {}
export class CoopRoiResponse extends createZodDto(coopRoiResponse) {}
export class ListCoopClaimsQueryDto extends createZodDto(
  z.strictObject({ ...freshnessQuery, ...pageQuery, partnerId: identifier.optional(), status: z.enum(COOP_CLAIM_STATUSES).optional() }),
) {}
export class CoopRoiQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    from: instantBound.optional().describe('Claims submitted (their occurredAt) at or after this instant (a day YYYY-MM-DD or a month YYYY-MM: its first instant, UTC)'),
    to: instantBound.optional().describe('Claims submitted before this instant (excluded; a day or a month: its first instant): a window ending at or before from holds none'),
    groupBy: z.enum(COOP_ROI_GROUPS).default('activity'),
  }),
) {}

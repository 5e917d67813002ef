import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { addMinor, CHALLENGE_METRICS, formatAmount, INCENTIVE_ROLES, IncentiveRole, percentOf, TYPOLOGIES } from '@ledger/domain';
import { identifier } from '../contracts/fields';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { Awards } from './challenge-standings';
import { ChallengeDocument, LeaderboardEntryDocument } from './challenges.projection';

/** A part of a whole as a percent with one decimal, half up, in integers (exact); null when the whole is nothing. */
export const shareOf = (part: number, whole: number): string | null => (whole === 0 ? null : percentOf(part, whole));

const awardsView = ({ count, value }: Awards) => ({ count, value: formatAmount(value) });

/** A challenge as the API shows it: money as decimal strings, each role's share of the value awarded in it. */
export function challengeView(challenge: ChallengeDocument) {
  const total = INCENTIVE_ROLES.reduce((sum, role) => addMinor(sum, challenge.awardsByRole[role].value), 0);
  return {
    challengeId: challenge.challengeId,
    name: challenge.name,
    from: challenge.from,
    to: challenge.to,
    metric: challenge.metric,
    eligibleRoles: challenge.eligibleRoles,
    ...(challenge.typologies ? { typologies: challenge.typologies } : {}),
    warnings: challenge.warnings,
    awardsByRole: Object.fromEntries(
      INCENTIVE_ROLES.map((role) => [role, { ...awardsView(challenge.awardsByRole[role]), share: shareOf(challenge.awardsByRole[role].value, total) }]),
    ) as Record<IncentiveRole, { count: number; value: string; share: string | null }>,
  };
}

/** A leaderboard entry: its rank (1 is first), the partner's figure (a decimal string for revenueWon) and its awards in the challenge. */
export function leaderboardEntryView(entry: LeaderboardEntryDocument, rank: number, metric: ChallengeDocument['metric']) {
  return {
    rank,
    partnerId: entry.partnerId,
    value: metric === 'revenueWon' ? formatAmount(entry.value) : entry.value,
    reachedAt: entry.reachedAt ?? null,
    awards: awardsView(entry.awards),
  };
}

const decimal = z.string().describe('Decimal string, e.g. "1250.10"');
const nullableString = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });
const awards = z.object({ count: z.number().int(), value: decimal });

const roleAwards = awards.extend({
  share: nullableString('This role\'s share of the value awarded in the challenge, in percent with one decimal (e.g. "62.5"); null while nothing was awarded'),
});

const challenge = z.object({
  challengeId: z.string(),
  name: z.string(),
  from: z.string().describe('When it starts (included)'),
  to: z.string().describe('When it ends (excluded)'),
  metric: z.enum(CHALLENGE_METRICS),
  eligibleRoles: z.array(z.enum(INCENTIVE_ROLES)),
  typologies: z.array(z.enum(TYPOLOGIES)).optional().describe('The only typologies taking part; every one when absent'),
  warnings: z.array(z.string()).describe('What the program\'s advice says against it (no technical or pre-sales staff)'),
  awardsByRole: z
    .object({ sales: roleAwards, presales: roleAwards, technical: roleAwards } satisfies Record<IncentiveRole, typeof roleAwards>)
    .describe('Incentives awarded in the challenge by the recipient\'s role'),
});

const leaderboardEntry = z.object({
  rank: z.number().int().min(1).describe('1 for the first; ranks are distinct: a tie on value goes to whoever reached it first'),
  partnerId: z.string(),
  value: z.union([z.number().int(), decimal]).describe('The metric over [from, to): a decimal string for revenueWon, a count otherwise'),
  reachedAt: nullableString('When the last fact counted occurred (the partner reached its value then); null when only awarded'),
  awards: awards.describe('Incentives awarded to the partner\'s people in the challenge'),
});

export class ChallengeResponse extends createZodDto(challenge) {}
export class ChallengePageResponse extends createZodDto(pageResponse(challenge)) {}
export class LeaderboardPageResponse extends createZodDto(pageResponse(leaderboardEntry)) {}
export class ChallengeParams extends createZodDto(z.strictObject({ challengeId: identifier })) {}
export class ListChallengesQueryDto extends createZodDto(z.strictObject({ ...freshnessQuery, ...pageQuery })) {}
export class LeaderboardQueryDto extends createZodDto(z.strictObject({ ...freshnessQuery, ...pageQuery })) {}

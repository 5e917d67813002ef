import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { sumDecimals } from '../../decimal';
import { fresh } from '../../ui/freshness';

export type Challenge = Schema<'ChallengeResponse'>;
export type Standing = Schema<'LeaderboardPageResponse'>['items'][number];
export type Role = keyof Challenge['awardsByRole'];

/** Challenges and leaderboards are read a page of this size at a time. */
export const PAGE_SIZE = 20;

export const ROLES: { role: Role; label: string }[] = [
  { role: 'sales', label: 'Sales' },
  { role: 'presales', label: 'Pre-sales' },
  { role: 'technical', label: 'Technical' },
];

export const METRICS: Record<Challenge['metric'], string> = {
  revenueWon: 'Revenue won',
  dealsWon: 'Deals won',
  leadsRegistered: 'Leads registered',
  certificationsEarned: 'Certifications earned',
};

export const listChallenges = (cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/challenges', { params: { query: { limit: PAGE_SIZE, cursor, ...fresh() } }, signal }));

export const getChallenge = (challengeId: string, signal: AbortSignal) =>
  answer(ledger.GET('/challenges/{challengeId}', { params: { path: { challengeId }, query: { ...fresh() } }, signal }));

export const getLeaderboard = (challengeId: string, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/challenges/{challengeId}/leaderboard', { params: { path: { challengeId }, query: { limit: PAGE_SIZE, cursor, ...fresh() } }, signal }));

/** The program's currency, for the values awarded and revenue-won leaderboards. */
export async function programCurrency(signal: AbortSignal): Promise<string> {
  return (await answer(ledger.GET('/program', { params: { query: {} }, signal }))).currency;
}

/**
 * The share of the value awarded that went to technical and pre-sales staff: what the program's
 * advice is about (a challenge that only rewards sales leaves the people who deliver out).
 * Null while nothing was awarded.
 */
export function deliveryShare(challenge: Pick<Challenge, 'awardsByRole'>): string | null {
  const { presales, technical } = challenge.awardsByRole;
  if (presales.share === null || technical.share === null) return null;
  return sumDecimals([presales.share, technical.share]);
}

export const awardedCount = (challenge: Pick<Challenge, 'awardsByRole'>) => ROLES.reduce((sum, { role }) => sum + challenge.awardsByRole[role].count, 0);
export const awardedValue = (challenge: Pick<Challenge, 'awardsByRole'>) => sumDecimals(ROLES.map(({ role }) => challenge.awardsByRole[role].value));

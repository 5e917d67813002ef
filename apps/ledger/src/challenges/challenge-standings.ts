import { activityMetricsOf, addMinor, ChallengeCreated, ChallengeMetric, LedgerEvent, Typology } from '@ledger/domain';

/**
 * How partners score in challenges, as plain functions over documents (the projection in
 * challenges.projection.ts names and writes them).
 *
 * What counts: a fact of the challenge's metric (LeadRegistered → leadsRegistered, DealWon →
 * dealsWon and revenueWon by its amount, DealReversed → revenueWon less its amount: a challenge
 * ranks the revenue that stayed sold, CertificationEarned → certificationsEarned) whose
 * occurredAt is within [from, to), by a partner of a typology the challenge takes, whenever it
 * is recorded. Facts recorded before the challenge was created are found in the hours they
 * occurred in (one document per UTC hour), over at most LOOK_BACK_DAYS days up to the
 * creation: the creation sums them per partner (`recordedBefore`), and each partner's
 * standing starts from that sum at its next fact or award.
 */

/** What scoring needs of a challenge: kept for every challenge in one small document. */
export interface ChallengeRules {
  challengeId: string;
  from: string;
  to: string;
  metric: ChallengeMetric;
  typologies?: Typology[];
  /** Each partner's figure from the facts recorded before the challenge was created (absent: none). */
  recordedBefore?: PriorStanding[];
}

/** A partner's value and when it reached it, from the facts recorded before a challenge was created. */
export interface PriorStanding {
  partnerId: string;
  value: number;
  reachedAt: string;
}

/** One fact as its hour keeps it: who, when, which metric and how much. */
export interface DatedFact {
  partnerId: string;
  occurredAt: string;
  metric: ChallengeMetric;
  amount: number;
}

/** How far before its creation a challenge looks for facts already recorded. */
export const LOOK_BACK_DAYS = 400;
const HOUR_MS = 3_600_000;
/** The UTC hour a fact is kept in, `YYYY-MM-DDTHH`: small documents, so that adding a fact to one is cheap. */
export const hourOf = (at: string) => new Date(at).toISOString().slice(0, 13);
const startOfHour = (ms: number) => ms - (ms % HOUR_MS);

/**
 * The UTC hours whose facts a challenge created at `createdAt` reads: from its start to its
 * end or its creation, whichever is first, those of the last LOOK_BACK_DAYS days at most.
 */
export function hoursBefore(rules: Pick<ChallengeRules, 'from' | 'to'>, createdAt: string): string[] {
  const lastHour = startOfHour(Math.min(Date.parse(rules.to) - 1, Date.parse(createdAt)));
  const firstHour = Math.max(startOfHour(Date.parse(rules.from)), lastHour - (LOOK_BACK_DAYS * 24 - 1) * HOUR_MS);
  const hours: string[] = [];
  for (let hour = firstHour; hour <= lastHour; hour += HOUR_MS) hours.push(new Date(hour).toISOString().slice(0, 13));
  return hours;
}

/** Each partner's figure in a challenge from the facts already recorded (those it counts). */
export function priorStandings(rules: ChallengeRules, facts: Iterable<DatedFact>, typologyOf: (partnerId: string) => Typology | undefined): PriorStanding[] {
  const byPartner = new Map<string, Standing>();
  for (const fact of facts) {
    if (fact.metric !== rules.metric || !runsAt(rules, fact.occurredAt) || !takesPart(rules, typologyOf(fact.partnerId))) continue;
    byPartner.set(fact.partnerId, counted(byPartner.get(fact.partnerId) ?? noStanding(rules.challengeId), fact.amount, fact.occurredAt));
  }
  return [...byPartner].map(([partnerId, { value, reachedAt }]) => ({ partnerId, value, reachedAt: reachedAt! }));
}

export interface Awards {
  count: number;
  /** Minor units of the ledger's currency. */
  value: number;
}

/** A partner's figure in one challenge: the metric's value and when it reached it, and its awards there. */
export interface Standing {
  challengeId: string;
  /** A count, or minor units for revenueWon (below zero when more was reversed than won in the challenge). */
  value: number;
  /** When the last fact counted occurred (ISO-8601, UTC); absent while none has (awards only). */
  reachedAt?: string;
  awards: Awards;
}

const utc = (at: string) => new Date(at).toISOString();

export const rulesOf = ({ data: { challengeId, from, to, metric, typologies } }: ChallengeCreated): ChallengeRules => ({
  challengeId, from: utc(from), to: utc(to), metric, ...(typologies ? { typologies } : {}),
});

/** How much a fact adds to each metric it counts for (none: an empty object). */
export const contributionOf = (event: LedgerEvent): Partial<Record<ChallengeMetric, number>> => activityMetricsOf(event) ?? {};

/** Whether a partner of this typology takes part in the challenge (a partner of unknown typology only when all do). */
export const takesPart = (rules: ChallengeRules, typology: Typology | undefined) =>
  !rules.typologies || (typology !== undefined && rules.typologies.includes(typology));

/** Whether an instant is within the challenge's [from, to). */
export const runsAt = (rules: ChallengeRules, occurredAt: string) => {
  const at = Date.parse(occurredAt);
  return at >= Date.parse(rules.from) && at < Date.parse(rules.to);
};

export const noStanding = (challengeId: string): Standing => ({ challengeId, value: 0, awards: { count: 0, value: 0 } });

/** Where a partner's standing in a challenge starts: its figure from the facts recorded before the challenge, else nothing. */
export function startingStanding(rules: ChallengeRules, partnerId: string): Standing {
  const prior = rules.recordedBefore?.find((s) => s.partnerId === partnerId);
  return prior ? { ...noStanding(rules.challengeId), value: prior.value, reachedAt: prior.reachedAt } : noStanding(rules.challengeId);
}

/** A standing after a fact that counts: its value grows, reached when the latest fact counted occurred. */
export function counted(standing: Standing, amount: number, occurredAt: string): Standing {
  const at = utc(occurredAt);
  return { ...standing, value: addMinor(standing.value, amount), reachedAt: standing.reachedAt === undefined || standing.reachedAt < at ? at : standing.reachedAt };
}

export const awarded = (standing: Standing, value: number): Standing => ({
  ...standing, awards: { count: standing.awards.count + 1, value: addMinor(standing.awards.value, value) },
});

/** Above every value a leaderboard can hold (minor units stay below 2^53 < 10^16). */
const RANK_VALUE_CEILING = 10n ** 16n - 1n;
/** Digits of CEILING − value for every value from −CEILING (a revenue reversed in the challenge, won before it) to CEILING. */
const RANK_VALUE_DIGITS = 17;

/**
 * The leaderboard's order as one ascending text: the highest value first, then who reached
 * it first; a partner with nothing counted yet (awards only) after every one that has. The
 * store breaks what remains (same value, same instant) by document id, so ranks are distinct.
 */
export function rankKey({ value, reachedAt }: Standing): string {
  return `${String(RANK_VALUE_CEILING - BigInt(value)).padStart(RANK_VALUE_DIGITS, '0')}|${reachedAt ?? '~'}`;
}

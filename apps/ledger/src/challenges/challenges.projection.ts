import { addMinor, ChallengeCreated, ChallengeMetric, IncentiveAwarded, IncentiveRole, INCENTIVE_ROLES, isLedgerEvent, LedgerEvent, Typology } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, DocumentView, Projection, projectionOf } from '@ledger/projections';
import { CollectionSpec } from '@ledger/read-store';
import {
  Awards, awarded, ChallengeRules, contributionOf, counted, DatedFact, hourOf, hoursBefore, noStanding, priorStandings, rankKey, rulesOf, runsAt, Standing, startingStanding, takesPart,
} from './challenge-standings';

/** Every partner's typology, in one document (id `all`): who takes part in a challenge created after their facts. */
export const CHALLENGE_PARTNERS = 'challenge_partners';
/** One document per UTC hour, id = `YYYY-MM-DDTHH`: the facts that occurred in it, for the challenges created after them. */
export const CHALLENGE_HOURS = 'challenge_hours';
/** Every challenge's scoring rules, in one document (id `all`): what a fact is checked against. */
export const CHALLENGE_TERMS = 'challenge_terms';
/** One document per challenge, id = challengeId: its terms, warnings and awards by role. */
export const CHALLENGES = 'challenges';
/** One document per partner, id = partnerId: its typology and its standing in every challenge it scored in. */
export const CHALLENGE_STANDINGS = 'challenge_standings';
/** One document per partner and challenge it scored in, id = `<challengeId>/<partnerId>`: its place on the leaderboard. */
export const CHALLENGE_LEADERBOARD = 'challenge_leaderboard';

const TERMS_ID = 'all';
const PARTNERS_ID = 'all';

export interface ChallengePartnersDocument {
  [field: string]: unknown;
  partners: { partnerId: string; typology: Typology }[];
}

export interface ChallengeHourDocument {
  [field: string]: unknown;
  facts: DatedFact[];
}

export interface ChallengeTermsDocument {
  [field: string]: unknown;
  challenges: ChallengeRules[];
}

/** A challenge as created (its dates in UTC), with the awards made in it by role. */
export type ChallengeDocument = Omit<ChallengeCreated['data'], 'partnerId'> & {
  [field: string]: unknown;
  awardsByRole: Record<IncentiveRole, Awards>;
};

export interface ChallengeStandingsDocument {
  [field: string]: unknown;
  partnerId: string;
  typology?: Typology;
  standings: Standing[];
}

export interface LeaderboardEntryDocument extends Standing {
  [field: string]: unknown;
  partnerId: string;
  /** Ascending: the leaderboard's order (see rankKey). */
  rankKey: string;
}

const challengePartnersCollection: CollectionSpec = { name: CHALLENGE_PARTNERS, indexes: [] };
const challengeHoursCollection: CollectionSpec = { name: CHALLENGE_HOURS, indexes: [] };
const challengeTermsCollection: CollectionSpec = { name: CHALLENGE_TERMS, indexes: [] };
const challengesCollection: CollectionSpec = {
  name: CHALLENGES,
  // GET /challenges: the latest to start first.
  indexes: [{ fields: [{ field: 'from', direction: 'desc' }] }],
  dates: ['from', 'to'],
};
const challengeStandingsCollection: CollectionSpec = { name: CHALLENGE_STANDINGS, indexes: [] };
const leaderboardCollection: CollectionSpec = {
  name: CHALLENGE_LEADERBOARD,
  // A challenge's leaderboard, in rank order.
  indexes: [{ fields: [{ field: 'challengeId', direction: 'asc' }, { field: 'rankKey', direction: 'asc' }] }],
};

export const leaderboardEntryId = (challengeId: string, partnerId: string) => `${challengeId}/${partnerId}`;

const termsRef: DocumentRef = { collection: CHALLENGE_TERMS, id: TERMS_ID };
const partnersRef: DocumentRef = { collection: CHALLENGE_PARTNERS, id: PARTNERS_ID };
const hourRef = (hour: string): DocumentRef => ({ collection: CHALLENGE_HOURS, id: hour });
const standingsRef = (partnerId: string): DocumentRef => ({ collection: CHALLENGE_STANDINGS, id: partnerId });
const challengeRef = (challengeId: string): DocumentRef => ({ collection: CHALLENGES, id: challengeId });

const noAwards = (): Record<IncentiveRole, Awards> => Object.fromEntries(INCENTIVE_ROLES.map((role) => [role, { count: 0, value: 0 }])) as Record<IncentiveRole, Awards>;

/**
 * A challenge created: its terms, and each partner's figure from the facts recorded before it
 * (read from the hours they occurred in), which its leaderboard shows at once and its
 * partners' standings start from.
 */
function challengeCreated(event: RecordedEvent<ChallengeCreated>, view: DocumentView): DocumentChange[] {
  const { challengeId, name, eligibleRoles, typologies, warnings } = event.data;
  const terms = rulesOf(event);
  const typologyOf = new Map((view.get<ChallengePartnersDocument>(CHALLENGE_PARTNERS, PARTNERS_ID)?.partners ?? []).map((p) => [p.partnerId, p.typology]));
  const facts = hoursBefore(terms, createdAt(event)).flatMap((hour) => view.get<ChallengeHourDocument>(CHALLENGE_HOURS, hour)?.facts ?? []);
  const prior = priorStandings(terms, facts, (partnerId) => typologyOf.get(partnerId));
  const rules: ChallengeRules = prior.length ? { ...terms, recordedBefore: prior } : terms;
  const all = view.get<ChallengeTermsDocument>(CHALLENGE_TERMS, TERMS_ID)?.challenges ?? [];
  const challenge: ChallengeDocument = {
    challengeId, name, from: rules.from, to: rules.to, metric: rules.metric, eligibleRoles, ...(typologies ? { typologies } : {}), warnings, awardsByRole: noAwards(),
  };
  return [
    { ...termsRef, doc: { challenges: [...all.filter((c) => c.challengeId !== challengeId), rules] } },
    { ...challengeRef(challengeId), doc: challenge },
    ...prior.map(({ partnerId }) => leaderboardEntry(partnerId, startingStanding(rules, partnerId))),
  ];
}

/** Up to when facts were recorded before the challenge: when it was recorded (or its occurredAt, if a source dated it later). */
const createdAt = (event: RecordedEvent) => (Date.parse(event.occurredAt) > Date.parse(event.recordedAt) ? event.occurredAt : event.recordedAt);

const leaderboardEntry = (partnerId: string, standing: Standing): DocumentChange => ({
  collection: CHALLENGE_LEADERBOARD,
  id: leaderboardEntryId(standing.challengeId, partnerId),
  doc: { ...standing, partnerId, rankKey: rankKey(standing) } satisfies LeaderboardEntryDocument,
});

/** The partner's standings document with these standings replaced, and the leaderboard entries they move. */
function standingsChanged(partner: ChallengeStandingsDocument, changed: Standing[]): DocumentChange[] {
  if (changed.length === 0) return [];
  const ids = new Set(changed.map((s) => s.challengeId));
  const doc: ChallengeStandingsDocument = { ...partner, standings: [...partner.standings.filter((s) => !ids.has(s.challengeId)), ...changed] };
  return [
    { ...standingsRef(partner.partnerId), doc },
    ...changed.map((standing) => leaderboardEntry(partner.partnerId, standing)),
  ];
}

const standingsOf = (view: DocumentView, partnerId: string): ChallengeStandingsDocument =>
  view.get<ChallengeStandingsDocument>(CHALLENGE_STANDINGS, partnerId) ?? { partnerId, standings: [] };

/** A partner's standing in a challenge; the first time, from the facts recorded before the challenge (its rules say). */
const standingIn = (partner: ChallengeStandingsDocument, challengeId: string, rules: ChallengeRules | undefined) =>
  partner.standings.find((s) => s.challengeId === challengeId) ?? (rules ? startingStanding(rules, partner.partnerId) : noStanding(challengeId));

const termsOf = (view: DocumentView) => view.get<ChallengeTermsDocument>(CHALLENGE_TERMS, TERMS_ID)?.challenges ?? [];

/** A fact of a metric: every challenge it counts in moves the partner's standing there; its hour keeps it for challenges created later. */
function factCounted(event: RecordedEvent<LedgerEvent>, partnerId: string, view: DocumentView): DocumentChange[] {
  const contribution = contributionOf(event);
  const partner = standingsOf(view, partnerId);
  const changed = termsOf(view)
    .filter((rules) => contribution[rules.metric] !== undefined && runsAt(rules, event.occurredAt) && takesPart(rules, partner.typology))
    .map((rules) => counted(standingIn(partner, rules.challengeId, rules), contribution[rules.metric]!, event.occurredAt));
  const hour = hourOf(event.occurredAt);
  const occurredAt = new Date(event.occurredAt).toISOString();
  const dated = Object.entries(contribution).map(([metric, amount]) => ({ partnerId, occurredAt, metric: metric as ChallengeMetric, amount }));
  const facts = view.get<ChallengeHourDocument>(CHALLENGE_HOURS, hour)?.facts ?? [];
  return [{ ...hourRef(hour), doc: { facts: [...facts, ...dated] } }, ...standingsChanged(partner, changed)];
}

function incentiveAwarded(event: RecordedEvent<IncentiveAwarded>, challengeId: string, view: DocumentView): DocumentChange[] {
  const { partnerId, recipient, value } = event.data;
  const challenge = view.get<ChallengeDocument>(CHALLENGES, challengeId);
  // Absent for an award recorded before awards were judged by their challenge: earlier releases
  // took any challengeId. It is no award in a challenge (one created later under that id starts clean).
  if (!challenge) return [];
  const partner = standingsOf(view, partnerId);
  const rules = termsOf(view).find((c) => c.challengeId === challengeId);
  const byRole = challenge.awardsByRole[recipient.role];
  return [
    { ...challengeRef(challengeId), doc: { ...challenge, awardsByRole: { ...challenge.awardsByRole, [recipient.role]: { count: byRole.count + 1, value: addMinor(byRole.value, value.minor) } } } },
    ...standingsChanged(partner, [awarded(standingIn(partner, challengeId, rules), value.minor)]),
  ];
}

// A deal reversed in a challenge's dates takes its amount back from the partner's revenueWon there (what stayed sold).
const COUNTED: ReadonlySet<string> = new Set<LedgerEvent['type']>(['LeadRegistered', 'DealWon', 'DealReversed', 'CertificationEarned']);

/**
 * Challenges and their leaderboards. A projection names what it reads from the event alone,
 * so it cannot ask "which challenges run now" and then read them: every challenge's scoring
 * rules sit in one small document, and each partner's standings in every challenge in its
 * own; the leaderboard entries are derived from those and written without being read. A
 * challenge created after facts of its dates reads them from their hours (named by its dates)
 * and every partner's typology from one document (see challenge-standings.ts).
 */
export const challengesProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'challenges',
  // 2: deal reversals count against revenueWon; rank keys hold values below zero.
  version: 2,
  // In the order documents are derived: terms from partners and hours, standings from terms, entries from standings.
  collections: [challengePartnersCollection, challengeHoursCollection, challengeTermsCollection, challengesCollection, challengeStandingsCollection, leaderboardCollection],

  refs(event) {
    if (event.type === 'ChallengeCreated') {
      return [termsRef, challengeRef(event.data.challengeId), partnersRef, ...hoursBefore(rulesOf(event as RecordedEvent<ChallengeCreated>), createdAt(event)).map(hourRef)];
    }
    if (event.type === 'PartnerRegistered') return [standingsRef(event.data.partnerId), partnersRef];
    if (COUNTED.has(event.type)) return [termsRef, standingsRef(event.data.partnerId!), hourRef(hourOf(event.occurredAt))];
    if (event.type === 'IncentiveAwarded' && event.data.challengeId) return [termsRef, challengeRef(event.data.challengeId), standingsRef(event.data.partnerId)];
    return [];
  },

  apply(event, view) {
    switch (event.type) {
      case 'ChallengeCreated':
        return challengeCreated(event as RecordedEvent<ChallengeCreated>, view);
      case 'PartnerRegistered': {
        const { partnerId, typology } = event.data;
        const partners = view.get<ChallengePartnersDocument>(CHALLENGE_PARTNERS, PARTNERS_ID)?.partners ?? [];
        return [
          { ...partnersRef, doc: { partners: [...partners.filter((p) => p.partnerId !== partnerId), { partnerId, typology }] } },
          { ...standingsRef(partnerId), doc: { ...standingsOf(view, partnerId), typology } },
        ];
      }
      case 'IncentiveAwarded':
        return event.data.challengeId ? incentiveAwarded(event as RecordedEvent<IncentiveAwarded>, event.data.challengeId, view) : [];
      default:
        return COUNTED.has(event.type) ? factCounted(event, event.data.partnerId!, view) : [];
    }
  },
});

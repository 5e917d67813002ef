import { Money } from './shared/money';
import { CoopActivity } from './coop/coop-rules';
import { ChallengeMetric, EngagementKind, IncentiveKind, IncentiveRole, PublishedRules, SanctionCard, Tier, Typology } from './program/program-rules';

/**
 * Every fact the ledger records, as the domain sees it: a past-tense type and its data.
 * Every event names the partner it belongs to, so that per-partner read models and
 * history never need to look elsewhere. The envelope (ids, positions, times, metadata)
 * is added by the application when the event is appended.
 */
export interface Territory {
  readonly country: string;
  readonly region?: string;
}

export interface PartnerRegistered {
  readonly type: 'PartnerRegistered';
  readonly data: { partnerId: string; name: string; typology: Typology; territory: Territory };
}

export interface CertificationEarned {
  readonly type: 'CertificationEarned';
  readonly data: {
    partnerId: string;
    engineerId: string;
    engineerName?: string;
    productLine: string;
    expiresAt?: string;
  };
}

export interface CertificationExpired {
  readonly type: 'CertificationExpired';
  readonly data: { partnerId: string; engineerId: string; productLine: string; expiredAt: string };
}

export interface TierChanged {
  readonly type: 'TierChanged';
  /** rulesVersion: the program version whose criteria decided it (absent before versions were recorded: version 1). */
  readonly data: { partnerId: string; from: Tier; to: Tier; reason: string; rulesVersion?: number };
}

export interface IncentiveAwarded {
  readonly type: 'IncentiveAwarded';
  readonly data: {
    partnerId: string;
    incentiveId: string;
    recipient: { personId: string; name?: string; role: IncentiveRole };
    kind: IncentiveKind;
    value: Money;
    reason: string;
    challengeId?: string;
  };
}

/**
 * A loyalty card (a partner caught taking one of the vendor's leads to a competitor): red when
 * the partner held a yellow card issued within the loyalty window before this offence (the
 * window of `rulesVersion`, the rules in force at the offence), yellow otherwise. `issuedAt`
 * is the offence's time (what the next card's window is measured from); a yellow card's
 * `activeUntil` is the end of its window under the rules it was issued by; a red card's
 * `suspendedUntil` the end of the suspension of lead registration it starts.
 */
export interface SanctionIssued {
  readonly type: 'SanctionIssued';
  readonly data: {
    partnerId: string;
    card: SanctionCard;
    reason: string;
    leadId?: string;
    rulesVersion: number;
    issuedAt: string;
    activeUntil?: string;
    suspendedUntil?: string;
  };
}

/** A red card's suspension ended early, by decision: `suspendedUntil` is the end it had, `liftedAt` when it ended. */
export interface SuspensionLifted {
  readonly type: 'SuspensionLifted';
  readonly data: { partnerId: string; reason: string; liftedAt: string; suspendedUntil: string };
}

/**
 * A partner met the vendor or was equipped by it (seminar, training, convention, partner
 * meeting, pre-sales kit): how engaged it is. `attendees` is how many of its people came (a
 * count: no one is named), `satisfaction` their rating from 1 to 5 (one decimal at most).
 */
export interface EngagementRecorded {
  readonly type: 'EngagementRecorded';
  readonly data: { partnerId: string; engagementId: string; kind: EngagementKind; name: string; attendees?: number; satisfaction?: number };
}

/**
 * Targets for a period (a month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY`). Money in
 * minor units. Each metric left out has no target. Setting a scope's period again replaces
 * its targets, whole.
 */
export interface ObjectiveTargets {
  readonly revenueWon?: Money;
  readonly dealsWon?: number;
  readonly leadsRegistered?: number;
  readonly certifiedEngineers?: number;
}

/**
 * A period's targets, set for every partner of a typology (on the typology's objectives
 * stream) or for one partner (on its stream, overriding its typology's metric by metric).
 */
export interface ObjectiveSet {
  readonly type: 'ObjectiveSet';
  readonly data:
    | { scope: 'typology'; typology: Typology; period: string; targets: ObjectiveTargets; partnerId?: undefined }
    | { scope: 'partner'; partnerId: string; period: string; targets: ObjectiveTargets; typology?: undefined };
}

/**
 * A challenge: partners ranked by `metric` over [from, to), incentives awarded in it to the
 * roles it names; `typologies`, when given, are the only ones that take part. `warnings`
 * record what the program's own advice says against it (no technical or pre-sales staff).
 */
export interface ChallengeCreated {
  readonly type: 'ChallengeCreated';
  readonly data: {
    challengeId: string;
    name: string;
    from: string;
    to: string;
    metric: ChallengeMetric;
    eligibleRoles: IncentiveRole[];
    typologies?: Typology[];
    warnings: string[];
    partnerId?: undefined;
  };
}

export type ObjectiveEvent = ObjectiveSet;
export type ChallengeEvent = ChallengeCreated;

export interface OpportunityClaimed {
  readonly type: 'OpportunityClaimed';
  readonly data: { opportunityKey: string; leadId: string; partnerId: string };
}

/** A claim given back: its lead could not be registered (its id was taken meanwhile), or was lost or expired. */
export interface OpportunityReleased {
  readonly type: 'OpportunityReleased';
  readonly data: { opportunityKey: string; leadId: string; partnerId: string; reason: string };
}

export interface LeadRegistered {
  readonly type: 'LeadRegistered';
  readonly data: {
    leadId: string;
    partnerId: string;
    customer: { id: string; name: string };
    project: string;
    opportunityKey: string;
    estimatedValue: Money;
    /**
     * Until when (exclusive) the lead holds its customer project: occurredAt plus the
     * leadProtectionDays of the rules in force. Absent on leads recorded before protection
     * was recorded: read as registered under version 1 (occurredAt + 90 days), see
     * lead-protection.ts.
     */
    protectedUntil?: string;
    /** The program version the registration was decided by (absent before: version 1). */
    rulesVersion?: number;
    /** The partner's co-op claim (the marketing activity) the lead is attributed to, when it names one. */
    coopClaimId?: string;
  };
}

/** The lead's protection was extended: protectedUntil moved leadExtensionDays later. */
export interface LeadProtectionExtended {
  readonly type: 'LeadProtectionExtended';
  readonly data: { leadId: string; partnerId: string; reason: string; protectedUntil: string; extensions: number; rulesVersion: number };
}

/** The lead was lost: its customer project is free again. */
export interface LeadLost {
  readonly type: 'LeadLost';
  readonly data: { leadId: string; partnerId: string; opportunityKey: string; reason: string };
}

/** The lead's protection ran out before it was won: its customer project is free again. */
export interface LeadExpired {
  readonly type: 'LeadExpired';
  /** rulesVersion: the version whose protection period (or last extension) ran out; absent on none recorded before it was. */
  readonly data: { leadId: string; partnerId: string; opportunityKey: string; protectedUntil: string; rulesVersion?: number };
}

/** One product line of a deal won, as the command states it and as DealWon records it. */
export interface DealLine {
  readonly productLine: string;
  readonly product: string;
  readonly revenue: Money;
  readonly margin: Money;
}

export interface DealWon {
  readonly type: 'DealWon';
  /** coopClaimId: the co-op activity the lead was attributed to, when it named one (copied from the registration). */
  readonly data: { leadId: string; partnerId: string; amount: Money; lines: DealLine[]; coopClaimId?: string };
}

/**
 * A deal line's margin rate fell below the minimum guaranteed by the rules in force when the
 * deal occurred (`rulesVersion`): recorded with the win, in the same append. `rate` and
 * `minimumRate` are percents ("10.83", rate half up to two decimals); the comparison itself
 * was exact.
 */
export interface MarginBelowMinimum {
  readonly type: 'MarginBelowMinimum';
  readonly data: {
    leadId: string;
    partnerId: string;
    productLine: string;
    product: string;
    revenue: Money;
    margin: Money;
    rate: string;
    minimumRate: string;
    rulesVersion: number;
  };
}

/**
 * A won deal cancelled or partly refunded: `amount` of it, counted in the period the reversal
 * occurred. `lines` are the part of each line's revenue and margin reversed, in proportion,
 * rounded so that the parts add up to `amount` and, over every reversal, to the line. `totalReversed`
 * is what all reversals of the deal add up to with this one (never more than the amount won).
 */
export interface DealReversed {
  readonly type: 'DealReversed';
  readonly data: {
    leadId: string;
    partnerId: string;
    reversalId: string;
    amount: Money;
    reason: string;
    lines: DealLine[];
    totalReversed: Money;
    wonAmount: Money;
  };
}

/**
 * A person's keys were destroyed: every value sealed under them now reads as erased. Holds
 * no personal data: `personId` is the person's pseudonym (the key store's reference of
 * them), `keyIds` the pseudonyms of the keys destroyed (one per partner the person was
 * recorded at), which also stand beside each sealed value that downstream consumers kept.
 */
export interface PersonErased {
  readonly type: 'PersonErased';
  readonly data: { personId: string; keyIds: string[]; reason: string; partnerId?: undefined };
}

export type PersonEvent = PersonErased;

/**
 * The co-op launch grant: a partner registered while the rules grant one gets `amount` once,
 * recorded with its registration, and its wins accrue nothing before `launchEndsAt`.
 */
export interface CoopGranted {
  readonly type: 'CoopGranted';
  readonly data: { partnerId: string; amount: Money; launchEndsAt: string; rulesVersion: number };
}

/**
 * A win's share of co-op budget: `rate` (percent, of the partner's `tier` at the win, under
 * `rulesVersion`, the rules in force when the deal occurred) of `revenue`, rounded down to the
 * minor unit. Follows the DealWon of `leadId` (recorded by the co-op reactor, its ids derived
 * from that event's).
 */
export interface CoopAccrued {
  readonly type: 'CoopAccrued';
  readonly data: { partnerId: string; leadId: string; revenue: Money; tier: Tier; rate: string; amount: Money; rulesVersion: number };
}

/** A reversal's share of a win's accrual, clawed back in proportion to the amount reversed. */
export interface CoopAccrualReversed {
  readonly type: 'CoopAccrualReversed';
  readonly data: { partnerId: string; leadId: string; reversalId: string; amount: Money };
}

/** A claim on the co-op budget for a marketing activity, pending approval; it holds its amount from the balance until decided. */
export interface CoopClaimSubmitted {
  readonly type: 'CoopClaimSubmitted';
  readonly data: { partnerId: string; claimId: string; activity: CoopActivity; amount: Money; description: string };
}

export interface CoopClaimApproved {
  readonly type: 'CoopClaimApproved';
  readonly data: { partnerId: string; claimId: string; activity: CoopActivity; amount: Money };
}

export interface CoopClaimRejected {
  readonly type: 'CoopClaimRejected';
  readonly data: { partnerId: string; claimId: string; activity: CoopActivity; amount: Money; reason: string };
}

/** A co-op claim id taken, once in the whole ledger, by the partner whose claim it names (so that an approval finds its partner). */
export interface CoopClaimIdReserved {
  readonly type: 'CoopClaimIdReserved';
  readonly data: { claimId: string; partnerId: string };
}

export type CoopClaimEvent = CoopClaimIdReserved;

/** A version of the program's rules, published: it judges the facts that occur from its effectiveFrom on. */
export interface ProgramRulesPublished {
  readonly type: 'ProgramRulesPublished';
  readonly data: PublishedRules & { version: number; partnerId?: undefined };
}

export type ProgramEvent = ProgramRulesPublished;

export type PartnerEvent =
  | PartnerRegistered
  | CertificationEarned
  | CertificationExpired
  | TierChanged
  | IncentiveAwarded
  | SanctionIssued
  | SuspensionLifted
  | EngagementRecorded
  | ObjectiveSet
  | CoopGranted
  | CoopAccrued
  | CoopAccrualReversed
  | CoopClaimSubmitted
  | CoopClaimApproved
  | CoopClaimRejected;
export type LeadEvent = LeadRegistered | DealWon | MarginBelowMinimum | DealReversed | LeadProtectionExtended | LeadLost | LeadExpired;
export type OpportunityEvent = OpportunityClaimed | OpportunityReleased;
export type LedgerEvent = PartnerEvent | LeadEvent | OpportunityEvent | PersonEvent | ProgramEvent | ObjectiveEvent | ChallengeEvent | CoopClaimEvent;
export type LedgerEventType = LedgerEvent['type'];

/** Bumped when an event's data changes shape; readers upcast older versions. */
export const SCHEMA_VERSION = 1;

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = [
  'PartnerRegistered',
  'CertificationEarned',
  'CertificationExpired',
  'TierChanged',
  'IncentiveAwarded',
  'SanctionIssued',
  'SuspensionLifted',
  'OpportunityClaimed',
  'OpportunityReleased',
  'LeadRegistered',
  'DealWon',
  'LeadProtectionExtended',
  'LeadLost',
  'LeadExpired',
  'PersonErased',
  'ProgramRulesPublished',
  'EngagementRecorded',
  'ObjectiveSet',
  'ChallengeCreated',
  'MarginBelowMinimum',
  'DealReversed',
  'CoopGranted',
  'CoopAccrued',
  'CoopAccrualReversed',
  'CoopClaimSubmitted',
  'CoopClaimApproved',
  'CoopClaimRejected',
  'CoopClaimIdReserved',
];

const KNOWN_TYPES: ReadonlySet<string> = new Set(LEDGER_EVENT_TYPES);

/**
 * Whether an event read back (from the store, with its envelope) is one the ledger records:
 * its type is checked, its data trusted (only the deciders' events are ever appended). The one
 * place where something read gets its LedgerEvent type; anything else is left to the caller
 * to ignore.
 */
export function isLedgerEvent<T extends { type: string }>(event: T): event is T & LedgerEvent {
  return KNOWN_TYPES.has(event.type);
}

/** The partner an event belongs to; undefined for a fact of no partner. */
export function partnerIdOf(event: LedgerEvent): string | undefined {
  return event.data.partnerId;
}

/** The stream of each consistency boundary. */
export const streams = {
  partner: (partnerId: string) => `partner-${partnerId}`,
  lead: (leadId: string) => `lead-${leadId}`,
  /** One stream per customer project: the first append to it wins the registration. */
  opportunity: (key: string) => `opportunity-${key}`,
  /** One stream per person (by pseudonym): their erasures. */
  person: (personRef: string) => `person-${personRef}`,
  /** The program's rules, every version. */
  program: () => 'program',
  /** A typology's objectives, every period (a partner's own are on its stream). */
  typologyObjectives: (typology: string) => `objectives-${typology}`,
  /** One stream per challenge. */
  challenge: (challengeId: string) => `challenge-${challengeId}`,
  /** One stream per co-op claim id: which partner's claim it is (the claim itself is on the partner's stream). */
  coopClaim: (claimId: string) => `coop-claim-${claimId}`,
};

/**
 * A stream's events recorded before the hash chain existed, sealed: recorded once in each such
 * stream (`audit seal`), holding the chain value of its last unhashed event (`sealedHash`, the
 * value the event's own `prevHash` links to when it follows them directly). The chain's own
 * event, not a fact of the business: it is not a LedgerEvent, so no decider folds it and no
 * projection reads it (isLedgerEvent is false for it).
 */
export interface HistorySealed {
  readonly type: 'HistorySealed';
  readonly data: { sealedThroughRevision: number; sealedEvents: number; sealedHash: string };
}

export const HISTORY_SEALED = 'HistorySealed';

export function isHistorySealed<T extends { type: string }>(event: T): event is T & HistorySealed {
  return event.type === HISTORY_SEALED;
}

/** Every ledger stream starts with one of these prefixes (a subscription filter uses them). */
export const STREAM_PREFIXES = ['partner-', 'lead-', 'opportunity-', 'person-', 'program', 'objectives-', 'challenge-', 'coop-claim-'] as const;

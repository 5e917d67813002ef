/**
 * The partner program's rules, as published: data recorded in the ledger as versions
 * (ProgramRulesPublished on the `program` stream), never code. A fact is judged by the
 * version in force when it occurred. The currency is the ledger's own (LEDGER_CURRENCY),
 * not part of a version.
 */
export interface ProgramRules {
  /** 1, 2, 3, … in the order published. */
  readonly version: number;
  /** From when this version judges facts (ISO-8601); a later version's is never earlier. */
  readonly effectiveFrom: string;
  /** The ledger's currency; amounts in another currency are refused. */
  readonly currency: string;
  /** The flagship product line (Silver needs it). */
  readonly flagshipLine: string;
  /** Every product line of the program, flagship included. */
  readonly productLines: readonly string[];
  /** What each tier takes, as data (tier-policy.ts reads it). */
  readonly tiers: TierCriteria;
  /** How long a registered lead protects its customer project. */
  readonly leadProtectionDays: number;
  /** How much later each extension moves the protection's end. */
  readonly leadExtensionDays: number;
  readonly maxLeadExtensions: number;
  /** A yellow card within this many days before another makes the second a red card. */
  readonly loyaltyWindowDays: number;
  /** How long a red card suspends lead registration. */
  readonly redCardSuspensionDays: number;
  /** A partner with no activity for this long is at risk. */
  readonly atRiskAfterDays: number;
  /** Co-op budget rules: `{ ratesByTier, launchGrant, launchMonths }` (coop/coop-rules.ts reads them). */
  readonly coop: Readonly<Record<string, unknown>>;
  /** The guaranteed minimum margin per product line, optionally per product (margin/minimum-margins.ts reads them). */
  readonly minimumMargins: Readonly<Record<string, MinimumMargin>>;
}

/**
 * A product line's guaranteed minimum margin, as the rules publish it: a percent for the
 * whole line ("12.5"), or a percent for the line with exceptions per product
 * (`{ minimum: "12.5", products: { "UTM-500": "15" } }`).
 */
export type MinimumMargin = string | { readonly minimum?: string; readonly products?: Readonly<Record<string, string>> };

/**
 * A tier's criteria, each a minimum count of distinct engineers: on the flagship line, on a
 * line other than the flagship, certified on every line. A tier is held when all its
 * criteria are met; the highest tier held is the partner's.
 */
export interface TierCriterion {
  readonly flagshipEngineers?: number;
  readonly otherLineEngineers?: number;
  readonly engineersCertifiedOnEveryLine?: number;
}

export interface TierCriteria {
  readonly silver: TierCriterion;
  readonly gold: TierCriterion;
  readonly platinum: TierCriterion;
}

/** The rules a version publishes (what PUT /program takes): all but its number and the currency. */
export type PublishedRules = Omit<ProgramRules, 'version' | 'currency'>;

/** Version 1's effectiveFrom: in force from the beginning of time, so that facts of any date are judged by a recorded version. */
export const BEGINNING_OF_TIME = '0001-01-01T00:00:00Z';

export const TIERS = ['none', 'silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const TYPOLOGIES = ['integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber'] as const;
export type Typology = (typeof TYPOLOGIES)[number];

export const INCENTIVE_ROLES = ['sales', 'presales', 'technical'] as const;
export type IncentiveRole = (typeof INCENTIVE_ROLES)[number];

/** A loyalty card: a first offence is yellow, a second within the loyalty window red. */
export const SANCTION_CARDS = ['yellow', 'red'] as const;
export type SanctionCard = (typeof SANCTION_CARDS)[number];

/** What a partner engagement was: how partners meet the vendor and get equipped. */
export const ENGAGEMENT_KINDS = ['seminar', 'training', 'convention', 'partner-meeting', 'presales-kit'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** What a challenge ranks partners by, over its dates. */
export const CHALLENGE_METRICS = ['revenueWon', 'dealsWon', 'leadsRegistered', 'certificationsEarned'] as const;
export type ChallengeMetric = (typeof CHALLENGE_METRICS)[number];

/** What an objective sets a target for. */
export const OBJECTIVE_METRICS = ['revenueWon', 'dealsWon', 'leadsRegistered', 'certifiedEngineers'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

export const INCENTIVE_KINDS = ['voucher', 'trip', 'goodies', 'cash'] as const;
export type IncentiveKind = (typeof INCENTIVE_KINDS)[number];

/** The rules in force before any version is published: version 1, recorded by the ledger at its first start. */
export function defaultPublishedRules(): PublishedRules {
  return {
    effectiveFrom: BEGINNING_OF_TIME,
    flagshipLine: 'utm',
    productLines: ['utm', 'network', 'endpoint', 'email', 'cloud'],
    tiers: {
      silver: { flagshipEngineers: 1 },
      gold: { flagshipEngineers: 1, otherLineEngineers: 1 },
      platinum: { engineersCertifiedOnEveryLine: 3 },
    },
    leadProtectionDays: 90,
    leadExtensionDays: 30,
    maxLeadExtensions: 1,
    loyaltyWindowDays: 365,
    redCardSuspensionDays: 180,
    atRiskAfterDays: 90,
    coop: {},
    minimumMargins: {},
  };
}

export function defaultProgramRules(currency = 'EUR'): ProgramRules {
  return { ...defaultPublishedRules(), version: 1, currency };
}

/** The version in force at `at`: the last published whose effectiveFrom is not after it (versions in order). */
export function rulesInForce<R extends Pick<ProgramRules, 'effectiveFrom'>>(versions: readonly R[], at: string): R | undefined {
  const instant = Date.parse(at);
  let found: R | undefined;
  for (const version of versions) if (Date.parse(version.effectiveFrom) <= instant) found = version;
  return found;
}

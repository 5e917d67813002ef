/**
 * The partner program's published rules. They are configuration, not code: a vendor
 * with other product lines or another currency changes these values, not the deciders.
 */
export interface ProgramRules {
  /** The ledger's currency; amounts in another currency are refused. */
  readonly currency: string;
  /** The flagship product line (Silver needs it). */
  readonly flagshipLine: string;
  /** Every product line of the program, flagship included. */
  readonly productLines: readonly string[];
  /** Platinum: at least this many engineers, each certified on every product line. */
  readonly platinumEngineers: number;
}

export const TIERS = ['none', 'silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const TYPOLOGIES = ['integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber'] as const;
export type Typology = (typeof TYPOLOGIES)[number];

export const INCENTIVE_ROLES = ['sales', 'presales', 'technical'] as const;
export type IncentiveRole = (typeof INCENTIVE_ROLES)[number];

export const INCENTIVE_KINDS = ['voucher', 'trip', 'goodies', 'cash'] as const;
export type IncentiveKind = (typeof INCENTIVE_KINDS)[number];

export function defaultProgramRules(currency = 'EUR'): ProgramRules {
  return {
    currency,
    flagshipLine: 'utm',
    productLines: ['utm', 'network', 'endpoint', 'email', 'cloud'],
    platinumEngineers: 3,
  };
}

import { CoopActivity, CoopClaimStatus, Tier, Typology } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';

/**
 * The co-op budget's read models. Money is in minor units of the ledger's currency.
 *
 * - `coop_attributions`: one document per lead attributed to a co-op claim (id = leadId), so
 *   that a reversal, which names only its lead, finds the claim whose revenue it takes back.
 * - `coop_accounts`: one document per partner (id = partnerId): its balance as the partner's
 *   stream recorded it, and every claim with what it brought in.
 * - `coop_claims`: one document per claim (id = claimId), a copy of the account's, for the
 *   claims list and the program-wide return.
 */
export const COOP_ATTRIBUTIONS = 'coop_attributions';
export const COOP_ACCOUNTS = 'coop_accounts';
export const COOP_CLAIMS = 'coop_claims';

export interface CoopAttribution {
  [field: string]: unknown;
  leadId: string;
  partnerId: string;
  claimId: string;
}

/** A claim and the return of its activity: leads that named it, their deals won and revenue net of reversals. */
export interface CoopClaimDocument {
  [field: string]: unknown;
  claimId: string;
  partnerId: string;
  /** The partner's typology and tier when the claim was submitted: the program-wide view groups the claim under them. */
  typology: Typology;
  tier: Tier;
  activity: CoopActivity;
  amount: number;
  description: string;
  status: CoopClaimStatus;
  /** The claim's occurredAt (UTC): when the activity was claimed. */
  submittedAt: string;
  /** `YYYY-MM` of submittedAt: the program-wide view reads a window's months by it. */
  month: string;
  decidedAt?: string;
  reason?: string;
  leadsAttributed: number;
  dealsWon: number;
  /** Won revenue of the attributed deals, less what was reversed of it. */
  revenueWon: number;
}

export interface CoopAccountDocument {
  [field: string]: unknown;
  partnerId: string;
  typology: Typology;
  tier: Tier;
  granted: number;
  accrued: number;
  clawedBack: number;
  pending: number;
  approved: number;
  rejected: number;
  /** The end of the launch phase (UTC), when the partner was granted a launch budget. */
  launchEndsAt?: string;
  claims: CoopClaimDocument[];
}

export const coopAttributionsCollection: CollectionSpec = { name: COOP_ATTRIBUTIONS, indexes: [] };
export const coopAccountsCollection: CollectionSpec = { name: COOP_ACCOUNTS, indexes: [] };
export const coopClaimsCollection: CollectionSpec = {
  name: COOP_CLAIMS,
  indexes: [
    // Every claim, and those of a status (the claims waiting for approval), oldest first.
    { fields: [{ field: 'submittedAt', direction: 'asc' }] },
    { fields: [{ field: 'status', direction: 'asc' }, { field: 'submittedAt', direction: 'asc' }] },
    // A partner's claims, of a status or all.
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'submittedAt', direction: 'asc' }] },
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'status', direction: 'asc' }, { field: 'submittedAt', direction: 'asc' }] },
    // The claims of a window's months (the program-wide return).
    { fields: [{ field: 'month', direction: 'asc' }] },
  ],
  dates: ['submittedAt', 'decidedAt'],
};

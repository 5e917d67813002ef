import { isCoopAccountEvent, isLedgerEvent, LedgerEvent, periodOf } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, Projection, projectionOf } from '@ledger/projections';
import {
  COOP_ACCOUNTS, COOP_ATTRIBUTIONS, COOP_CLAIMS, CoopAccountDocument, coopAccountsCollection, CoopAttribution, coopAttributionsCollection,
  CoopClaimDocument, coopClaimsCollection,
} from './coop-budget';

const utc = (at: string) => new Date(at).toISOString();

const account = (partnerId: string): DocumentRef => ({ collection: COOP_ACCOUNTS, id: partnerId });

/** The documents an event reads: its partner's account, and for a reversal the lead's attribution (it names no claim). */
function refsOf(event: LedgerEvent): DocumentRef[] {
  if (isCoopAccountEvent(event)) return [account(event.data.partnerId)];
  switch (event.type) {
    case 'PartnerRegistered':
    case 'TierChanged':
      return [account(event.data.partnerId)];
    case 'LeadRegistered':
    case 'DealWon':
      return event.data.coopClaimId === undefined ? [] : [account(event.data.partnerId)];
    case 'DealReversed':
      return [{ collection: COOP_ATTRIBUTIONS, id: event.data.leadId }, account(event.data.partnerId)];
    default:
      return [];
  }
}

/** The account with one claim changed by `change`, and that claim; none when the account has no such claim. */
function withClaim(held: CoopAccountDocument, claimId: string, change: (claim: CoopClaimDocument) => CoopClaimDocument) {
  const index = held.claims.findIndex((claim) => claim.claimId === claimId);
  if (index < 0) return undefined;
  const claim = change(held.claims[index]!);
  const claims = held.claims.slice();
  claims[index] = claim;
  return { account: { ...held, claims }, claim };
}

/** A decision on a pending claim: its amount moves from pending to approved or rejected (a claim decided already stays as it is). */
function decided(held: CoopAccountDocument, claimId: string, status: 'approved' | 'rejected', decidedAt: string, reason?: string) {
  const pendingClaim = held.claims.find((claim) => claim.claimId === claimId && claim.status === 'pending');
  if (!pendingClaim) return undefined;
  const changed = withClaim(held, claimId, (claim) => ({ ...claim, status, decidedAt: utc(decidedAt), ...(reason === undefined ? {} : { reason }) }))!;
  changed.account.pending -= pendingClaim.amount;
  changed.account[status] += pendingClaim.amount;
  return changed;
}

/**
 * The partner's account after one event, with the claim it changed (if any): a pure
 * reducer. Undefined when the event changes nothing.
 */
export function evolveCoopAccount(
  held: CoopAccountDocument | undefined, event: LedgerEvent, occurredAt: string, attribution?: CoopAttribution,
): { account: CoopAccountDocument; claim?: CoopClaimDocument } | undefined {
  if (event.type === 'PartnerRegistered') {
    const { partnerId, typology } = event.data;
    return { account: held ?? { partnerId, typology, tier: 'none', granted: 0, accrued: 0, clawedBack: 0, pending: 0, approved: 0, rejected: 0, claims: [] } };
  }
  if (!held) return undefined;
  switch (event.type) {
    case 'TierChanged':
      return { account: { ...held, tier: event.data.to } };
    case 'CoopGranted':
      return { account: { ...held, granted: held.granted + event.data.amount.minor, launchEndsAt: utc(event.data.launchEndsAt) } };
    case 'CoopAccrued':
      return { account: { ...held, accrued: held.accrued + event.data.amount.minor } };
    case 'CoopAccrualReversed':
      return { account: { ...held, clawedBack: held.clawedBack + event.data.amount.minor } };
    case 'CoopClaimSubmitted': {
      const { claimId, activity, amount, description } = event.data;
      if (held.claims.some((claim) => claim.claimId === claimId)) return undefined;
      const claim: CoopClaimDocument = {
        claimId, partnerId: held.partnerId, typology: held.typology, tier: held.tier, activity, amount: amount.minor, description, status: 'pending',
        submittedAt: utc(occurredAt), month: periodOf(occurredAt), leadsAttributed: 0, dealsWon: 0, revenueWon: 0,
      };
      return { account: { ...held, pending: held.pending + amount.minor, claims: [...held.claims, claim] }, claim };
    }
    case 'CoopClaimApproved':
      return decided(held, event.data.claimId, 'approved', occurredAt);
    case 'CoopClaimRejected':
      return decided(held, event.data.claimId, 'rejected', occurredAt, event.data.reason);
    case 'LeadRegistered':
      return event.data.coopClaimId === undefined ? undefined : withClaim(held, event.data.coopClaimId, (claim) => ({ ...claim, leadsAttributed: claim.leadsAttributed + 1 }));
    case 'DealWon': {
      const { coopClaimId, amount } = event.data;
      return coopClaimId === undefined ? undefined : withClaim(held, coopClaimId, (claim) => ({ ...claim, dealsWon: claim.dealsWon + 1, revenueWon: claim.revenueWon + amount.minor }));
    }
    case 'DealReversed':
      // The deal stays won (history keeps both facts); its revenue is counted net of what was reversed.
      return attribution === undefined ? undefined : withClaim(held, attribution.claimId, (claim) => ({ ...claim, revenueWon: claim.revenueWon - event.data.amount.minor }));
    default:
      return undefined;
  }
}

function apply(event: RecordedEvent<LedgerEvent>, view: { get<T>(collection: string, id: string): T | undefined }): DocumentChange[] {
  if (refsOf(event).length === 0) return [];
  const { partnerId } = event.data as { partnerId: string };
  const attribution = event.type === 'DealReversed' ? view.get<CoopAttribution>(COOP_ATTRIBUTIONS, event.data.leadId) : undefined;
  const changed = evolveCoopAccount(view.get<CoopAccountDocument>(COOP_ACCOUNTS, partnerId), event, event.occurredAt, attribution);
  if (!changed) return [];
  const changes: DocumentChange[] = [{ collection: COOP_ACCOUNTS, id: partnerId, doc: changed.account }];
  if (changed.claim) changes.push({ collection: COOP_CLAIMS, id: changed.claim.claimId, doc: changed.claim });
  if (event.type === 'LeadRegistered' && changed.claim) {
    const { leadId } = event.data;
    changes.push({ collection: COOP_ATTRIBUTIONS, id: leadId, doc: { leadId, partnerId, claimId: changed.claim.claimId } satisfies CoopAttribution });
  }
  return changes;
}

/** Co-op balances, claims and the return of each activity: GET /partners/:partnerId/coop, /coop/claims and /coop/roi. */
export const coopBudgetProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'coop-budget',
  version: 1,
  // Claims are copied from accounts, and accounts read attributions: each after what it is derived from.
  collections: [coopAttributionsCollection, coopAccountsCollection, coopClaimsCollection],
  refs: refsOf,
  apply,
});

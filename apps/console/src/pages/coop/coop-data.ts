import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { fresh } from '../../ui/freshness';

export type RoiGroup = 'activity' | 'typology' | 'tier';
export type Roi = Schema<'CoopRoiResponse'>;
export type Returns = Roi['total'];
export type RoiItem = Roi['items'][number];
export type ClaimPage = Schema<'CoopClaimPageResponse'>;
export type Claim = ClaimPage['items'][number];
export type ClaimStatus = Claim['status'];

export const ROI_GROUPS: { groupBy: RoiGroup; title: string; column: string }[] = [
  { groupBy: 'activity', title: 'By activity', column: 'Activity' },
  { groupBy: 'typology', title: 'By typology', column: 'Typology' },
  { groupBy: 'tier', title: 'By tier', column: 'Tier' },
];

/** The claims list's filter: the ones waiting for a decision first, as the approvers need them. */
export const CLAIM_STATUSES: { value: ClaimStatus | 'all'; label: string }[] = [
  { value: 'pending', label: 'Waiting for approval' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'all', label: 'All' },
];

export const CLAIMS_PER_PAGE = 20;

const ACRONYMS: Record<string, string> = { var: 'VAR', ssii: 'SSII', isv: 'ISV' };

/** "open-day" → "Open day", "var" → "VAR": the API's names as people write them. */
export function nameOf(key: string | undefined): string {
  if (!key) return '—';
  if (ACRONYMS[key]) return ACRONYMS[key];
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The window's query: the months "from" and "through" (included), the API's [from, to). */
export interface RoiWindow {
  from?: string;
  through?: string;
}

/** "2025-06" → "2025-07": the API's `to` excludes its month, the page's "through" includes it. */
export function monthAfter(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export const roiQuery = (window: RoiWindow, groupBy: RoiGroup) => ({
  groupBy,
  ...(window.from ? { from: window.from } : {}),
  ...(window.through ? { to: monthAfter(window.through) } : {}),
});

export const loadRoi = (window: RoiWindow, groupBy: RoiGroup, signal?: AbortSignal) =>
  answer(ledger.GET('/coop/roi', { params: { query: { ...roiQuery(window, groupBy), ...fresh() } }, signal }));

export interface ClaimsFilter {
  status: ClaimStatus | 'all';
  partnerId?: string;
}

export const loadClaims = ({ status, partnerId }: ClaimsFilter, cursor: string | undefined, signal?: AbortSignal) =>
  answer(ledger.GET('/coop/claims', {
    params: { query: { limit: CLAIMS_PER_PAGE, ...(status === 'all' ? {} : { status }), ...(partnerId ? { partnerId } : {}), ...(cursor ? { cursor } : {}), ...fresh() } },
    signal,
  }));

/**
 * An admin's decision on a claim. The idempotency key is the decision's own (made when the
 * admin opened it), so sending it again after a lost answer records it once.
 */
export function decide(claimId: string, decision: { kind: 'approve' } | { kind: 'reject'; reason: string }, idempotencyKey: string) {
  const params = { path: { claimId }, header: { 'Idempotency-Key': idempotencyKey } };
  return decision.kind === 'approve'
    ? answer(ledger.POST('/coop/claims/{claimId}/approve', { params, body: {} }))
    : answer(ledger.POST('/coop/claims/{claimId}/reject', { params, body: { reason: decision.reason } }));
}

import { isLedgerEvent, LeadEvent, LeadStatus, LedgerEvent, upcastLeadRegistered } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';
import { Projection, projectionOf } from '@ledger/projections';

/** The `leads` read model: one document per lead, id = leadId. */
export const LEADS = 'leads';

/**
 * A lead as stored. Instants are UTC text (`toISOString()`), dates in MongoDB, so that the
 * leads due for expiry are found in order of protectedUntil.
 */
export interface LeadDocument {
  [field: string]: unknown;
  leadId: string;
  partnerId: string;
  status: LeadStatus;
  customer: { id: string; name: string };
  project: string;
  /** Minor units of the ledger's currency. */
  estimatedValue: number;
  registeredAt: string;
  protectedUntil: string;
  extensions: number;
  rulesVersion: number;
  /** When the lead was won, lost or expired. */
  closedAt?: string;
  /** Why it was lost. */
  lostReason?: string;
  /** The co-op claim whose activity produced the lead, when it names one. */
  coopClaimId?: string;
  /** Once won: what was won, what its reversals took back so far (minor units) and how many, and its lines below the minimum margin. */
  wonAmount?: number;
  reversed?: number;
  reversals?: number;
  marginAlerts?: number;
}

export const leadsCollection: CollectionSpec = {
  name: LEADS,
  indexes: [
    // A partner's leads, by status.
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'status', direction: 'asc' }] },
    // The open leads in order of their protection's end: those due for expiry come first.
    { fields: [{ field: 'status', direction: 'asc' }, { field: 'protectedUntil', direction: 'asc' }] },
  ],
  dates: ['registeredAt', 'protectedUntil', 'closedAt'],
};

const utc = (at: string) => new Date(at).toISOString();

/**
 * A lead after one of its events. A LeadRegistered recorded before protection was recorded
 * is read as registered under version 1 (occurredAt + 90 days), as the lead's own stream
 * reads it. Undefined for an event of a lead never registered.
 */
export function evolveLead(lead: LeadDocument | undefined, event: LeadEvent, occurredAt: string): LeadDocument | undefined {
  if (event.type === 'LeadRegistered') {
    const { leadId, partnerId, customer, project, estimatedValue, protectedUntil, rulesVersion, coopClaimId } = upcastLeadRegistered(event, occurredAt).data;
    return {
      leadId, partnerId, status: 'open', customer, project, estimatedValue: estimatedValue.minor,
      registeredAt: utc(occurredAt), protectedUntil: utc(protectedUntil), extensions: 0, rulesVersion, ...(coopClaimId ? { coopClaimId } : {}),
    };
  }
  if (!lead) return undefined;
  switch (event.type) {
    case 'LeadProtectionExtended':
      return { ...lead, protectedUntil: utc(event.data.protectedUntil), extensions: event.data.extensions };
    case 'DealWon':
      return { ...lead, status: 'won', closedAt: utc(occurredAt), wonAmount: event.data.amount.minor, reversed: 0, reversals: 0, marginAlerts: lead.marginAlerts ?? 0 };
    case 'MarginBelowMinimum':
      // Appended with the win, after it.
      return { ...lead, marginAlerts: (lead.marginAlerts ?? 0) + 1 };
    case 'DealReversed':
      // Won stays won: the reversal is a new fact beside the win, not an undoing of it.
      return { ...lead, reversed: event.data.totalReversed.minor, reversals: (lead.reversals ?? 0) + 1 };
    case 'LeadLost':
      return { ...lead, status: 'lost', closedAt: utc(occurredAt), lostReason: event.data.reason };
    case 'LeadExpired':
      return { ...lead, status: 'expired', closedAt: utc(occurredAt) };
  }
}

const LEAD_EVENTS: ReadonlySet<string> = new Set<LeadEvent['type']>(['LeadRegistered', 'LeadProtectionExtended', 'DealWon', 'MarginBelowMinimum', 'DealReversed', 'LeadLost', 'LeadExpired']);
const isLeadEvent = (event: LedgerEvent): event is LeadEvent => LEAD_EVENTS.has(event.type);

/** Every lead with its status and protection, for GET /leads/:leadId, a partner's leads, and the leads due for expiry. */
export const leadsProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'leads',
  // 2: a won lead's amount, reversals and margin alerts; the co-op claim a lead names.
  version: 2,
  collections: [leadsCollection],

  refs(event) {
    return isLeadEvent(event) ? [{ collection: LEADS, id: event.data.leadId }] : [];
  },

  apply(event, view) {
    if (!isLeadEvent(event)) return [];
    const lead = evolveLead(view.get<LeadDocument>(LEADS, event.data.leadId), event, event.occurredAt);
    return lead ? [{ collection: LEADS, id: lead.leadId, doc: lead }] : [];
  },
});

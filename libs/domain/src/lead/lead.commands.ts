import { DealLine } from '../events';
import { Money } from '../shared/money';

export interface RegisterLead {
  readonly type: 'RegisterLead';
  readonly leadId: string;
  readonly partnerId: string;
  readonly customer: { id: string; name: string };
  readonly project: string;
  /** Normalised customer + project; the opportunity stream already holds it for this lead. */
  readonly opportunityKey: string;
  readonly estimatedValue: Money;
  /** The partner's co-op claim the lead is attributed to (the registration workflow checked it is the partner's). */
  readonly coopClaimId?: string;
  readonly occurredAt: string;
}

export interface WinDeal {
  readonly type: 'WinDeal';
  readonly leadId: string;
  readonly amount: Money;
  readonly lines: readonly DealLine[];
  readonly occurredAt: string;
}

/** Moves the protection's end leadExtensionDays later, at most maxLeadExtensions times. */
export interface ExtendLeadProtection {
  readonly type: 'ExtendLeadProtection';
  readonly leadId: string;
  readonly reason: string;
  readonly occurredAt: string;
}

export interface LoseLead {
  readonly type: 'LoseLead';
  readonly leadId: string;
  readonly reason: string;
  readonly occurredAt: string;
}

/** Expires the lead if it is still open and its protection has run out by `asOf`; otherwise changes nothing. */
export interface ExpireLead {
  readonly type: 'ExpireLead';
  readonly leadId: string;
  readonly asOf: string;
}

/** Cancels a won deal, or refunds part of it: `amount` (default: all that remains). */
export interface ReverseDeal {
  readonly type: 'ReverseDeal';
  readonly leadId: string;
  readonly reversalId: string;
  readonly amount?: Money;
  readonly reason: string;
  readonly occurredAt: string;
}

export type LeadCommand = RegisterLead | WinDeal | ReverseDeal | ExtendLeadProtection | LoseLead | ExpireLead;

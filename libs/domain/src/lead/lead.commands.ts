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
  readonly occurredAt: string;
}

export interface WinDeal {
  readonly type: 'WinDeal';
  readonly leadId: string;
  readonly amount: Money;
  readonly lines: readonly DealLine[];
  readonly occurredAt: string;
}

export type LeadCommand = RegisterLead | WinDeal;

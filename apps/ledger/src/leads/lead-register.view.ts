import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { formatAmount, LEAD_STATUSES } from '@ledger/domain';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { LeadDocument } from './lead-register';
import { basisResponse } from '../as-of/time-filter';

/** A lead as the API shows it: money as a decimal string in the ledger's currency. */
export function leadView(lead: LeadDocument, currency: string) {
  const money = (minor: number) => ({ amount: formatAmount(minor), currency });
  return {
    leadId: lead.leadId,
    partnerId: lead.partnerId,
    status: lead.status,
    customer: lead.customer,
    project: lead.project,
    estimatedValue: { amount: formatAmount(lead.estimatedValue), currency },
    registeredAt: lead.registeredAt,
    protectedUntil: lead.protectedUntil,
    extensions: lead.extensions,
    rulesVersion: lead.rulesVersion,
    ...(lead.closedAt === undefined ? {} : { closedAt: lead.closedAt }),
    ...(lead.lostReason === undefined ? {} : { lostReason: lead.lostReason }),
    ...(lead.coopClaimId === undefined ? {} : { coopClaimId: lead.coopClaimId }),
    ...(lead.wonAmount === undefined ? {} : {
      wonAmount: money(lead.wonAmount),
      reversed: money(lead.reversed ?? 0),
      netAmount: money(lead.wonAmount - (lead.reversed ?? 0)),
      reversals: lead.reversals ?? 0,
      marginAlerts: lead.marginAlerts ?? 0,
    }),
  };
}

const money = z.object({ amount: z.string(), currency: z.string() });
const lead = z.object({
  leadId: z.string(),
  partnerId: z.string().describe('The partner holding the lead (who registered it)'),
  status: z.enum(LEAD_STATUSES),
  customer: z.object({ id: z.string(), name: z.string() }),
  project: z.string(),
  estimatedValue: z.object({ amount: z.string(), currency: z.string() }),
  registeredAt: z.string(),
  protectedUntil: z.string().describe('Exclusive: from this instant the protection has run out and the lead is due for expiry (unless won, lost or extended)'),
  extensions: z.number().int().describe('How many times its protection was extended'),
  rulesVersion: z.number().int().describe('The program version the registration was decided by (1 for leads recorded before versions were)'),
  closedAt: z.string().optional().describe('When it was won, lost or expired'),
  lostReason: z.string().optional(),
  coopClaimId: z.string().optional().describe('The co-op claim whose activity produced the lead, when it names one'),
  wonAmount: money.optional().describe('A won lead: what was won (it stays won, whatever its reversals)'),
  reversed: money.optional().describe('A won lead: what its reversals took back so far'),
  netAmount: money.optional().describe('A won lead: wonAmount − reversed, what stayed sold'),
  reversals: z.number().int().optional().describe('A won lead: how many reversals were recorded'),
  marginAlerts: z.number().int().optional().describe('A won lead: how many of its lines were below the minimum margin of the rules in force (MarginBelowMinimum)'),
  basis: basisResponse.optional(),
});

export class LeadResponse extends createZodDto(lead) {}
export class LeadPageResponse extends createZodDto(pageResponse(lead)) {}
export class ListPartnerLeadsQueryDto extends createZodDto(z.strictObject({ ...freshnessQuery, ...pageQuery, status: z.enum(LEAD_STATUSES).optional() })) {}

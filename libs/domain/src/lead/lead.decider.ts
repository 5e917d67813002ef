import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { addMinor, formatAmount, money, Money } from '../shared/money';
import { LeadEvent } from '../events';
import { ProgramRules } from '../program/program-rules';
import { LeadCommand } from './lead.commands';
import { addDays, assertInstant, isBefore } from '../shared/instant';
import { protectionRunOut, upcastLeadRegistered } from './lead-protection';
import { DealLine } from '../events';
import { marginAlerts } from '../margin/minimum-margins';
import { LineReversed, linesReversedAt } from './deal-reversal';

export const LEAD_STATUSES = ['open', 'won', 'lost', 'expired'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface RegisteredLead {
  readonly status: LeadStatus;
  readonly leadId: string;
  readonly partnerId: string;
  readonly opportunityKey: string;
  /** Exclusive: at this instant the protection has run out. */
  readonly protectedUntil: string;
  readonly extensions: number;
  /** The program version the registration was decided by. */
  readonly rulesVersion: number;
  readonly coopClaimId?: string;
  /** Once won: what was won, and what its reversals took back so far. */
  readonly deal?: WonDeal;
}

export interface WonDeal {
  readonly amount: Money;
  readonly lines: readonly DealLine[];
  readonly reversed: number;
  readonly linesReversed: readonly LineReversed[];
  readonly reversalIds: readonly string[];
  /** When the deal was won (the envelope's occurredAt, when read back from the store). */
  readonly wonAt?: string;
}

export type LeadState = { readonly status: 'unregistered' } | RegisteredLead;

const notOpen = (state: RegisteredLead, what: string) =>
  refuse.conflict('LEAD_NOT_OPEN', `lead ${state.leadId} is ${state.status}: it cannot be ${what}`, { leadId: state.leadId, status: state.status });

/** Refuses an amount (named by its field) that is not in the ledger's currency. */
export function acceptCurrency(rules: ProgramRules, amount: Money, field: string): void {
  if (amount.currency !== rules.currency) {
    throw refuse.rule('CURRENCY_NOT_ACCEPTED', `${field}: the ledger keeps amounts in ${rules.currency}, not ${amount.currency}`);
  }
}

function registered(state: LeadState, leadId: string): RegisteredLead {
  if (state.status === 'unregistered') throw refuse.notFound('LEAD_NOT_FOUND', `lead ${leadId} is not registered`, { leadId });
  return state;
}

/**
 * One deal registration's life: registered (open, protected until protectedUntil), then won,
 * lost or expired, once. While open its protection may be extended, at most
 * maxLeadExtensions times. A registration comes through the lead registration workflow,
 * which admits its partner and currency before the customer project is claimed; here it only
 * needs its lead id to be free. A lost or expired lead gives its customer project back (the
 * lead closing workflow releases the opportunity stream).
 *
 * Every rule is the version's the command is decided by: the one in force when its fact
 * occurred (registration: leadProtectionDays; extension: leadExtensionDays, maxLeadExtensions).
 */
export function leadDecider(rules: ProgramRules): Decider<LeadCommand, LeadState, LeadEvent> {
  return {
    initialState: { status: 'unregistered' },

    decide(command, state) {
      switch (command.type) {
        case 'RegisterLead': {
          if (state.status !== 'unregistered') {
            throw refuse.conflict('LEAD_ID_TAKEN', `lead ${command.leadId} already exists`, { leadId: command.leadId });
          }
          const { leadId, partnerId, customer, project, opportunityKey, estimatedValue, occurredAt, coopClaimId } = command;
          const protectedUntil = addDays(occurredAt, rules.leadProtectionDays);
          return [{
            type: 'LeadRegistered',
            data: { leadId, partnerId, customer, project, opportunityKey, estimatedValue, protectedUntil, rulesVersion: rules.version, ...(coopClaimId ? { coopClaimId } : {}) },
          }];
        }
        case 'ExtendLeadProtection': {
          const lead = registered(state, command.leadId);
          if (lead.status !== 'open') throw notOpen(lead, 'extended');
          if (protectionRunOut(lead.protectedUntil, command.occurredAt)) {
            throw refuse.conflict('LEAD_NOT_OPEN', `the protection of lead ${lead.leadId} ran out at ${lead.protectedUntil}: it cannot be extended`, {
              leadId: lead.leadId, status: 'expired', protectedUntil: lead.protectedUntil,
            });
          }
          if (lead.extensions >= rules.maxLeadExtensions) {
            throw refuse.rule('EXTENSION_LIMIT_REACHED', `lead ${lead.leadId} was extended ${lead.extensions} time(s): the program allows ${rules.maxLeadExtensions}`, {
              leadId: lead.leadId, extensions: lead.extensions, maxLeadExtensions: rules.maxLeadExtensions, rulesVersion: rules.version,
            });
          }
          return [{
            type: 'LeadProtectionExtended',
            data: {
              leadId: lead.leadId, partnerId: lead.partnerId, reason: command.reason,
              protectedUntil: addDays(lead.protectedUntil, rules.leadExtensionDays), extensions: lead.extensions + 1, rulesVersion: rules.version,
            },
          }];
        }
        case 'LoseLead': {
          const lead = registered(state, command.leadId);
          if (lead.status !== 'open') throw notOpen(lead, 'lost');
          return [{ type: 'LeadLost', data: { leadId: lead.leadId, partnerId: lead.partnerId, opportunityKey: lead.opportunityKey, reason: command.reason } }];
        }
        case 'ExpireLead': {
          // Asked from a list that may be stale: a lead not open, or still protected, is left as it is.
          if (state.status !== 'open' || !protectionRunOut(state.protectedUntil, command.asOf)) return [];
          // rulesVersion: the version whose protection (or last extension) ran out.
          const { leadId, partnerId, opportunityKey, protectedUntil, rulesVersion } = state;
          return [{ type: 'LeadExpired', data: { leadId, partnerId, opportunityKey, protectedUntil, rulesVersion } }];
        }
        case 'WinDeal': {
          const lead = registered(state, command.leadId);
          if (lead.status === 'won') {
            throw refuse.conflict('DEAL_ALREADY_WON', `the deal of lead ${command.leadId} was already won`, { leadId: command.leadId });
          }
          if (lead.status !== 'open') throw notOpen(lead, 'won');
          acceptCurrency(rules, command.amount, 'amount');
          let linesRevenue = 0;
          for (const [i, line] of command.lines.entries()) {
            if (!rules.productLines.includes(line.productLine)) {
              throw refuse.rule('UNKNOWN_PRODUCT_LINE', `lines[${i}]: product line "${line.productLine}" is not part of the program`, {
                productLine: line.productLine,
              });
            }
            acceptCurrency(rules, line.revenue, `lines[${i}].revenue`);
            acceptCurrency(rules, line.margin, `lines[${i}].margin`);
            if (line.margin.minor > line.revenue.minor) {
              throw refuse.rule('MARGIN_EXCEEDS_REVENUE', `lines[${i}]: margin cannot exceed revenue`);
            }
            linesRevenue = addMinor(linesRevenue, line.revenue.minor);
          }
          if (command.lines.length > 0 && linesRevenue !== command.amount.minor) {
            throw refuse.rule('LINES_DO_NOT_ADD_UP', 'the revenue of the lines must add up to the amount won');
          }
          const { leadId, partnerId, coopClaimId } = lead;
          const lines = [...command.lines];
          // The alerts go with the win, in the same append: judged by the rules in force when the deal occurred.
          return [
            { type: 'DealWon', data: { leadId, partnerId, amount: command.amount, lines, ...(coopClaimId ? { coopClaimId } : {}) } },
            ...marginAlerts(rules, { leadId, partnerId, lines }),
          ];
        }
        case 'ReverseDeal': {
          const lead = registered(state, command.leadId);
          if (lead.status !== 'won' || !lead.deal) {
            throw refuse.conflict('DEAL_NOT_WON', `the deal of lead ${lead.leadId} is ${lead.status}: only a won deal can be reversed`, { leadId: lead.leadId, status: lead.status });
          }
          const deal = lead.deal;
          // A reversal dated before its win would count negative revenue in a period the deal never counted in.
          if (deal.wonAt !== undefined && isBefore(assertInstant(command.occurredAt, 'occurredAt'), deal.wonAt)) {
            throw refuse.rule('REVERSAL_BEFORE_WIN', `the deal of lead ${lead.leadId} was won at ${deal.wonAt}: it cannot be reversed at ${command.occurredAt}, before`, {
              leadId: lead.leadId, wonAt: deal.wonAt,
            });
          }
          if (deal.reversalIds.includes(command.reversalId)) {
            throw refuse.conflict('REVERSAL_ID_TAKEN', `reversal ${command.reversalId} of lead ${lead.leadId} was already recorded`, { leadId: lead.leadId, reversalId: command.reversalId });
          }
          const remaining = deal.amount.minor - deal.reversed;
          const amount = command.amount?.minor ?? remaining;
          if (command.amount) acceptCurrency(rules, command.amount, 'amount');
          if (command.amount && command.amount.minor === 0) throw refuse.invalid('INVALID_AMOUNT', 'amount: a reversal takes back more than nothing', { field: 'amount' });
          if (amount > remaining || amount === 0) {
            throw refuse.rule('REVERSAL_EXCEEDS_DEAL', `the deal of lead ${lead.leadId} has ${formatAmount(remaining)} ${deal.amount.currency} left to reverse: ${formatAmount(amount)} is more`, {
              leadId: lead.leadId, won: formatAmount(deal.amount.minor), reversed: formatAmount(deal.reversed), remaining: formatAmount(remaining), currency: deal.amount.currency,
            });
          }
          const total = deal.reversed + amount;
          const after = linesReversedAt(deal.lines, deal.linesReversed, total);
          const currency = deal.amount.currency;
          const lines = deal.lines.map((line, i) => ({
            productLine: line.productLine,
            product: line.product,
            revenue: money(after[i]!.revenue - (deal.linesReversed[i]?.revenue ?? 0), currency),
            margin: money(after[i]!.margin - (deal.linesReversed[i]?.margin ?? 0), currency),
          }));
          return [{
            type: 'DealReversed',
            data: {
              leadId: lead.leadId, partnerId: lead.partnerId, reversalId: command.reversalId, amount: money(amount, currency), reason: command.reason,
              lines, totalReversed: money(total, currency), wonAmount: deal.amount,
            },
          }];
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'LeadRegistered': {
          // Recorded before protection was: read as version 1's, from the envelope's occurredAt.
          const { leadId, partnerId, opportunityKey, protectedUntil, rulesVersion, coopClaimId } = upcastLeadRegistered(event, (event as { occurredAt?: string }).occurredAt).data;
          return { status: 'open', leadId, partnerId, opportunityKey, protectedUntil, extensions: 0, rulesVersion, ...(coopClaimId ? { coopClaimId } : {}) };
        }
        case 'LeadProtectionExtended':
          return state.status === 'unregistered' ? state : { ...state, protectedUntil: event.data.protectedUntil, extensions: event.data.extensions, rulesVersion: event.data.rulesVersion };
        case 'DealWon': {
          if (state.status === 'unregistered') return state;
          const { amount, lines } = event.data;
          const wonAt = (event as { occurredAt?: string }).occurredAt;
          return {
            ...state, status: 'won',
            deal: { amount, lines, reversed: 0, linesReversed: lines.map(() => ({ revenue: 0, margin: 0 })), reversalIds: [], ...(wonAt ? { wonAt } : {}) },
          };
        }
        case 'DealReversed': {
          if (state.status === 'unregistered' || !state.deal) return state;
          const { deal } = state;
          const linesReversed = deal.lines.map((_, i) => ({
            revenue: (deal.linesReversed[i]?.revenue ?? 0) + (event.data.lines[i]?.revenue.minor ?? 0),
            margin: (deal.linesReversed[i]?.margin ?? 0) + (event.data.lines[i]?.margin.minor ?? 0),
          }));
          return { ...state, deal: { ...deal, reversed: event.data.totalReversed.minor, linesReversed, reversalIds: [...deal.reversalIds, event.data.reversalId] } };
        }
        case 'MarginBelowMinimum':
          return state;
        case 'LeadLost':
          return state.status === 'unregistered' ? state : { ...state, status: 'lost' };
        case 'LeadExpired':
          return state.status === 'unregistered' ? state : { ...state, status: 'expired' };
      }
    },
  };
}

import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { addMinor, Money } from '../shared/money';
import { LeadEvent } from '../events';
import { ProgramRules } from '../program/program-rules';
import { LeadCommand } from './lead.commands';

export type LeadState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'registered' | 'won'; readonly leadId: string; readonly partnerId: string };

/** Refuses an amount (named by its field) that is not in the ledger's currency. */
export function acceptCurrency(rules: ProgramRules, amount: Money, field: string): void {
  if (amount.currency !== rules.currency) {
    throw refuse.rule('CURRENCY_NOT_ACCEPTED', `${field}: the ledger keeps amounts in ${rules.currency}, not ${amount.currency}`);
  }
}

/**
 * One deal registration's life: registered, then won (once). A registration comes through
 * the lead registration workflow, which admits its partner and currency before the
 * customer project is claimed; here it only needs its lead id to be free.
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
          const { leadId, partnerId, customer, project, opportunityKey, estimatedValue } = command;
          return [{ type: 'LeadRegistered', data: { leadId, partnerId, customer, project, opportunityKey, estimatedValue } }];
        }
        case 'WinDeal': {
          if (state.status === 'unregistered') {
            throw refuse.notFound('LEAD_NOT_FOUND', `lead ${command.leadId} is not registered`, { leadId: command.leadId });
          }
          if (state.status === 'won') {
            throw refuse.conflict('DEAL_ALREADY_WON', `the deal of lead ${command.leadId} was already won`, { leadId: command.leadId });
          }
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
          return [{ type: 'DealWon', data: { leadId: state.leadId, partnerId: state.partnerId, amount: command.amount, lines: [...command.lines] } }];
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'LeadRegistered':
          return { status: 'registered', leadId: event.data.leadId, partnerId: event.data.partnerId };
        case 'DealWon':
          return state.status === 'unregistered' ? state : { ...state, status: 'won' };
      }
    },
  };
}

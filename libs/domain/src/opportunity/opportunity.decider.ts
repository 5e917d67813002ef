import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { OpportunityEvent } from '../events';

export interface ClaimOpportunity {
  readonly type: 'ClaimOpportunity';
  readonly opportunityKey: string;
  readonly leadId: string;
  readonly partnerId: string;
}

export interface OpportunityState {
  readonly holder?: { readonly leadId: string; readonly partnerId: string };
}

/**
 * First to register wins: the first claim on a customer project holds it. A later
 * claim by another lead is refused naming the holder; the same lead claiming again
 * (a retried registration) changes nothing.
 */
export const opportunityDecider: Decider<ClaimOpportunity, OpportunityState, OpportunityEvent> = {
  initialState: {},

  decide(command, state) {
    if (state.holder) {
      if (state.holder.leadId === command.leadId && state.holder.partnerId === command.partnerId) return [];
      throw refuse.conflict(
        'LEAD_ALREADY_REGISTERED',
        `this customer project is already registered by partner ${state.holder.partnerId} (rule: first to register wins)`,
        { holderPartnerId: state.holder.partnerId, rule: 'first-to-register-wins' },
      );
    }
    const { opportunityKey, leadId, partnerId } = command;
    return [{ type: 'OpportunityClaimed', data: { opportunityKey, leadId, partnerId } }];
  },

  evolve(state, event) {
    return state.holder ? state : { holder: { leadId: event.data.leadId, partnerId: event.data.partnerId } };
  },
};

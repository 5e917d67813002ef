import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { OpportunityEvent } from '../events';

export interface ClaimOpportunity {
  readonly type: 'ClaimOpportunity';
  readonly opportunityKey: string;
  readonly leadId: string;
  readonly partnerId: string;
}

export interface ReleaseOpportunity {
  readonly type: 'ReleaseOpportunity';
  readonly opportunityKey: string;
  readonly leadId: string;
  readonly reason: string;
}

export type OpportunityCommand = ClaimOpportunity | ReleaseOpportunity;

export interface OpportunityState {
  readonly holder?: { readonly leadId: string; readonly partnerId: string };
}

/**
 * First to register wins: the first claim on a customer project holds it. A later
 * claim by another lead is refused naming the holder; the same lead claiming again
 * (a retried registration) changes nothing. A claim whose lead could not be registered is
 * released, and the project is free again.
 */
export const opportunityDecider: Decider<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  initialState: {},

  decide(command, state) {
    if (command.type === 'ReleaseOpportunity') {
      // Only the lead holding the claim can give it back; anything else changes nothing.
      if (state.holder?.leadId !== command.leadId) return [];
      const { leadId, partnerId } = state.holder;
      return [{ type: 'OpportunityReleased', data: { opportunityKey: command.opportunityKey, leadId, partnerId, reason: command.reason } }];
    }
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
    if (event.type === 'OpportunityReleased') return state.holder?.leadId === event.data.leadId ? {} : state;
    return state.holder ? state : { holder: { leadId: event.data.leadId, partnerId: event.data.partnerId } };
  },
};

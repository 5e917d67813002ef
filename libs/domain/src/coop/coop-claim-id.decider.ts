import { Decider } from '../shared/decider';
import { CoopClaimEvent } from '../events';
import { refuse } from '../shared/domain-error';

/** Takes a co-op claim id for a partner, before its claim is decided on the partner's stream. */
export interface ReserveCoopClaimId {
  readonly type: 'ReserveCoopClaimId';
  readonly claimId: string;
  readonly partnerId: string;
}

export interface CoopClaimIdState {
  /** The partner the id was taken by, once taken. */
  readonly partnerId?: string;
}

/**
 * A co-op claim id is the ledger's, once: the first partner to take it keeps it, so that an
 * approval names only the claim and finds its partner. Taking it again for the same partner
 * records nothing (a retry, or a claim refused for its balance and submitted again).
 */
export const coopClaimIdDecider: Decider<ReserveCoopClaimId, CoopClaimIdState, CoopClaimEvent> = {
  initialState: {},
  decide(command, state) {
    if (state.partnerId === command.partnerId) return [];
    if (state.partnerId !== undefined) {
      throw refuse.conflict('COOP_CLAIM_ID_TAKEN', `co-op claim id ${command.claimId} belongs to another partner's claim`, { claimId: command.claimId });
    }
    return [{ type: 'CoopClaimIdReserved', data: { claimId: command.claimId, partnerId: command.partnerId } }];
  },
  evolve(state, event) {
    return state.partnerId === undefined ? { partnerId: event.data.partnerId } : state;
  },
};

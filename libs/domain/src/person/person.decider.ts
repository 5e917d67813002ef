import { Decider } from '../shared/decider';
import { PersonEvent } from '../events';

/** Record an erasure: the keys are destroyed first (by the application), then this says so. */
export interface ErasePerson {
  readonly type: 'ErasePerson';
  /** The person's pseudonym, never their id. */
  readonly personRef: string;
  /** The keys this erasure destroyed. */
  readonly keyIds: readonly string[];
  readonly reason: string;
}

export interface PersonState {
  readonly erased: boolean;
  readonly keyIds: ReadonlySet<string>;
}

/**
 * A person's erasures. Erasing again is answered without a new event, unless it destroyed
 * keys no erasure had (a key made by a command racing the first erasure): those are recorded.
 */
export const personDecider: Decider<ErasePerson, PersonState, PersonEvent> = {
  initialState: { erased: false, keyIds: new Set() },
  decide(command, state) {
    const fresh = command.keyIds.filter((keyId) => !state.keyIds.has(keyId));
    if (state.erased && fresh.length === 0) return [];
    return [{ type: 'PersonErased', data: { personId: command.personRef, keyIds: state.erased ? fresh : [...command.keyIds], reason: command.reason } }];
  },
  evolve(state, event) {
    return { erased: true, keyIds: new Set([...state.keyIds, ...event.data.keyIds]) };
  },
};

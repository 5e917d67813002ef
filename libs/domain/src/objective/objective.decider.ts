import { Decider } from '../shared/decider';
import { ObjectiveEvent, ObjectiveTargets } from '../events';
import { Typology } from '../program/program-rules';
import { assertObjective } from './objective-targets';

/** Sets a typology's targets for a period (a partner's own are set on its stream: SetPartnerObjective). */
export interface SetTypologyObjective {
  readonly type: 'SetTypologyObjective';
  readonly typology: Typology;
  readonly period: string;
  readonly targets: ObjectiveTargets;
}

/**
 * A typology's objectives stream. Nothing here depends on what was set before: setting a
 * period again replaces its targets, and both stay recorded.
 */
export function objectiveDecider(currency: string): Decider<SetTypologyObjective, null, ObjectiveEvent> {
  return {
    initialState: null,
    decide(command) {
      const { typology, period, targets } = command;
      assertObjective(period, targets, currency);
      return [{ type: 'ObjectiveSet', data: { scope: 'typology', typology, period, targets } }];
    },
    evolve: (state) => state,
  };
}

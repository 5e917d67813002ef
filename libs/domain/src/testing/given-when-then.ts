import { Decider, fold } from '../shared/decider';

/**
 * Decider specifications read as the business states them:
 * given these past events, when this command, then these events (or this refusal).
 */
export function specFor<C, S, E>(decider: Decider<C, S, E>) {
  return (given: E[]) => ({
    when: (command: C) => ({
      then: (expected: E[]) => expect(decider.decide(command, fold(decider, given))).toEqual(expected),
      thenRefused: (code: string) => {
        let refusal: unknown;
        try {
          decider.decide(command, fold(decider, given));
        } catch (error) {
          refusal = error;
        }
        expect(refusal).toMatchObject({ name: 'DomainError', code });
      },
    }),
  });
}

import { Decider, fold } from '../shared/decider';

/**
 * Decider specifications read as the business states them:
 * given these past events, when this command, then these events (or this refusal).
 */
export function specFor<C, S, E>(decider: Decider<C, S, E>) {
  return (given: E[]) => stepSpecFor((command: C, state: S) => decider.decide(command, state))(fold(decider, given));
}

/**
 * A workflow step specified the same way: given what the application read (the states of
 * the streams it looked at), when this request, then this outcome (or this refusal).
 */
export function stepSpecFor<I, S, O>(step: (input: I, given: S) => O) {
  return (given: S) => ({
    when: (input: I) => ({
      then: (expected: O) => expect(step(input, given)).toEqual(expected),
      thenRefused: (code: string) => {
        let refusal: unknown;
        try {
          step(input, given);
        } catch (error) {
          refusal = error;
        }
        expect(refusal).toMatchObject({ name: 'DomainError', code });
      },
    }),
  });
}

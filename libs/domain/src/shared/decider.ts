/**
 * A decider is the whole behaviour of one consistency boundary (one stream):
 * `decide` turns a command and the current state into new events (or refuses with a
 * DomainError), `evolve` folds one recorded event into the state.
 * Both are pure: time and ids come in with the command.
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** Rebuilds a state from a stream's events. */
export function fold<S, E>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}

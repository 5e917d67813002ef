import { Decider } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { assertInstant } from '../shared/instant';
import { ProgramEvent, ProgramRulesPublished } from '../events';
import { PublishedRules, TIERS } from './program-rules';

export interface PublishProgramRules {
  readonly type: 'PublishProgramRules';
  readonly rules: PublishedRules;
}

export interface ProgramState {
  /** Every version published, oldest first. */
  readonly versions: readonly ProgramRulesPublished['data'][];
}

/** Why a version cannot be published, or nothing. */
function problemOf(rules: PublishedRules, previous: ProgramRulesPublished['data'] | undefined): [string, string] | undefined {
  assertInstant(rules.effectiveFrom, 'effectiveFrom');
  if (new Set(rules.productLines).size !== rules.productLines.length) return ['DUPLICATE_PRODUCT_LINE', 'productLines lists a line twice'];
  if (!rules.productLines.includes(rules.flagshipLine)) return ['FLAGSHIP_NOT_A_PRODUCT_LINE', `flagshipLine "${rules.flagshipLine}" is not one of productLines`];
  for (const tier of TIERS.filter((t) => t !== 'none')) {
    const criteria = Object.values(rules.tiers[tier as keyof PublishedRules['tiers']] ?? {});
    if (!criteria.some((count) => typeof count === 'number' && count >= 1)) return ['TIER_WITHOUT_CRITERIA', `tier ${tier} needs at least one criterion of 1 or more`];
  }
  // A minimum for a line the program does not have is a typo that would guarantee nothing.
  const unknownLine = Object.keys(rules.minimumMargins ?? {}).map((key) => key.split('/')[0]!).find((line) => !rules.productLines.includes(line));
  const namesOfProducts = Object.entries(rules.minimumMargins ?? {}).flatMap(([key, minimum]) => [
    ...(key.includes('/') ? [key.slice(key.indexOf('/') + 1)] : []),
    ...(typeof minimum === 'object' ? Object.keys(minimum.products ?? {}) : []),
  ]);
  if (namesOfProducts.includes('')) return ['EMPTY_PRODUCT_NAME', 'minimumMargins names a product with an empty name'];
  if (unknownLine !== undefined) return ['UNKNOWN_PRODUCT_LINE', `minimumMargins names product line "${unknownLine}", which is not one of productLines`];
  if (previous && Date.parse(rules.effectiveFrom) < Date.parse(previous.effectiveFrom)) {
    return ['EFFECTIVE_FROM_BEFORE_PREVIOUS', `effectiveFrom may not be earlier than version ${previous.version}'s (${previous.effectiveFrom})`];
  }
  return undefined;
}

/**
 * The program's one stream: each publish is the next version. Two publishes at once are
 * decided by the stream (the second sees the first), so versions are never skipped or twice.
 */
export const programDecider: Decider<PublishProgramRules, ProgramState, ProgramEvent> = {
  initialState: { versions: [] },
  decide(command, state) {
    const previous = state.versions[state.versions.length - 1];
    const problem = problemOf(command.rules, previous);
    if (problem) throw refuse.rule(problem[0], problem[1]);
    return [{ type: 'ProgramRulesPublished', data: { ...command.rules, version: (previous?.version ?? 0) + 1 } }];
  },
  evolve(state, event) {
    return { versions: [...state.versions, event.data] };
  },
};

import { personIdentity } from '../personal-data';
import { ProgramRules, Tier, TierCriterion } from './program-rules';

/** One engineer's valid certification on one product line. */
export interface HeldCertification {
  readonly engineerId: string;
  readonly productLine: string;
}

/** How many distinct engineers meet each criterion, sealed or erased ids counted by who they are. */
function engineerCounts(held: readonly HeldCertification[], rules: Pick<ProgramRules, 'flagshipLine' | 'productLines'>): Required<TierCriterion> {
  const linesByEngineer = new Map<string, Set<string>>();
  for (const { engineerId: id, productLine } of held) {
    const engineerId = personIdentity(id);
    const lines = linesByEngineer.get(engineerId) ?? new Set<string>();
    lines.add(productLine);
    linesByEngineer.set(engineerId, lines);
  }
  const engineers = [...linesByEngineer.values()];
  return {
    flagshipEngineers: engineers.filter((lines) => lines.has(rules.flagshipLine)).length,
    otherLineEngineers: engineers.filter((lines) => [...lines].some((line) => line !== rules.flagshipLine)).length,
    engineersCertifiedOnEveryLine: engineers.filter((lines) => rules.productLines.every((line) => lines.has(line))).length,
  };
}

const meets = (counts: Required<TierCriterion>, criterion: TierCriterion) =>
  (Object.keys(counts) as (keyof TierCriterion)[]).every((name) => counts[name] >= (criterion[name] ?? 0));

/**
 * The tier the criteria of a rules version give: the highest one whose criteria are all met.
 * Version 1's: Silver, one engineer on the flagship; Gold, that and one engineer on another
 * line; Platinum, three engineers each certified on every line.
 */
export function tierFor(held: readonly HeldCertification[], rules: Pick<ProgramRules, 'flagshipLine' | 'productLines' | 'tiers'>): Tier {
  const counts = engineerCounts(held, rules);
  for (const tier of ['platinum', 'gold', 'silver'] as const) if (meets(counts, rules.tiers[tier])) return tier;
  return 'none';
}

export function describeTierChange(from: Tier, to: Tier, cause: string): string {
  return `${from} -> ${to}: ${cause}`;
}

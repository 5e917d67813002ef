import { personIdentity } from '../personal-data';
import { ProgramRules, Tier } from './program-rules';

/** One engineer's valid certification on one product line. */
export interface HeldCertification {
  readonly engineerId: string;
  readonly productLine: string;
}

/**
 * The published tier rule:
 * - Platinum: at least N engineers each certified on every product line;
 * - Gold: Silver plus at least one engineer certified on another line;
 * - Silver: at least one engineer certified on the flagship line.
 */
export function tierFor(held: readonly HeldCertification[], rules: ProgramRules): Tier {
  const linesByEngineer = new Map<string, Set<string>>();
  for (const { engineerId: id, productLine } of held) {
    // sealed or erased, an engineer is still one person
    const engineerId = personIdentity(id);
    const lines = linesByEngineer.get(engineerId) ?? new Set<string>();
    lines.add(productLine);
    linesByEngineer.set(engineerId, lines);
  }
  const fullyCertified = [...linesByEngineer.values()].filter((lines) =>
    rules.productLines.every((line) => lines.has(line)),
  ).length;
  if (fullyCertified >= rules.platinumEngineers) return 'platinum';

  const hasFlagship = held.some((c) => c.productLine === rules.flagshipLine);
  if (!hasFlagship) return 'none';
  const hasOtherLine = held.some((c) => c.productLine !== rules.flagshipLine);
  return hasOtherLine ? 'gold' : 'silver';
}

export function describeTierChange(from: Tier, to: Tier, cause: string): string {
  return `${from} -> ${to}: ${cause}`;
}

/** What changed between two versions of the program's rules, rule by rule (dependency-free, so it is unit tested). */

export interface RuleChange {
  /** The rule's path in the version: "tiers.silver.flagshipEngineers". */
  rule: string;
  /** As the earlier version had it, undefined when it had none. */
  before?: string;
  after?: string;
}

/** The version's leaves as path → value text; arrays (the product lines) are one value. */
export function flatten(value: unknown, path = '', into: Map<string, string> = new Map()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, into);
  } else if (path) {
    into.set(path, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return into;
}

/** Every rule whose value differs, was added or was dropped; the version's own number and date aside. */
export function ruleChanges(before: object, after: object): RuleChange[] {
  const [was, is] = [flatten(before), flatten(after)];
  const rules = [...new Set([...was.keys(), ...is.keys()])].filter((rule) => rule !== 'version' && rule !== 'effectiveFrom');
  return rules.filter((rule) => was.get(rule) !== is.get(rule)).map((rule) => ({ rule, before: was.get(rule), after: is.get(rule) }));
}

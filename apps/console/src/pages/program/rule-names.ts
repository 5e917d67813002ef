/** The rules' names as a channel manager says them. */
export const RULES: Record<string, string> = {
  currency: 'Currency',
  flagshipLine: 'Flagship product line',
  productLines: 'Product lines',
  leadProtectionDays: 'Lead protection (days)',
  leadExtensionDays: 'Each extension adds (days)',
  maxLeadExtensions: 'Extensions allowed per lead',
  loyaltyWindowDays: 'Loyalty window: a second yellow card within (days) is red',
  redCardSuspensionDays: 'Red card suspends lead registration for (days)',
  atRiskAfterDays: 'A partner is at risk after no activity for (days)',
};

export const CRITERIA: Record<string, string> = {
  flagshipEngineers: 'Engineers certified on the flagship line',
  otherLineEngineers: 'Engineers certified on another line',
  engineersCertifiedOnEveryLine: 'Engineers certified on every line',
};

const COOP: Record<string, string> = { launchGrant: 'Co-op launch grant', launchMonths: 'Co-op launch phase (months)' };

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "tiers.silver.flagshipEngineers" → "Silver: engineers certified on the flagship line". */
export function ruleName(path: string): string {
  const [head, ...rest] = path.split('.');
  if (head === 'tiers' && rest.length === 2) return `${capital(rest[0])}: ${(CRITERIA[rest[1]] ?? rest[1]).toLowerCase()}`;
  if (head === 'coop' && rest[0] === 'ratesByTier' && rest.length === 2) return `Co-op rate at tier ${rest[1]} (% of won revenue)`;
  if (head === 'coop' && rest.length === 1 && COOP[rest[0]]) return COOP[rest[0]];
  if (head === 'minimumMargins' && rest.length >= 1) {
    const [line, kind, product] = rest;
    if (kind === 'products' && product) return `Minimum margin on ${product} (${line}, %)`;
    return `Minimum margin on ${line} (%)`;
  }
  return RULES[path] ?? path;
}

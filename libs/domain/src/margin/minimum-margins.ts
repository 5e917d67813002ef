import { DealLine, MarginBelowMinimum } from '../events';
import { ProgramRules } from '../program/program-rules';
import { isBelowPercent, isPercent, ratePercent } from '../shared/percent';

/**
 * The minimum margin (percent) the rules guarantee on a product of a line, or undefined when
 * they guarantee none: the product's own minimum first (under its line, or as a key
 * `<line>/<product>`), then the line's. Read leniently: a version recorded before minimums
 * had this shape keeps what it can be read as.
 */
export function minimumMarginFor(rules: Pick<ProgramRules, 'minimumMargins'>, productLine: string, product: string): string | undefined {
  const margins = rules.minimumMargins ?? {};
  const line = margins[productLine];
  const own = typeof line === 'object' && line !== null ? line.products?.[product] : undefined;
  const keyed = margins[`${productLine}/${product}`];
  const lineMinimum = typeof line === 'object' && line !== null ? line.minimum : line;
  return [own, keyed, lineMinimum].find(isPercent);
}

/**
 * The lines of a deal won whose margin rate is below the minimum of the rules in force when
 * the deal occurred: one MarginBelowMinimum each, recorded with the win. A line exactly at
 * the minimum is not below it; a line of no revenue has no rate.
 */
export function marginAlerts(rules: Pick<ProgramRules, 'minimumMargins' | 'version'>, deal: { leadId: string; partnerId: string; lines: readonly DealLine[] }): MarginBelowMinimum[] {
  const alerts: MarginBelowMinimum[] = [];
  for (const line of deal.lines) {
    const minimumRate = minimumMarginFor(rules, line.productLine, line.product);
    if (minimumRate === undefined || line.revenue.minor === 0 || !isBelowPercent(line.margin.minor, line.revenue.minor, minimumRate)) continue;
    alerts.push({
      type: 'MarginBelowMinimum',
      data: {
        leadId: deal.leadId, partnerId: deal.partnerId, productLine: line.productLine, product: line.product,
        revenue: line.revenue, margin: line.margin, rate: ratePercent(line.margin.minor, line.revenue.minor), minimumRate, rulesVersion: rules.version,
      },
    });
  }
  return alerts;
}

import { toCsv } from '../../ui/csv';
import type { Scorecard } from './scorecards-data';
import type { ScorecardsView } from './scorecards-view';

type Cell = string | number | null | undefined;

/** The export's columns: the API's own field names, so a spreadsheet and the API read alike. */
const COLUMNS: [string, (card: Scorecard) => Cell][] = [
  ['partnerId', (c) => c.partnerId],
  ['period', (c) => c.period],
  ['typology', (c) => c.typology],
  ['country', (c) => c.country],
  ['region', (c) => c.region],
  ['tier', (c) => c.tier],
  ['leadsRegistered', (c) => c.leadsRegistered],
  ['dealsWon', (c) => c.dealsWon],
  ['dealsReversed', (c) => c.dealsReversed],
  ['revenueWon', (c) => c.revenueWon],
  ['revenueReversed', (c) => c.revenueReversed],
  ['netRevenue', (c) => c.netRevenue],
  ['certificationsEarned', (c) => c.certificationsEarned],
  ['certifiedEngineers', (c) => c.certifiedEngineers],
  ['incentivesAwarded', (c) => c.incentivesAwarded],
  ['incentivesValue', (c) => c.incentivesValue],
  ['engagements', (c) => c.engagements],
  ['averageSatisfaction', (c) => c.averageSatisfaction],
  ['targets.revenueWon', (c) => c.targets.revenueWon],
  ['targets.dealsWon', (c) => c.targets.dealsWon],
  ['targets.leadsRegistered', (c) => c.targets.leadsRegistered],
  ['targets.certifiedEngineers', (c) => c.targets.certifiedEngineers],
  ['attainment.revenueWon', (c) => c.attainment.revenueWon],
  ['attainment.dealsWon', (c) => c.attainment.dealsWon],
  ['attainment.leadsRegistered', (c) => c.attainment.leadsRegistered],
  ['attainment.certifiedEngineers', (c) => c.attainment.certifiedEngineers],
  ['currency', (c) => c.currency],
];

export function scorecardsCsv(cards: Scorecard[]): string {
  return toCsv(COLUMNS.map(([name]) => name), cards.map((card) => COLUMNS.map(([, value]) => value(card))));
}

/** scorecards-2025-Q2-typology-var-by-netRevenue-desc.csv: what the file holds, in its name. */
export function csvName(view: ScorecardsView, period: string): string {
  const filters = (['typology', 'tier', 'country', 'region'] as const).flatMap((f) => (view[f] ? [`${f}-${view[f]}`] : []));
  const order = `by-${view.sort.replace(/^-/, '')}-${view.sort.startsWith('-') ? 'desc' : 'asc'}`;
  return `${['scorecards', period, ...filters, order].join('-').replace(/[^\w.-]+/g, '_')}.csv`;
}

import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { fresh } from '../../ui/freshness';

export type Program = Schema<'ProgramRulesResponse'>;
export type DriftMonth = Schema<'MarginDriftResponse'>['months'][number];
export type MarginGroup = Schema<'MarginPageResponse'>['items'][number];
export type MarginAlert = Schema<'MarginAlertPageResponse'>['items'][number];

/** The longest window GET /margins/drift answers for. */
export const MAX_DRIFT_MONTHS = 60;
export const ALERTS_PAGE = 20;
export const WORST_PAGE = 10;

/** A range of whole months, both included, as a person picks it ("2024-08" through "2025-07"). */
export interface MonthRange {
  from: string;
  through: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (value: string | null | undefined): value is string => !!value && MONTH.test(value);

function shift(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month after the range: the API's `to`, which is exclusive. */
export const endOf = (range: MonthRange) => shift(range.through, 1);

export function monthsIn(range: MonthRange): number {
  const [fy, fm] = range.from.split('-').map(Number);
  const [ty, tm] = range.through.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The API's query for the range: from included, to excluded. */
export const rangeQuery = (range: MonthRange) => ({ from: range.from, to: endOf(range) });

/**
 * The range shown when none is asked for: the twelve months ending with the last month the
 * program sold in (the drift's own default window), so a ledger of last year's history opens on it.
 */
export async function defaultRange(signal: AbortSignal): Promise<MonthRange> {
  const drift = await answer(ledger.GET('/margins/drift', { params: { query: { months: 12, ...fresh() } }, signal }));
  return { from: drift.months[0].month, through: drift.months[drift.months.length - 1].month };
}

export const getProgram = (signal: AbortSignal) => answer(ledger.GET('/program', { params: { query: {} }, signal }));

/** The guaranteed minimum margin rate of a line (percent), and the products with one of their own. */
export function minimumOf(program: Program, productLine: string): { minimum: number | null; products: Record<string, string> } {
  const rule = program.minimumMargins[productLine];
  if (rule === undefined) return { minimum: null, products: {} };
  if (typeof rule === 'string') return { minimum: Number(rule), products: {} };
  return { minimum: rule.minimum === undefined ? null : Number(rule.minimum), products: rule.products ?? {} };
}

/** Each product line's months over the range (at most the last MAX_DRIFT_MONTHS of it). */
export async function driftByLine(program: Program, range: MonthRange, signal: AbortSignal): Promise<{ productLine: string; months: DriftMonth[] }[]> {
  const months = Math.min(monthsIn(range), MAX_DRIFT_MONTHS);
  return Promise.all(
    program.productLines.map(async (productLine) => {
      const drift = await answer(ledger.GET('/margins/drift', { params: { query: { productLine, months, to: endOf(range), ...fresh() } }, signal }));
      return { productLine, months: drift.months };
    }),
  );
}

export const getAlerts = (range: MonthRange, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/margins/alerts', { params: { query: { ...rangeQuery(range), limit: ALERTS_PAGE, cursor, ...fresh() } }, signal }));

/** The lowest margin rates first (groups without revenue last): the partners or products to look at. */
export const getWorst = (groupBy: 'partner' | 'product', range: MonthRange, cursor: string | undefined, signal: AbortSignal) =>
  answer(ledger.GET('/margins', { params: { query: { groupBy, sort: 'marginRate', ...rangeQuery(range), limit: WORST_PAGE, cursor, ...fresh() } }, signal }));

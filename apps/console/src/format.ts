/** Display formats. Amounts arrive as exact decimal strings; they are turned into numbers only to be shown or charted. */

const counts = new Intl.NumberFormat('en-GB');

export function count(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return counts.format(Number(value));
}

export function money(value: string | null | undefined, currency = 'EUR', compact = false): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, notation: compact ? 'compact' : 'standard', maximumFractionDigits: compact ? 1 : 2 }).format(Number(value));
}

/** A percentage the ledger computed ("127.9"), shown as it came. */
export function percent(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value}%`;
}

export function day(instant: string | null | undefined): string {
  if (!instant) return '—';
  return instant.slice(0, 10);
}

export function dateTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  return instant.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

/** "2025-06" → "Jun 2025". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  return new Date(Date.UTC(Number(year), Number(m) - 1, 1)).toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The `n` months ending with `last` ("YYYY-MM"), oldest first. */
export function monthsEnding(last: string, n: number): string[] {
  const [year, month] = last.split('-').map(Number);
  const months: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** Turns a decimal string into a number for a chart axis (never for arithmetic that is shown as money). */
export const amount = (value: string | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));

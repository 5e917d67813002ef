import { refuse } from './domain-error';

/** Money inside the ledger: an integer number of minor units (cents) and an ISO currency. */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

/** Up to 13 integer digits keeps every sum of many amounts a safe integer in minor units. */
const DECIMAL = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/;

/** Parses a non-negative decimal string ("1250.10") into minor units, exactly. */
export function parseAmount(amount: string, field = 'amount'): number {
  if (typeof amount !== 'string' || !DECIMAL.test(amount)) {
    throw refuse.invalid(
      'INVALID_AMOUNT',
      `${field} must be a non-negative decimal string with at most 2 decimals and 13 integer digits, e.g. "1250.10"`,
      { field },
    );
  }
  const [units, fraction = ''] = amount.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Formats minor units as a decimal string with two decimals ("1250.10"). */
export function formatAmount(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function money(minor: number, currency: string): Money {
  return { minor, currency };
}

/** Adds minor units and refuses to leave the range where integers are exact. */
export function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('money sum is too large to be exact');
  return sum;
}

import { z } from 'zod';
import { ANY_PERIOD_PATTERN, isInstant, Money, parseAmount } from '@ledger/domain';

/**
 * Field rules shared by every transport's schemas (HTTP bodies, Kafka payloads): bounded
 * lengths, ids safe in stream names, decimal amounts, real dates with an offset.
 */
export const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, and . _ : - (starting with a letter or digit)');

/**
 * A character String.prototype.trim keeps: not one of ECMAScript's WhiteSpace or LineTerminator
 * characters (spelled out: `\\s` differs between regex engines, Python's for one).
 */
export const NOT_BLANK_PATTERN = '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

/** Free text, trimmed: the document says it must hold a character that is not white space. */
export const label = (max = 200) =>
  z.string().trim().min(1).max(max).meta({ pattern: NOT_BLANK_PATTERN, description: 'Trimmed; must not be blank' });

export const amount = z
  .string()
  .max(16)
  .regex(/^(0|[1-9]\d{0,12})(\.\d{1,2})?$/, 'a non-negative decimal string with at most 2 decimals, e.g. "1250.10"')
  .describe('Decimal string, at most 2 decimals');

/** An amount above zero (a co-op claim): "0" and "0.00" are refused by the schema itself. */
export const positiveAmount = z
  .string()
  .max(16)
  .regex(/^(0\.(0[1-9]|[1-9]\d?)|[1-9]\d{0,12}(\.\d{1,2})?)$/, 'a decimal string above zero with at most 2 decimals, e.g. "1250.10"')
  .describe('Decimal string above zero, at most 2 decimals');

// The currency and product lines accepted are the program rules in force, configuration known
// when the application starts: the OpenAPI document lists them (http/api-docs.ts).
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const moneyBody = z.strictObject({ amount, currency });

/**
 * An amount a client may write as wins write it (a decimal string, in the body's `currency`,
 * default the ledger's) or as lead values write it (`{ amount, currency }`).
 */
export const amountOrMoney = (decimal: typeof amount) =>
  z.union([decimal, z.strictObject({ amount: decimal, currency })]).describe('A decimal string (in `currency`, default the ledger\'s), or `{ amount, currency }`');

/** Such an amount in minor units and its currency (the domain refuses a currency not the ledger's). */
export function moneyOf(value: string | { amount: string; currency: string }, bodyCurrency: string | undefined, ledgerCurrency: string, field: string): Money {
  return typeof value === 'string'
    ? { minor: parseAmount(value, field), currency: bodyCurrency ?? ledgerCurrency }
    : { minor: parseAmount(value.amount, `${field}.amount`), currency: value.currency };
}

/**
 * The shape isInstant accepts, for the OpenAPI document: seconds and up to 9 decimals
 * optional, `Z` or an offset of at most ±14:59 required (without one the meaning would
 * depend on the server's zone). isInstant also checks that the date exists.
 */
export const INSTANT_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$';

export const instant = z
  .string()
  .max(40)
  .refine(isInstant, 'an ISO-8601 date-time with Z or an offset, e.g. "2026-03-14T09:30:00Z"')
  .meta({
    format: 'date-time',
    pattern: INSTANT_PATTERN,
    description: 'ISO-8601 / RFC 3339 date-time with `Z` or an offset (at most ±14:59; a date-time without one is refused), e.g. "2026-03-14T09:30:00+01:00"',
  });

export const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR');

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

/** A day (`YYYY-MM-DD`) as a range bound: its first instant, in UTC. */
export const dayStart = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD')
  .refine((day) => isInstant(`${day}T00:00:00Z`), 'a real day')
  .meta({ format: 'date' })
  .transform((day) => `${day}T00:00:00Z`);

/** A range bound a query takes: an instant, or a day or a month (`YYYY-MM`), each read as its first instant in UTC. */
export const instantBound = z.union([instant, dayStart, period.transform((month) => `${month}-01T00:00:00Z`)]);

/** A month (`YYYY-MM`), a quarter (`YYYY-Qn`) or a year (`YYYY`), in UTC. */
export const anyPeriod = z.string().regex(ANY_PERIOD_PATTERN, 'a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)');

/** The largest position: positions are unsigned 64-bit integers. */
export const MAX_POSITION = 2n ** 64n - 1n;

/**
 * A pattern for the decimal strings of 1 to `max.length` digits whose value is at most
 * `max` (leading zeros allowed): JSON Schema has no bound on a number written as a string.
 */
export function decimalAtMost(max: bigint): string {
  const digits = max.toString();
  const alternatives = digits.length > 1 ? [`[0-9]{1,${digits.length - 1}}`] : [];
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    const rest = digits.length - i - 1;
    const lower = digit === 1 ? '0' : `[0-${digit - 1}]`;
    const tail = rest === 0 ? '' : rest === 1 ? '[0-9]' : `[0-9]{${rest}}`;
    if (digit > 0) alternatives.push(`${digits.slice(0, i)}${lower}${tail}`);
  }
  alternatives.push(digits);
  return `^(${alternatives.join('|')})$`;
}

/** Global positions travel as decimal strings (they are 64-bit). */
export const position = z.string().regex(/^\d{1,20}$/, 'a position, as a decimal string');

/** A position a client sends: a decimal string from 0 to 2^64 − 1 (the pattern says so exactly). */
export const positionInput = z
  .string()
  .regex(new RegExp(decimalAtMost(MAX_POSITION)), `a position: a decimal string from 0 to ${MAX_POSITION}`);

/**
 * Marks a field as personal data (`x-personal-data: true` in OpenAPI and the message
 * schemas): the ledger stores it only sealed under the person's key (README, Personal data).
 */
export const personalData = <T extends z.ZodType>(schema: T): T => schema.meta({ 'x-personal-data': true }) as T;

/**
 * A string or null in an answer. The `meta` makes the OpenAPI 3.0 document say `nullable: true`:
 * without it, the document's clean-up turns the nullable string into an array of strings.
 */
export const nullableText = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });

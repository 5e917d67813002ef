import { z } from 'zod';
import { isInstant } from '@ledger/domain';

/**
 * Field rules shared by every transport's schemas (HTTP bodies, Kafka payloads): bounded
 * lengths, ids safe in stream names, decimal amounts, real dates with an offset.
 */
export const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, and . _ : - (starting with a letter or digit)');

export const label = (max = 200) => z.string().trim().min(1).max(max);

export const amount = z
  .string()
  .max(16)
  .regex(/^(0|[1-9]\d{0,12})(\.\d{1,2})?$/, 'a non-negative decimal string with at most 2 decimals, e.g. "1250.10"')
  .describe('Decimal string, at most 2 decimals');

export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const moneyBody = z.strictObject({ amount, currency });

export const instant = z
  .string()
  .max(40)
  .refine(isInstant, 'an ISO-8601 date-time with Z or an offset, e.g. "2026-03-14T09:30:00Z"')
  .describe('ISO-8601 date-time with Z or an offset');

export const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR');

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

/** Global positions travel as decimal strings (they are 64-bit). */
export const position = z.string().regex(/^\d{1,20}$/, 'a position, as a decimal string');

/**
 * `part` ÷ `whole` as a percent with one decimal, half up ("87.5"), in exact integer
 * arithmetic (bigints: minor units times 1000 may pass 2^53). `whole` is more than zero.
 */
export function percentOf(part: number, whole: number): string {
  const tenths = percentTenths(part, whole);
  // A part below zero (a net revenue after reversals) keeps its sign once, before the digits.
  const sign = tenths < 0n ? '-' : '';
  const abs = tenths < 0n ? -tenths : tenths;
  return `${sign}${abs / 10n}.${abs % 10n}`;
}

/** The percent in tenths, rounded half up (half away from zero below zero): round(part × 1000 ÷ whole), whole > 0. */
export function percentTenths(part: number, whole: number): bigint {
  const [p, w] = [BigInt(part), BigInt(whole)];
  if (p < 0n) return -((2n * 1000n * -p + w) / (2n * w));
  return (2n * 1000n * p + w) / (2n * w);
}

/** `part` ÷ `whole` as a percent with two decimals, half up ("10.83"); "0.00" when whole is zero. */
export function ratePercent(part: number, whole: number): string {
  if (whole === 0) return '0.00';
  const [p, w] = [BigInt(part), BigInt(whole)];
  const negative = (p < 0n) !== (w < 0n) && p !== 0n;
  const [ap, aw] = [p < 0n ? -p : p, w < 0n ? -w : w];
  const hundredths = (2n * 10_000n * ap + aw) / (2n * aw);
  return `${negative ? '-' : ''}${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** A percent given as a decimal string ("12.5", "3"): its digits and how many decimals they carry. */
interface ExactPercent {
  readonly digits: bigint;
  readonly scale: bigint;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,6}))?$/;

/** Whether a value is a percent this ledger computes with exactly (a decimal string, at most 6 decimals). */
export const isPercent = (value: unknown): value is string => typeof value === 'string' && PERCENT.test(value);

function exact(percent: string): ExactPercent {
  const match = PERCENT.exec(percent);
  if (!match) throw new RangeError(`not a percent: ${percent}`);
  const decimals = match[2] ?? '';
  return { digits: BigInt(match[1]! + decimals), scale: 10n ** BigInt(decimals.length) };
}

/** `percent` of `minor`, rounded down to the minor unit (a share the program owes never rounds up). */
export function percentOfAmount(minor: number, percent: string): number {
  const { digits, scale } = exact(percent);
  return Number((BigInt(minor) * digits) / (100n * scale));
}

/** Whether part ÷ whole is strictly below `percent`, exactly (a rate at the minimum is not below it). */
export function isBelowPercent(part: number, whole: number, percent: string): boolean {
  const { digits, scale } = exact(percent);
  return BigInt(part) * 100n * scale < digits * BigInt(whole);
}

/** Two percents compared exactly: negative, zero or positive. */
export function comparePercents(a: string, b: string): number {
  const [x, y] = [exact(a), exact(b)];
  const diff = x.digits * y.scale - y.digits * x.scale;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/**
 * `part` ÷ `whole` as a percent with one decimal, half up ("87.5"), in exact integer
 * arithmetic (bigints: minor units times 1000 may pass 2^53). `whole` is more than zero.
 */
export function percentOf(part: number, whole: number): string {
  const tenths = percentTenths(part, whole);
  return `${tenths / 10n}.${tenths % 10n}`;
}

/** The percent in tenths, rounded half up: round(part × 1000 ÷ whole). */
export function percentTenths(part: number, whole: number): bigint {
  const [p, w] = [BigInt(part), BigInt(whole)];
  return (2n * 1000n * p + w) / (2n * w);
}

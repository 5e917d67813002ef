/**
 * Exact sums of the API's decimal strings ("285484.49"): money is added as integers of its
 * smallest unit, never as floating point, so a total shown here equals the ledger's to the cent.
 */
export function sumDecimals(values: (string | null | undefined)[]): string {
  const present = values.filter((v): v is string => typeof v === 'string' && v !== '');
  const scale = Math.max(0, ...present.map((v) => (v.split('.')[1] ?? '').length));
  let total = 0n;
  for (const value of present) {
    const negative = value.startsWith('-');
    const [whole, fraction = ''] = value.replace(/^[-+]/, '').split('.');
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    total += negative ? -units : units;
  }
  const sign = total < 0n ? '-' : '';
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Exact decimal numbers as Go's ParseFloat accepts them (`12`, `1.5`, `.5`, `5.`, `2e3`),
 * so that sizes and CPU counts are scaled with integer arithmetic instead of floats.
 */

export interface Decimal {
  negative: boolean;
  digits: bigint;
  /** The value is digits × 10^exponent. */
  exponent: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  if (whole === '' && frac === '') return undefined;
  const digits = (whole + frac).replace(/^0+(?=\d)/, '');
  // Digit strings and exponents this long are no real figure; refusing them keeps BigInt cheap.
  if (digits.length > 60 || (m[4] !== undefined && m[4].replace(/^[+-]/, '').length > 4))
    return undefined;
  return {
    negative: m[1] === '-',
    digits: BigInt(digits),
    exponent: Number(m[4] ?? '0') - frac.length,
  };
}

/** trunc(d × factor), towards zero, for a non-negative decimal. */
export function scaleTruncated(d: Decimal, factor: bigint): bigint {
  if (d.exponent >= 0) {
    if (d.exponent > 80) return d.digits === 0n ? 0n : BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    return d.digits * factor * 10n ** BigInt(d.exponent);
  }
  if (-d.exponent > 200) return 0n;
  return (d.digits * factor) / 10n ** BigInt(-d.exponent);
}

/** A JavaScript number as the decimal text it was written as (0.3 stays 0.3). */
export function decimalOfNumber(n: number): Decimal | undefined {
  return Number.isFinite(n) ? parseDecimal(String(n)) : undefined;
}

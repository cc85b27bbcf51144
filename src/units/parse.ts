/**
 * Parsers for the figures a manifest is written in: byte sizes, CPU cores and percentages.
 *
 * Every parser returns a result instead of throwing, so the caller can attach the file,
 * line and JSON path it knows about. Arithmetic is exact (BigInt) so that `3.6GB` is
 * 3,600,000,000 bytes and not a float that is a few bytes off.
 */
import { shorten } from '../shared/errors.js';

export type UnitFamily = 'decimal' | 'binary';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ByteFigure {
  bytes: number;
  /** The family the figure was spelled in, or undefined for a plain byte count. */
  family?: UnitFamily;
}

export interface Range {
  low: number;
  high: number;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

// Maps, not object literals: a unit is whatever follows the number in the user's text, and
// `5constructor` must be an unknown unit, not Object's constructor found on the prototype.
const DECIMAL_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['B', 1n],
  ['kB', 10n ** 3n],
  ['KB', 10n ** 3n],
  ['MB', 10n ** 6n],
  ['GB', 10n ** 9n],
  ['TB', 10n ** 12n],
  ['PB', 10n ** 15n],
]);

const BINARY_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['KiB', 2n ** 10n],
  ['MiB', 2n ** 20n],
  ['GiB', 2n ** 30n],
  ['TiB', 2n ** 40n],
  ['PiB', 2n ** 50n],
  // Docker's single letters, any case, as compose files write them.
  ['k', 2n ** 10n],
  ['K', 2n ** 10n],
  ['m', 2n ** 20n],
  ['M', 2n ** 20n],
  ['g', 2n ** 30n],
  ['G', 2n ** 30n],
  ['t', 2n ** 40n],
  ['T', 2n ** 40n],
  ['p', 2n ** 50n],
  ['P', 2n ** 50n],
]);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Explains a unit we refuse, so the user knows what to write instead. */
function unitProblem(unit: string): string {
  const letter = unit[0]!.toUpperCase();
  const power = POWERS.get(letter);
  const known = power !== undefined;
  const { dec, bin } = power ?? { dec: 0, bin: 0 };
  if (known && /^[kmgtp]b$/i.test(unit)) {
    return (
      `"${unit}" is ambiguous: a lower-case b usually means bits, and the case of the prefix is ` +
      `unclear; write ${letter === 'K' ? 'kB' : letter + 'B'} for 10^${dec} bytes, ` +
      `or ${letter}iB (or ${letter.toLowerCase()}, as in compose files) for 2^${bin} bytes`
    );
  }
  if (known && /^[kmgtp]ib$/i.test(unit)) {
    return `"${unit}" is not a unit we read; write ${letter}iB for 2^${bin} bytes`;
  }
  if (unit === 'b') return '"b" usually means bits; write B for bytes';
  return `"${unit}" is not a unit of size; use B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB, or k, m, g, t (powers of 1024)`;
}

const POWERS: ReadonlyMap<string, { dec: number; bin: number }> = new Map([
  ['K', { dec: 3, bin: 10 }],
  ['M', { dec: 6, bin: 20 }],
  ['G', { dec: 9, bin: 30 }],
  ['T', { dec: 12, bin: 40 }],
  ['P', { dec: 15, bin: 50 }],
]);

/** A non-negative decimal number as an exact fraction `digits / 10^scale`. */
interface Decimal {
  digits: bigint;
  scale: number;
}

function parseDecimal(text: string): Decimal | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  // Long digit strings are refused before BigInt sees them, so no input can make this slow.
  if (m[1]!.length + frac.length > 40) return undefined;
  return { digits: BigInt(m[1]! + frac), scale: frac.length };
}

/** Converts a JavaScript number from YAML into a Decimal without float noise. */
function decimalFromNumber(n: number): Decimal | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  // Shortest round-trip text of the float is what the user wrote (0.3 stays 0.3), in
  // exponent form for very large or very small figures (1e+21, 1e-7), read exactly too.
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const scale = frac.length - Number(m[3] ?? 0);
  const digits = BigInt(m[1]! + frac);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

const SIZE_RE = /^([0-9.]+)\s*([A-Za-z]*)$/;

function byteUnit(unit: string): { factor: bigint; family?: UnitFamily } | string {
  if (unit === '') return { factor: 1n };
  const decimal = DECIMAL_UNITS.get(unit);
  if (decimal !== undefined)
    return { factor: decimal, family: unit === 'B' ? undefined : 'decimal' };
  const binary = BINARY_UNITS.get(unit);
  if (binary !== undefined) return { factor: binary, family: 'binary' };
  return unitProblem(unit);
}

function scaleToInteger(d: Decimal, factor: bigint): bigint {
  // Truncated to whole bytes, as Docker does.
  return (d.digits * factor) / 10n ** BigInt(d.scale);
}

/** What the 2^53 - 1 limit amounts to, in the units of the figure it applies to. */
const LIMIT_WORDS = {
  bytes: '2^53 - 1 bytes, about 9 PB',
  nanocores: 'about 9 million cores, since CPU is counted in billionths of a core',
} as const;

function toSafeNumber(v: bigint, what: string, unit: keyof typeof LIMIT_WORDS): Parsed<number> {
  if (v > MAX_SAFE) {
    return fail(`${what} is too large to count exactly (the limit is ${LIMIT_WORDS[unit]})`);
  }
  return ok(Number(v));
}

/** One size such as `3.6GB`, `512MiB`, `1g` or a plain number of bytes. */
export function parseBytes(input: string | number): Parsed<ByteFigure> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('a size must be a finite number');
    if (input < 0) return fail('a size cannot be negative');
    if (!Number.isInteger(input)) {
      return fail(
        'a plain number is a count of bytes and must be whole; add a unit, such as "1.5GB"',
      );
    }
    if (!Number.isSafeInteger(input)) {
      return fail(
        'this number is too large to count exactly (the limit is 2^53 - 1); write it with a unit, such as "9PB"',
      );
    }
    return ok({ bytes: input });
  }
  const text = input.trim();
  if (text === '') return fail('a size cannot be empty');
  if (text.startsWith('-')) return fail('a size cannot be negative');
  const m = SIZE_RE.exec(text);
  if (!m)
    return fail(
      `"${clip(input)}" is not a size; write a number and a unit, such as "512MB" or "1.5GiB"`,
    );
  const num = parseDecimal(m[1]!);
  if (!num) return fail(`"${clip(m[1]!)}" is not a number`);
  const unit = byteUnit(m[2]!);
  if (typeof unit === 'string') return fail(unit);
  const bytes = toSafeNumber(scaleToInteger(num, unit.factor), `"${clip(text)}"`, 'bytes');
  if (!bytes.ok) return bytes;
  return ok(unit.family ? { bytes: bytes.value, family: unit.family } : { bytes: bytes.value });
}

/** Nanocores per core: CPU figures are counted in whole nanocores so sums stay exact. */
export const NANO = 1_000_000_000;

/** CPU cores: `0.5`, `"1.5"`, or millicores `"500m"` as Kubernetes writes them. */
export function parseCpus(input: string | number): Parsed<number> {
  let d: Decimal | undefined;
  let factor = BigInt(NANO);
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0)
      return fail('a CPU figure must be a number of cores, 0 or more');
    d = decimalFromNumber(input);
    if (!d) return fail('a CPU figure must be a number of cores, 0 or more');
  } else {
    const text = input.trim();
    if (text.startsWith('-')) return fail('a CPU figure cannot be negative');
    const m = /^([0-9.]+)\s*(m?)$/.exec(text);
    if (!m) {
      return fail(
        `"${clip(input)}" is not a number of cores; write it as 0.5, "1.5" or "500m" (millicores)`,
      );
    }
    d = parseDecimal(m[1]!);
    if (!d) return fail(`"${clip(m[1]!)}" is not a number`);
    if (m[2] === 'm') factor = BigInt(NANO / 1000);
  }
  const scaled = d.digits * factor;
  const div = 10n ** BigInt(d.scale);
  if (scaled % div !== 0n) return fail('a CPU figure can have at most 9 decimal places');
  return toSafeNumber(scaled / div, 'this CPU figure', 'nanocores');
}

/**
 * A percentage such as `15%` or `12.5%`, as parts per million so later comparisons can be
 * exact integer arithmetic.
 */
export function parsePercent(input: string): Parsed<number> {
  const m = /^\s*([0-9.]+)\s*%\s*$/.exec(input);
  if (!m) return fail(`"${clip(input)}" is not a percentage; write it as "15%"`);
  const d = parseDecimal(m[1]!);
  if (!d) return fail(`"${clip(m[1]!)}" is not a number`);
  if (d.scale > 4) return fail('a percentage can have at most 4 decimal places');
  const ppm = (d.digits * 10_000n) / 10n ** BigInt(d.scale);
  if (ppm > 100n * 10_000n) return fail('a percentage cannot be more than 100%');
  return ok(Number(ppm));
}

export function isPercent(input: unknown): input is string {
  return typeof input === 'string' && input.trim().endsWith('%');
}

const RANGE_RE = /^\s*([0-9.]+)\s*([A-Za-z]*)\s*-\s*([0-9.]+)\s*([A-Za-z]*)\s*$/;

/**
 * A size or a range of sizes: `300MB`, `200-300MB` (the unit applies to both ends) or
 * `200MB-1GB`.
 */
export function parseBytesRange(input: string | number): Parsed<Range & { family?: UnitFamily }> {
  if (typeof input === 'string') {
    const m = RANGE_RE.exec(input);
    if (m) {
      const [, lowNum, lowUnitRaw, highNum, highUnit] = m as unknown as [
        string,
        string,
        string,
        string,
        string,
      ];
      if (lowUnitRaw !== '' && highUnit === '') {
        return fail(
          `in "${clip(input)}" the upper end has no unit; write the unit after the upper end, such as "200-300MB"`,
        );
      }
      const lowUnit = lowUnitRaw === '' ? highUnit : lowUnitRaw;
      const low = parseBytes(`${lowNum}${lowUnit}`);
      if (!low.ok) return low;
      const high = parseBytes(`${highNum}${highUnit}`);
      if (!high.ok) return high;
      return orderedRange(
        low.value.bytes,
        high.value.bytes,
        input,
        high.value.family ?? low.value.family,
      );
    }
  }
  const one = parseBytes(input);
  if (!one.ok) return one;
  return ok({ low: one.value.bytes, high: one.value.bytes, family: one.value.family });
}

/** CPU cores or a range of them: `0.5`, `"0.5-1"`, `"250m-500m"`. */
export function parseCpusRange(input: string | number): Parsed<Range> {
  if (typeof input === 'string') {
    const m = /^\s*([0-9.]+\s*m?)\s*-\s*([0-9.]+\s*m?)\s*$/.exec(input);
    if (m) {
      const low = parseCpus(m[1]!);
      if (!low.ok) return low;
      const high = parseCpus(m[2]!);
      if (!high.ok) return high;
      return orderedRange(low.value, high.value, input);
    }
  }
  const one = parseCpus(input);
  if (!one.ok) return one;
  return ok({ low: one.value, high: one.value });
}

/**
 * Amounts are added up across hosts and printed; past 2^53 - 1 a sum is no longer exact, and
 * far enough past it no longer finite (JSON has no Infinity), so larger ones are refused.
 */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

function checkedAmount(value: number): Parsed<number> {
  if (value > MAX_AMOUNT) {
    return fail(
      `an amount can be at most ${MAX_AMOUNT.toLocaleString('en-US')} (2^53 - 1), so that totals stay exact`,
    );
  }
  return ok(value);
}

/** A plain amount, such as a monthly cost: `120`, `"120-150"`, `99.5`. Kept as a float. */
export function parseAmountRange(input: string | number): Parsed<Range> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return fail('an amount must be a number, 0 or more');
    const one = checkedAmount(input);
    return one.ok ? ok({ low: one.value, high: one.value }) : one;
  }
  const m = /^\s*([0-9.]+)\s*(?:-\s*([0-9.]+)\s*)?$/.exec(input);
  if (!m || !parseDecimal(m[1]!) || (m[2] !== undefined && !parseDecimal(m[2]))) {
    return fail(`"${clip(input)}" is not an amount or a range such as "120-150"`);
  }
  const low = checkedAmount(Number(m[1]));
  if (!low.ok) return low;
  const high = m[2] === undefined ? low : checkedAmount(Number(m[2]));
  if (!high.ok) return high;
  return orderedRange(low.value, high.value, input);
}

/**
 * The sum of amounts as the decimals they were written as, rounded once at the end: 0.1 and
 * 0.2 make 0.3 (not 0.30000000000000004), and 0.001 stays 0.001 rather than being rounded
 * to whole cents to hide the float noise.
 */
export function sumAmounts(values: readonly number[]): number {
  let digits = 0n;
  let scale = 0;
  for (const v of values) {
    const d = decimalFromNumber(v);
    if (!d) return NaN;
    if (d.scale > scale) {
      digits *= 10n ** BigInt(d.scale - scale);
      scale = d.scale;
    }
    digits += d.digits * 10n ** BigInt(scale - d.scale);
  }
  if (scale === 0) return Number(digits);
  const text = digits.toString().padStart(scale + 1, '0');
  return Number(`${text.slice(0, -scale)}.${text.slice(-scale)}`);
}

export function orderedRange<E extends object>(
  low: number,
  high: number,
  input: string,
  family?: UnitFamily,
): Parsed<Range & E & { family?: UnitFamily }> {
  if (low > high) {
    return fail(
      `the range "${clip(input)}" runs backwards: its lower end is larger than its upper end`,
    );
  }
  return ok({ low, high, ...(family ? { family } : {}) } as Range & E & { family?: UnitFamily });
}

/** Quoted user text is clipped so a pasted blob never floods a message. */
export function clip(text: string, max = 40): string {
  return shorten(text.replace(/[\r\n\t]/g, ' '), max);
}

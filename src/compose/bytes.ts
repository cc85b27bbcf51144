/**
 * Memory sizes as Docker reads them. compose-go's UnitBytes takes a YAML integer as bytes
 * and tries text first as a whole number, then with go-units' RAMInBytes: a decimal number,
 * optionally a space, then an optional unit k, m, g, t or p in any case, optionally
 * followed by `b` or `ib` (`b` alone means bytes). The unit is always a power of 1024 and
 * the result is truncated to whole bytes, so `1.5g` is 1,610,612,736 and `0.3m` 314,572.
 *
 * Where Docker would compute with a float64 we compute exactly, and we refuse what it would
 * mangle: negative sizes, a YAML float (not a whole number of bytes), and anything beyond
 * 2^53 - 1 bytes, which cannot be counted exactly.
 */
import { shorten } from '../shared/errors.js';
import type { Parsed } from '../units/parse.js';
import { parseDecimal, scaleTruncated } from './decimal.js';

const UNIT: ReadonlyMap<string, bigint> = new Map([
  ['k', 1n << 10n],
  ['m', 1n << 20n],
  ['g', 1n << 30n],
  ['t', 1n << 40n],
  ['p', 1n << 50n],
]);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NUMBER_CHARS = '0123456789. ';

function fail(reason: string): Parsed<number> {
  return { ok: false, reason };
}

function clip(text: string): string {
  return shorten(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'), 40);
}

function bounded(bytes: bigint, text: string): Parsed<number> {
  if (bytes > MAX_SAFE) {
    return fail(`"${clip(text)}" is too large to count exactly (the limit is 2^53 - 1 bytes)`);
  }
  return { ok: true, value: Number(bytes) };
}

export function parseDockerBytes(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('a size must be a finite number');
    if (!Number.isInteger(input)) {
      return fail(
        `${input} is not a whole number of bytes; write the size as text with a unit, such as "512m"`,
      );
    }
    if (input < 0) return fail('a size cannot be negative');
    if (!Number.isSafeInteger(input)) {
      return fail(`${input} is too large to count exactly; write it with a unit, such as "8g"`);
    }
    return { ok: true, value: input };
  }
  if (typeof input !== 'string')
    return fail('a size must be a number of bytes or text such as "512m"');
  const text = input;
  if (text === '') return fail('the size is empty; Docker needs a size such as "512m"');
  if (text.length > 64) return fail(`"${clip(text)}" is too long to be a size`);
  if (/^[+-]?\d+$/.test(text)) {
    // Go's ParseInt reads "-0" as 0, which compose takes as "no limit".
    const n = BigInt(text);
    if (n < 0n) return fail('a size cannot be negative');
    return bounded(n, text);
  }
  const invalid = fail(
    `"${clip(text)}" is not a size Docker understands; write a number and an optional unit (k, m, g, t, p), such as "512m" or "1.5g"`,
  );
  let sep = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    if (NUMBER_CHARS.includes(text[i]!)) {
      sep = i;
      break;
    }
  }
  if (sep < 0) return invalid;
  const num = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  const suffix = text.slice(sep + 1).toLowerCase();
  const d = parseDecimal(num);
  if (!d) return invalid;
  if (d.negative && d.digits !== 0n) return fail('a size cannot be negative');
  let factor = 1n;
  if (suffix !== '' && suffix !== 'b') {
    const unit = UNIT.get(suffix[0]!);
    if (unit === undefined || suffix.length > 3) return invalid;
    if (suffix.length === 2 && suffix[1] !== 'b') return invalid;
    if (suffix.length === 3 && suffix.slice(1) !== 'ib') return invalid;
    factor = unit;
  }
  return bounded(scaleTruncated(d, factor), text);
}

import { describe, expect, it } from 'vitest';
import {
  parseAmountRange,
  parseBytes,
  parseBytesRange,
  parseCpus,
  parseCpusRange,
  parsePercent,
  sumAmounts,
} from '../../src/units/parse.js';

const bytes = (s: string | number) => {
  const r = parseBytes(s);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? '' : r.reason);

describe('parseBytes', () => {
  it.each([
    ['3.6GB', 3_600_000_000, 'decimal'],
    ['500MB', 500_000_000, 'decimal'],
    ['1kB', 1000, 'decimal'],
    ['1KB', 1000, 'decimal'],
    ['2TB', 2e12, 'decimal'],
    ['1KiB', 1024, 'binary'],
    ['1.5GiB', 1_610_612_736, 'binary'],
    ['512MiB', 536_870_912, 'binary'],
    ['1TiB', 2 ** 40, 'binary'],
    ['512m', 536_870_912, 'binary'],
    ['512M', 536_870_912, 'binary'],
    ['1g', 2 ** 30, 'binary'],
    ['1G', 2 ** 30, 'binary'],
    ['2k', 2048, 'binary'],
    ['1t', 2 ** 40, 'binary'],
    ['3.6 GB', 3_600_000_000, 'decimal'],
    ['  200MB ', 200_000_000, 'decimal'],
  ])('%s is %d bytes (%s)', (input, expected, family) => {
    expect(bytes(input)).toEqual({ bytes: expected, family });
  });

  it('reads plain numbers and B as bytes', () => {
    expect(bytes(1024)).toEqual({ bytes: 1024 });
    expect(bytes('2048')).toEqual({ bytes: 2048 });
    expect(bytes('100B')).toEqual({ bytes: 100 });
  });

  it('truncates fractions of a byte, as Docker does', () => {
    // 0.3 MiB = 314572.8 bytes
    expect(bytes('0.3MiB').bytes).toBe(314_572);
  });

  it.each(['mb', 'Mb', 'gb', 'Gb', 'kb', 'tb'])(
    'rejects the ambiguous spelling %s and says why',
    (unit) => {
      const r = parseBytes(`512${unit}`);
      expect(r.ok).toBe(false);
      expect(reason(r)).toMatch(/ambiguous/);
      expect(reason(r)).toMatch(/bits/);
    },
  );

  it('suggests the right spelling for mib', () => {
    expect(reason(parseBytes('1mib'))).toMatch(/MiB/);
  });

  it.each([
    ['-1GB', /negative/],
    ['', /empty/],
    ['GB', /not a size/],
    ['1.2.3GB', /not a number/],
    ['12 parsecs', /not a unit/],
    ['1b', /bits/],
  ])('rejects %j', (input, why) => {
    expect(reason(parseBytes(input))).toMatch(why);
  });

  it('refuses figures beyond 2^53 instead of rounding them', () => {
    expect(reason(parseBytes('9PB'))).toBe('');
    expect(reason(parseBytes('10PB'))).toMatch(/too large/);
    expect(reason(parseBytes(2 ** 53))).toMatch(/too large/);
    expect(reason(parseBytes(1.5))).toMatch(/whole/);
  });
});

describe('ranges', () => {
  it('applies the unit of the upper end to a bare lower end', () => {
    const r = parseBytesRange('200-300MB');
    expect(r).toEqual({
      ok: true,
      value: { low: 200_000_000, high: 300_000_000, family: 'decimal' },
    });
  });

  it('reads ends with their own units', () => {
    const r = parseBytesRange('512MiB-1GiB');
    expect(r).toEqual({ ok: true, value: { low: 2 ** 29, high: 2 ** 30, family: 'binary' } });
  });

  it('rejects a range that runs backwards', () => {
    expect(reason(parseBytesRange('300-200MB'))).toMatch(/backwards/);
  });

  it('rejects a range whose upper end lacks the unit', () => {
    expect(reason(parseBytesRange('200MB-300'))).toMatch(/upper end has no unit/);
  });

  it('reads a single figure as a range of one', () => {
    expect(parseBytesRange('1GB')).toEqual({
      ok: true,
      value: { low: 1e9, high: 1e9, family: 'decimal' },
    });
  });
});

describe('CPU', () => {
  it.each([
    [0.5, 500_000_000],
    [4, 4_000_000_000],
    ['1.5', 1_500_000_000],
    ['250m', 250_000_000],
    [0.3, 300_000_000],
    [0.1, 100_000_000],
  ])('%j is %d nanocores', (input, expected) => {
    expect(parseCpus(input)).toEqual({ ok: true, value: expected });
  });

  it('sums exactly where floats would not', () => {
    const sum = [0.1, 0.2]
      .map((c) => (parseCpus(c) as { value: number }).value)
      .reduce((a, b) => a + b);
    expect(sum).toBe(300_000_000);
  });

  it('reads ranges', () => {
    expect(parseCpusRange('0.5-1')).toEqual({ ok: true, value: { low: 5e8, high: 1e9 } });
    expect(parseCpusRange('250m-500m')).toEqual({ ok: true, value: { low: 2.5e8, high: 5e8 } });
  });

  it('rejects nonsense', () => {
    expect(reason(parseCpus('two'))).toMatch(/not a number of cores/);
    expect(reason(parseCpus(-1))).toMatch(/0 or more/);
    expect(reason(parseCpus('0.0000000001'))).toMatch(/9 decimal/);
  });
});

describe('percent and amounts', () => {
  it('reads percentages as parts per million', () => {
    expect(parsePercent('15%')).toEqual({ ok: true, value: 150_000 });
    expect(parsePercent('12.5%')).toEqual({ ok: true, value: 125_000 });
    expect(reason(parsePercent('150%'))).toMatch(/more than 100/);
    expect(reason(parsePercent('15'))).toMatch(/percentage/);
  });

  it('reads money ranges', () => {
    expect(parseAmountRange('120-150')).toEqual({ ok: true, value: { low: 120, high: 150 } });
    expect(parseAmountRange(99.5)).toEqual({ ok: true, value: { low: 99.5, high: 99.5 } });
    expect(reason(parseAmountRange('cheap'))).toMatch(/not an amount/);
  });
});

describe('sums of amounts', () => {
  it.each([
    [[0.1, 0.2], 0.3],
    [[0.001], 0.001],
    [[0.001, 0.002, 120], 120.003],
    [[120, 150], 270],
    [[1e-7, 1e-7], 2e-7],
    [[], 0],
  ])('%j add up to %d, as the decimals written', (values, sum) => {
    expect(sumAmounts(values)).toBe(sum);
  });
});

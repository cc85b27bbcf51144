import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesDelta,
  formatBytesExact,
  formatCores,
  formatMoney,
  formatPct,
  formatCount,
} from '../../src/units/format.js';
import { parseBytes } from '../../src/units/parse.js';

describe('formatBytes', () => {
  it.each([
    [500_000_000, '500 MB'],
    [1_530_000_000, '1.53 GB'],
    [480_000_000, '480 MB'],
    [3_600_000_000, '3.6 GB'],
    [-350_000_000, '-350 MB'],
    [0, '0 B'],
    [999, '999 B'],
    [999_700_000, '1 GB'],
    [43_500_000_000, '43.5 GB'],
  ])('%d reads %s in the decimal family', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('uses the binary family when asked', () => {
    expect(formatBytes(536_870_912, 'binary')).toBe('512 MiB');
    expect(formatBytes(500_000_000, 'binary')).toBe('477 MiB');
  });

  it('signs deltas', () => {
    expect(formatBytesDelta(120_000_000)).toBe('+120 MB');
    expect(formatBytesDelta(-1_050_000_000)).toBe('-1.05 GB');
  });

  it('writes exact figures that parse back to themselves', () => {
    for (const n of [3_600_000_000, 1_610_612_736, 1, 123_456_789]) {
      for (const family of ['decimal', 'binary'] as const) {
        const back = parseBytes(formatBytesExact(n, family));
        expect(back.ok && back.value.bytes).toBe(n);
      }
    }
  });
});

describe('cores and percentages', () => {
  it('formats cores', () => {
    expect(formatCores(0.5)).toBe('0.5');
    expect(formatCores(2)).toBe('2');
    expect(formatCores(3.4)).toBe('3.4');
    expect(formatCores(-0)).toBe('0');
  });

  it('formats percentages with one decimal', () => {
    expect(formatPct(13.888)).toBe('13.9%');
    expect(formatPct(-9.72)).toBe('-9.7%');
    expect(formatPct(-0)).toBe('0.0%');
  });
});

describe('monthly costs', () => {
  it.each([
    [120, '120'],
    [120.5, '120.50'],
    [0.3, '0.30'],
    [0.001, '0.001'],
    [0.0004, '0.0004'],
    [0.014, '0.01'],
    [9_007_199_254_740_991, '9007199254740991'],
  ])('%d reads %s, never a cost of nothing', (amount, shown) => {
    expect(formatMoney(amount)).toBe(shown);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [179_700, '179,700'],
    [49_995_000, '49,995,000'],
    [-1_234_567, '-1,234,567'],
  ])('writes %d as %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesExact, formatCores } from '../../src/units/format.js';
import { parseBytes, parseCpus } from '../../src/units/parse.js';

const family = fc.constantFrom('decimal' as const, 'binary' as const);
const bytes = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe('units properties', () => {
  it('an exact figure parses back to itself', () => {
    fc.assert(
      fc.property(bytes, family, (n, f) => {
        const back = parseBytes(formatBytesExact(n, f));
        expect(back.ok && back.value.bytes).toBe(n);
      }),
    );
  });

  it('a displayed figure parses back to within its rounding (three significant digits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9e15 }), family, (n, f) => {
        const back = parseBytes(formatBytes(n, f).replace(' ', ''));
        expect(back.ok).toBe(true);
        if (back.ok) expect(Math.abs(back.value.bytes - n) / n).toBeLessThanOrEqual(0.005 + 1e-12);
      }),
    );
  });

  it('a displayed "at least" figure is never below the figure', () => {
    fc.assert(
      // Up to 4 PB, so the rounded-up text stays within what can be counted exactly.
      fc.property(fc.integer({ min: 1, max: 4e15 }), family, (n, f) => {
        const back = parseBytes(formatBytes(n, f, 'up').replace(' ', ''));
        expect(back.ok && back.value.bytes).toBeGreaterThanOrEqual(n - 1);
      }),
    );
  });

  it('cores round-trip through their text to the nanocore', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (centi) => {
        const cores = centi / 100;
        const back = parseCpus(formatCores(cores));
        expect(back.ok && back.value).toBe(centi * 10_000_000);
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        expect(() => parseBytes(s)).not.toThrow();
        expect(() => parseCpus(s)).not.toThrow();
      }),
    );
  });
});

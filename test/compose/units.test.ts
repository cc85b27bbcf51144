import { describe, expect, it } from 'vitest';
import { parseDockerBytes } from '../../src/compose/bytes.js';
import { parseDockerCpus } from '../../src/compose/cpus.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

describe("Docker's byte sizes", () => {
  it.each([
    // go-units' own RAMInBytes cases
    ['32', 32],
    ['32b', 32],
    ['32B', 32],
    ['32k', 32 * KiB],
    ['32K', 32 * KiB],
    ['32kb', 32 * KiB],
    ['32Kb', 32 * KiB],
    ['32Kib', 32 * KiB],
    ['32KIB', 32 * KiB],
    ['32Mb', 32 * MiB],
    ['32Gb', 32 * GiB],
    ['32Tb', 32 * TiB],
    // 32 PiB is beyond 2^53 bytes (see the refusals below), so 7 PiB stands in for it
    ['7Pb', 7 * PiB],
    ['7PB', 7 * PiB],
    ['7P', 7 * PiB],
    ['32.3', 32],
    ['32.3 mb', 33869004], // 32.3 × 2^20 = 33,869,004.8, truncated
    ['0.3MB', 314572],
    // compose-go's UnitBytes: whole numbers first, then RAMInBytes
    ['655360', 655360],
    ['+512', 512],
    ['0512', 512],
    ['512m', 512 * MiB],
    ['512M', 512 * MiB],
    ['512MiB', 512 * MiB],
    ['1.5g', 1610612736],
    ['1.5GB', 1610612736], // GB is 1024^3 here, unlike the manifest
    ['.5g', 512 * MiB],
    ['5.m', 5 * MiB],
    ['1e3m', 1000 * MiB],
    ['0', 0],
    // Go's ParseInt reads a negative zero as 0 (no limit), before RAMInBytes sees it
    ['-0', 0],
    ['-00', 0],
    ['-0b', 0],
    [655360, 655360],
    [0, 0],
  ])('%j is %d bytes', (input, bytes) => {
    expect(parseDockerBytes(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['', 'the size is empty'],
    ['hello', 'not a size Docker understands'],
    [' 32 ', 'not a size Docker understands'],
    ['32m b', 'not a size Docker understands'],
    ['32bm', 'not a size Docker understands'],
    ['32mm', 'not a size Docker understands'],
    ['32mib2', 'not a size Docker understands'],
    ['32x', 'not a size Docker understands'],
    ['0x10', 'not a size Docker understands'],
    ['-32', 'cannot be negative'],
    ['-1', 'cannot be negative'],
    ['-1.5g', 'cannot be negative'],
    [1.5, 'not a whole number of bytes'],
    [-1, 'cannot be negative'],
    // beyond 2^53 - 1 a size cannot be counted exactly: refused, never rounded
    ['9007199254740993', 'too large to count exactly'],
    ['8p', 'too large to count exactly'],
    ['32Pb', 'too large to count exactly'],
    [9007199254740992, 'too large to count exactly'],
    [true, 'a size must be'],
  ])('%j is refused', (input, reason) => {
    const r = parseDockerBytes(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('keeps the largest exact size', () => {
    expect(parseDockerBytes('9007199254740991')).toEqual({ ok: true, value: 2 ** 53 - 1 });
  });
});

describe('CPU counts', () => {
  it.each([
    [0.5, 500_000_000],
    ['0.5', 500_000_000],
    ['1.5', 1_500_000_000],
    [0.3, 300_000_000],
    ['0.3', 300_000_000],
    [2, 2_000_000_000],
    ['.25', 250_000_000],
    ['1e-3', 1_000_000],
    ['0.0000000015', 1],
    [0, 0],
  ])('%j is %d nanocores', (input, nano) => {
    expect(parseDockerCpus(input)).toEqual({ ok: true, value: nano });
  });

  it.each([['-1'], [-0.5], ['abc'], ['1.5 '], [''], [true], [Infinity]])(
    '%j is refused',
    (input) => {
      expect(parseDockerCpus(input).ok).toBe(false);
    },
  );
});

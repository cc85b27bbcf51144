/**
 * Figures for people: three significant digits in the unit family the manifest was written
 * in, so a manifest that says `3.6GB` reads `500 MB` back, not `476.8 MiB`.
 */
import type { UnitFamily } from './parse.js';

const DECIMAL: ReadonlyArray<[number, string]> = [
  [1e15, 'PB'],
  [1e12, 'TB'],
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
];

const BINARY: ReadonlyArray<[number, string]> = [
  [2 ** 50, 'PiB'],
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

export type Rounding = 'nearest' | 'up';

/** Rounds to three significant digits and drops trailing zeros: 1.5300 -> "1.53", 480 -> "480". */
function threeDigits(v: number, rounding: Rounding = 'nearest'): string {
  const abs = Math.abs(v);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  // "At least" figures round up, so the figure shown is never below what is needed.
  const scaled = rounding === 'up' ? Math.ceil(v * 10 ** decimals) / 10 ** decimals : v;
  const text = scaled.toFixed(decimals);
  return decimals === 0 ? text : text.replace(/\.?0+$/, '');
}

export function formatBytes(
  bytes: number,
  family: UnitFamily = 'decimal',
  rounding: Rounding = 'nearest',
): string {
  const units = family === 'binary' ? BINARY : DECIMAL;
  const sign = bytes < 0 ? '-' : '';
  const abs = Math.abs(bytes);
  for (let i = 0; i < units.length; i++) {
    const [size, name] = units[i]!;
    if (abs >= size) {
      const text = threeDigits(abs / size, rounding);
      // 999.7 MB rounds to "1000 MB": say "1 GB" instead.
      const base = family === 'binary' ? 1024 : 1000;
      if (Number(text) >= base && i > 0) {
        return `${sign}${threeDigits(abs / units[i - 1]![0], rounding)} ${units[i - 1]![1]}`;
      }
      return `${sign}${text} ${name}`;
    }
  }
  return `${sign}${abs} B`;
}

/** A signed change, with an explicit plus: "+120 MB", "-1.05 GB". */
export function formatBytesDelta(bytes: number, family: UnitFamily = 'decimal'): string {
  return bytes > 0 ? `+${formatBytes(bytes, family)}` : formatBytes(bytes, family);
}

/**
 * A figure that is not zero never reads as zero: when rounding would show "0", "-0", "0.0"
 * or "-0.0" (a failing row would then show no shortfall at all), it is shown to one
 * significant digit instead, sign kept: -0.001 cores, -0.004%.
 */
function notZero(value: number, text: string): string {
  // Only a finite figure has a first significant digit to show.
  if (!Number.isFinite(value)) return text;
  if (value === 0 || /[1-9]/.test(text))
    return text === '-0' || text === '-0.0' ? text.slice(1) : text;
  const decimals = Math.min(20, -Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1');
}

/** Cores with at most two decimals: 0.5 -> "0.5", 2 -> "2". */
export function formatCores(cores: number, rounding: Rounding = 'nearest'): string {
  const value = rounding === 'up' ? Math.ceil(cores * 100) / 100 : cores;
  return notZero(cores, value.toFixed(2).replace(/\.?0+$/, ''));
}

export function formatCoresDelta(cores: number): string {
  return cores > 0 ? `+${formatCores(cores)}` : formatCores(cores);
}

/**
 * A monthly cost: whole amounts as they are, others to the cent (120.5 -> "120.50"), and an
 * amount under a cent to its first significant digit rather than "0.00" (0.001 -> "0.001").
 */
export function formatMoney(amount: number): string {
  if (Number.isInteger(amount)) return String(amount);
  return notZero(amount, amount.toFixed(2));
}

/** One decimal place: 13.888 -> "13.9%". */
export function formatPct(pct: number): string {
  return `${notZero(pct, pct.toFixed(1))}%`;
}

/**
 * The exact text of a byte count in the largest unit that divides it evenly, for messages
 * that must not round: 3600000000 -> "3600MB" in decimal, 1610612736 -> "1536MiB".
 */
export function formatBytesExact(bytes: number, family: UnitFamily = 'decimal'): string {
  const units = family === 'binary' ? BINARY : DECIMAL;
  for (const [size, name] of units) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${name}`;
  }
  return `${bytes}B`;
}

/**
 * A whole number with thousands separators, `179,700`: as toLocaleString('en-US') writes
 * it, without the cost of building a number formatter each time.
 */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

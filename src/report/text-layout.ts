/** What every part of the text report shares: verdict words, aligned columns, findings, caps. */
import type { Finding } from '../shared/terms.js';
import { terminal } from './escape.js';
import type { ResourceVerdict } from '../model/results.js';

export const WORD: Record<ResourceVerdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'not-declared': '----',
  unknown: '----',
};

/** Where to see what a condensed report leaves out. */
export const SEE_ALL =
  'the JSON report (--format json) has everything; --scenario NAME shows one scenario alone';

/** Rows of cells as lines, each column as wide as its widest cell. */
export function pad(cells: string[][]): string[] {
  const widths: number[] = [];
  for (const row of cells)
    row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return cells.map((row) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd(),
  );
}

function findingLine(f: Finding): string {
  const where = f.file
    ? `${terminal(f.file)}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}: `
    : '';
  return `  ${f.level.padEnd(4)}  ${where}${terminal(f.message)}`;
}

/** Findings, with long runs of the same kind folded so the verdict stays on screen. */
export function findingLines(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const total = new Map<string, number>();
  const shown = new Map<string, number>();
  for (const f of findings)
    total.set(`${f.level}/${f.code}`, (total.get(`${f.level}/${f.code}`) ?? 0) + 1);
  for (const f of findings) {
    const key = `${f.level}/${f.code}`;
    const n = shown.get(key) ?? 0;
    shown.set(key, n + 1);
    const all = total.get(key)!;
    if (n < 3 || all <= 4) out.push(findingLine(f));
    else if (n === 3)
      out.push(
        `  ${f.level.padEnd(4)}  ... and ${all - 3} more ${f.code} findings like these (--format json lists them all)`,
      );
  }
  return out;
}

/** How much of each part of a scenario a section shows; Infinity shows everything. */
export interface Caps {
  hosts: number;
  services: number;
  charts: number;
  phases: number;
  /** Hosts, and services per host, that placement advice names. */
  adviceHosts: number;
  adviceNames: number;
}

export const ALL: Caps = {
  hosts: Infinity,
  services: Infinity,
  charts: Infinity,
  phases: Infinity,
  adviceHosts: Infinity,
  adviceNames: Infinity,
};

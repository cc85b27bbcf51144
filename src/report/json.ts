import type { Report } from './types.js';

/** The JSON report: stable key order (as built), two-space indent, final newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

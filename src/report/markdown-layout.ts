/** What every part of the Markdown report shares: verdict icons, and how much a section shows. */
import type { ResourceVerdict } from '../model/results.js';

/** The icons of the Markdown headroom writes, the action's comment and summary included. */
export const ICON: Record<ResourceVerdict | 'info' | 'invalid', string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  'not-declared': '➖',
  unknown: '❔',
  info: 'ℹ️',
  invalid: '🛑',
};

/**
 * How much of a scenario a section shows. A comment holds 65,536 characters: past these,
 * a section shows the tightest hosts and the largest services and counts the rest, which the
 * JSON report has in full.
 */
export const SHOW = {
  hosts: 30,
  charts: 5,
  phases: 50,
  services: 50,
  findings: 50,
  adviceHosts: 10,
  adviceNames: 10,
};

export const ALL_IN_JSON = 'the JSON report has them all';

export function verdictCell(v: ResourceVerdict): string {
  if (v === 'not-declared') return `${ICON[v]} not judged`;
  if (v === 'unknown') return `${ICON[v]} unknown`;
  return `${ICON[v]} ${v}`;
}

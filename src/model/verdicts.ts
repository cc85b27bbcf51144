/**
 * Verdicts and how they are reached: a resource's from its headroom against the policy's
 * threshold, decided in exact integer arithmetic; a host's, a phase's and a scenario's as the
 * worst of their parts. The recheck of a report read back judges with these same functions.
 */
import type { ResourceReport } from './results.js';
import type { Level, Verdict } from '../shared/terms.js';

/** How bad each verdict is: the higher, the worse. */
export const VERDICT_RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a;
}

/** The worst of any number of verdicts; pass for none. Takes a list, never a spread. */
export function worstOf(verdicts: Iterable<Verdict>): Verdict {
  let w: Verdict = 'pass';
  for (const v of verdicts) if (VERDICT_RANK[v] > VERDICT_RANK[w]) w = v;
  return w;
}

/** The verdict a finding of this level imposes on its scenario. */
export function levelVerdict(level: Level): Verdict {
  return level === 'fail' ? 'fail' : level === 'warn' ? 'warn' : 'pass';
}

/** Exact: warn when headroom / capacity < warnBelow, compared without division. */
export function judge(headroom: number, capacity: number, warnBelowPpm: number): Verdict {
  if (headroom < 0) return 'fail';
  if (BigInt(headroom) * 1_000_000n < BigInt(warnBelowPpm) * BigInt(capacity)) return 'warn';
  return 'pass';
}

/** Headroom as a percentage of capacity, to two decimals, as every report shows it. */
export function pct(headroom: number, capacity: number): number {
  if (capacity === 0) return headroom === 0 ? 0 : -100;
  return Math.round((headroom / capacity) * 10_000) / 100;
}

/** Whether a resource was judged at all: not-declared and unknown are not. */
export function isJudged(v: ResourceReport['verdict']): boolean {
  return v !== 'not-declared' && v !== 'unknown';
}

/** The worst judged verdict of a host's resources. */
export function hostVerdict(verdicts: Iterable<ResourceReport['verdict']>): Verdict {
  let w: Verdict = 'pass';
  for (const v of verdicts) if (v !== 'not-declared' && v !== 'unknown') w = worse(w, v);
  return w;
}

/**
 * One resource of one host in one state: available = capacity - used - reserve, headroom =
 * available - demand in the best and the worst case, and the verdict on the judged case.
 */
import type { Pair, ResourceReport } from './results.js';
import type { StateSums } from './state-sums.js';
import { LIMIT_WORDS, RESOURCE_LABEL, tooLarge } from './too-large.js';
import { judge, pct } from './verdicts.js';
import { RESOURCES } from '../shared/terms.js';
import type { HostSpec, Policy, ScenarioSpec } from './types.js';

export interface ResourceEval {
  demand: Pair;
  headroom: Pair | null;
  headroomPct: Pair | null;
  verdict: ResourceReport['verdict'];
  /** Judged headroom in base units (for picking the peak), Infinity when not declared. */
  judged: number;
}

/** The evaluation of resource `r` of the host in slot `k`, read from a state's sums. */
function evalResource(
  host: HostSpec,
  r: number,
  sums: StateSums,
  k: number,
  policy: Policy,
  scenario: ScenarioSpec,
): ResourceEval {
  const name = RESOURCES[r]!;
  const at = k * 3 + r;
  const demand = { best: sums.best[at]!, worst: sums.worst[at]! };
  const capacity = host.capacity[name];
  if (capacity === undefined) {
    return { demand, headroom: null, headroomPct: null, verdict: 'not-declared', judged: Infinity };
  }
  const setAside = (host.used[name] ?? 0) + (host.reserve[name] ?? 0);
  if (!Number.isSafeInteger(setAside)) {
    throw tooLarge(
      host.source,
      `used and reserve of ${RESOURCE_LABEL[name]} on "${host.name}" add up to more than ${LIMIT_WORDS[name]}, too much to count exactly`,
    );
  }
  const available = capacity - setAside;
  // Services run here and none has a figure: the demand is unknown, so is the headroom. (When
  // what is set aside already exceeds the host, it fails whatever the services need.)
  if (sums.estimated[at] === 0 && sums.unestimated.has(at) && available >= 0) {
    return { demand, headroom: null, headroomPct: null, verdict: 'unknown', judged: Infinity };
  }
  const headroom = { best: available - demand.best, worst: available - demand.worst };
  if (!Number.isSafeInteger(headroom.worst) || !Number.isSafeInteger(headroom.best)) {
    throw tooLarge(
      scenario.source,
      `the ${RESOURCE_LABEL[name]} headroom on "${host.name}" in scenario "${scenario.name}" (available less demand) is more than ${LIMIT_WORDS[name]} below zero, too far to count exactly`,
    );
  }
  const judged = policy.judge === 'worst' ? headroom.worst : headroom.best;
  return {
    demand,
    headroom,
    headroomPct: { best: pct(headroom.best, capacity), worst: pct(headroom.worst, capacity) },
    verdict: judge(judged, capacity, policy.warnBelowPpm),
    judged,
  };
}

/**
 * Every used host's resources in one state, host by host, flat as the sums are: slot times
 * 3 plus resource index (read them with `evalAt`).
 */
export function evalHosts(
  usedHosts: readonly HostSpec[],
  sums: StateSums,
  policy: Policy,
  scenario: ScenarioSpec,
): ResourceEval[] {
  const evals = new Array<ResourceEval>(usedHosts.length * 3);
  usedHosts.forEach((host, k) => {
    for (let r = 0; r < 3; r++) evals[k * 3 + r] = evalResource(host, r, sums, k, policy, scenario);
  });
  return evals;
}

/** The evaluation of resource `r` of the host in slot `k`. */
export function evalAt(evals: readonly ResourceEval[], k: number, r: number): ResourceEval {
  return evals[k * 3 + r]!;
}

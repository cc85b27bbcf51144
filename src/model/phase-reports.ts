/**
 * A scenario with phases, state by state: each host's resources after each phase, judged on
 * that state's own demand, the phase where the scenario is tightest and the first that fails.
 */
import type { PhaseReport, ResourceReport } from './results.js';
import type { PlacedScenario } from './placed-scenario.js';
import { evalAt } from './resource-eval.js';
import { pairInReportUnits } from './report-units.js';
import type { StateEval } from './state-evals.js';
import { hostVerdict, VERDICT_RANK, worse } from './verdicts.js';
import { RESOURCES, type Verdict } from '../shared/terms.js';
import type { HostSpec } from './types.js';

type PhaseHost = PhaseReport['hosts'][number];

function phaseHost(host: HostSpec, ps: StateEval, k: number): PhaseHost {
  const resources = {} as PhaseHost['resources'];
  const verdicts: Array<ResourceReport['verdict']> = [];
  RESOURCES.forEach((name, r) => {
    const e = evalAt(ps.evals, k, r);
    resources[name] = {
      demand: pairInReportUnits(name, e.demand),
      headroom: e.headroom ? pairInReportUnits(name, e.headroom) : null,
      headroomPct: e.headroomPct,
      verdict: e.verdict,
    };
    verdicts.push(e.verdict);
  });
  return { host: host.name, verdict: hostVerdict(verdicts), resources };
}

/** Every state as a phase of the report; `brief` leaves out the services of each. */
export function phaseReports(
  placed: PlacedScenario,
  perState: readonly StateEval[],
  brief: boolean,
): PhaseReport[] {
  return perState.map((ps) => {
    const hosts = placed.usedHosts.map((host, k) => phaseHost(host, ps, k));
    let verdict: Verdict = ps.conflicts.total > 0 ? 'fail' : 'pass';
    for (const h of hosts) verdict = worse(verdict, h.verdict);
    return {
      name: ps.state.name,
      index: ps.state.index,
      verdict,
      services: brief ? [] : [...ps.state.active],
      hosts,
    };
  });
}

/** The phase with the worst verdict, and among those the least headroom. */
export function peakPhase(phases: readonly PhaseReport[]): string | null {
  let best: { name: string; rank: number; min: number } | null = null;
  for (const p of phases) {
    let min = Infinity;
    for (const h of p.hosts)
      for (const r of RESOURCES) min = Math.min(min, h.resources[r].headroomPct?.worst ?? Infinity);
    const rank = VERDICT_RANK[p.verdict];
    if (!best || rank > best.rank || (rank === best.rank && min < best.min))
      best = { name: p.name, rank, min };
  }
  return best?.name ?? null;
}

/**
 * Each host a scenario uses, as the report shows it: every resource at its peak over the
 * states of the rollout (the state with the least judged headroom), with what it is made of,
 * and the services placed there.
 */
import type { HostReport, ResourceReport, ServiceReport } from './results.js';
import type { PlacedScenario } from './placed-scenario.js';
import { slotsOfRow } from './placed.js';
import { evalAt } from './resource-eval.js';
import { inReportUnits, pairInReportUnits } from './report-units.js';
import type { StateEval } from './state-evals.js';
import { hostVerdict } from './verdicts.js';
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import type { HostSpec } from './types.js';

/** The service reports on each used host, in placement order, by host slot. */
function serviceLists(placed: PlacedScenario): ServiceReport[][] {
  const { rows, specAt, scenario, cache, view, own, hostName } = placed;
  const make = () => {
    const lists: ServiceReport[][] = rows.usedHosts.map(() => []);
    for (let i = 0; i < rows.names.length; i++) {
      const spec = specAt(i);
      for (const k of slotsOfRow(rows, i)) {
        lists[k]!.push(
          cache.reports.get(spec, scenario.tier, hostName(k), view.sized.get(rows.names[i]!)),
        );
      }
    }
    return lists;
  };
  // A measured service reads differently on each host: those lists are the scenario's own.
  return own ? cache.lists.get(rows.shape, scenario.tier, make) : make();
}

/** The state in which resource `r` of the host in slot `k` has the least judged headroom. */
function peakOf(perState: readonly StateEval[], k: number, r: number): StateEval {
  let peak = perState[0]!;
  for (const ps of perState)
    if (evalAt(ps.evals, k, r).judged < evalAt(peak.evals, k, r).judged) peak = ps;
  return peak;
}

/** Resource `r` of the host in slot `k`, at its peak. */
function resourceReport(
  host: HostSpec,
  k: number,
  name: ResourceName,
  r: number,
  perState: readonly StateEval[],
): ResourceReport {
  const peak = peakOf(perState, k, r);
  const e = evalAt(peak.evals, k, r);
  const capacity = host.capacity[name];
  const used = host.used[name] ?? 0;
  const reserve = host.reserve[name] ?? 0;
  const at = k * 3 + r;
  return {
    declared: capacity !== undefined,
    capacity: capacity === undefined ? null : inReportUnits(name, capacity),
    used: inReportUnits(name, used),
    reserve: inReportUnits(name, reserve),
    available: capacity === undefined ? null : inReportUnits(name, capacity - used - reserve),
    demand: pairInReportUnits(name, e.demand),
    headroom: e.headroom ? pairInReportUnits(name, e.headroom) : null,
    headroomPct: e.headroomPct,
    verdict: e.verdict,
    unestimated: capacity === undefined ? [] : (peak.sums.unestimated.get(at)?.slice() ?? []),
    estimated: peak.sums.estimated[at]!,
    defaulted: peak.sums.defaulted.get(at)?.slice() ?? [],
    peakPhase: perState.length > 1 ? peak.state.name : null,
  };
}

/** What the host's snapshot gave it, for a host that names one. */
function snapshotPart(host: HostSpec, placed: PlacedScenario): Pick<HostReport, 'snapshot'> {
  if (!host.snapshot) return {};
  return {
    snapshot: {
      file: host.snapshot.file,
      taken: host.snapshot.taken,
      capacity: host.snapshot.capacity.slice(),
      used: host.snapshot.used.slice(),
      measuredOut: { memory: placed.view.takenOut.get(host.name) ?? 0 },
    },
  };
}

/** Every used host at its peak; `brief` leaves out the services placed on each. */
export function hostReports(
  placed: PlacedScenario,
  perState: readonly StateEval[],
  brief: boolean,
): HostReport[] {
  const lists = brief ? [] : serviceLists(placed);
  return placed.usedHosts.map((host, k) => {
    const resources = {} as Record<ResourceName, ResourceReport>;
    RESOURCES.forEach((name, r) => {
      resources[name] = resourceReport(host, k, name, r, perState);
    });
    const verdict = hostVerdict(RESOURCES.map((r) => resources[r].verdict));
    return {
      host: host.name,
      verdict,
      resources,
      services: lists[k] ?? [],
      ...snapshotPart(host, placed),
    };
  });
}

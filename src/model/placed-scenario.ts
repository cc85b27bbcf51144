/**
 * A scenario as one evaluation reads it: its placement as rows, each row's service and
 * figures under the scenario's tier, and the hosts it uses as this evaluation sizes them
 * (with what host snapshots measured taken into account). Every step of the evaluation
 * reads this; none of it changes while the scenario is evaluated.
 */
import { figureFor, size, type Sized } from './demand.js';
import { rowsOf, type EvaluationCache } from './evaluation-cache.js';
import { measuredView, type MeasuredView } from './measured.js';
import type { PlacedRows } from './placed.js';
import type { HostSpec, Policy, ScenarioSpec, ServiceSpec } from './types.js';

export interface PlacedScenario {
  scenario: ScenarioSpec;
  cache: EvaluationCache;
  policy: Policy;
  view: MeasuredView;
  /**
   * Whether the services are the model's own (no snapshot resized any): only then is what is
   * worked out from them kept in the cache for other scenarios.
   */
  own: boolean;
  rows: PlacedRows;
  /** The service of row i, as this scenario sizes it. */
  specAt: (i: number) => ServiceSpec;
  /** The figures of each row under the scenario's tier. */
  sized: readonly Sized[];
  /** The hosts the scenario uses, by slot. */
  usedHosts: readonly HostSpec[];
  hostName: (slot: number) => string;
}

/** Snapshots measured nothing the model counts: the hosts and services are as written. */
function unmeasured(
  hosts: ReadonlyMap<string, HostSpec>,
  services: ReadonlyMap<string, ServiceSpec>,
): MeasuredView {
  return { hosts, services, findings: [], takenOut: new Map(), sized: new Map() };
}

export function placeScenario(
  scenario: ScenarioSpec,
  cache: EvaluationCache,
  hostsByName: ReadonlyMap<string, HostSpec>,
): PlacedScenario {
  const { policy } = cache;
  const view = cache.anyMeasured
    ? measuredView(scenario, hostsByName, cache.services, policy, (s) =>
        figureFor(s.memory, scenario.tier),
      )
    : unmeasured(hostsByName, cache.services);
  const own = view.services === cache.services;
  const rows = rowsOf(scenario, cache);
  const specAt = own
    ? (i: number) => cache.serviceList[rows.service[i]!]!
    : (i: number) => view.services.get(rows.names[i]!)!;
  const hostName = (k: number) => cache.hostNames[rows.usedHosts[k]!]!;
  return {
    scenario,
    cache,
    policy,
    view,
    own,
    rows,
    specAt,
    sized: sizedRows(scenario, cache, rows, own, specAt),
    usedHosts: rows.usedHosts.map((h) => view.hosts.get(cache.hostNames[h]!)!),
    hostName,
  };
}

/** Each row's figures under the scenario's tier: the model's own kept, a resized one afresh. */
function sizedRows(
  scenario: ScenarioSpec,
  cache: EvaluationCache,
  rows: PlacedRows,
  own: boolean,
  specAt: (i: number) => ServiceSpec,
): Sized[] {
  const tierSized = cache.demand.tier(scenario.tier);
  const sizeRows = () => {
    const n = rows.names.length;
    const out: Sized[] = new Array<Sized>(n);
    for (let i = 0; i < n; i++) {
      const spec = specAt(i);
      const idx = rows.service[i]!;
      out[i] = spec === cache.serviceList[idx] ? tierSized(idx) : size(spec, scenario.tier);
    }
    return out;
  };
  return own ? cache.sized.get(rows.service, scenario.tier, sizeRows) : sizeRows();
}

/**
 * What every evaluation of one model shares: lookups built once, and what is worked out from
 * a placement, a state of its rollout or a tier and kept for the next scenario that asks.
 * What is kept by tier holds only for the model's own services: a scenario with measured
 * services has specs of its own, worked out afresh.
 */
import type { ServiceReport } from './results.js';
import { DemandTable, type Sized } from './demand.js';
import { placedRows, type Indices, type PlacedRows } from './placed.js';
import { phaseStates, type PhaseState } from './phases.js';
import type { PortConflicts } from './port-conflicts.js';
import { ServiceReports } from './service-report.js';
import type { StateSums } from './state-sums.js';
import type { CapacityModel, HostSpec, Policy, ScenarioSpec, ServiceSpec } from './types.js';

/** Kept per key (a placement's rows or shape, a state) and tier. */
class ByTier<K extends object, V> {
  private readonly map = new WeakMap<K, Map<string | undefined, V>>();

  get(key: K, tier: string | undefined, make: () => V): V {
    let byTier = this.map.get(key);
    if (!byTier) this.map.set(key, (byTier = new Map<string | undefined, V>()));
    let v = byTier.get(tier);
    if (v === undefined) byTier.set(tier, (v = make()));
    return v;
  }
}

export interface EvaluationCache {
  hosts: ReadonlyMap<string, HostSpec>;
  hostList: readonly HostSpec[];
  hostNames: readonly string[];
  services: ReadonlyMap<string, ServiceSpec>;
  /** Whether any service has a host snapshot's measurement: most manifests have none. */
  anyMeasured: boolean;
  serviceList: readonly ServiceSpec[];
  ix: Indices;
  policy: Policy;
  demand: DemandTable;
  reports: ServiceReports;
  rows: WeakMap<ScenarioSpec['placement'], PlacedRows>;
  /** What one-host placements of the same list share. */
  byList: WeakMap<readonly string[], { service: Int32Array; slot: Int32Array }>;
  /** Lists of services found to publish no clashing ports, whichever one host holds them. */
  clean: WeakSet<readonly string[]>;
  /** The states of a placement with its phases, by placement. */
  states: WeakMap<
    ScenarioSpec['placement'],
    { phases: ScenarioSpec['phases']; states: PhaseState[] }
  >;
  /** The port clashes of a state. */
  conflicts: WeakMap<PhaseState, PortConflicts>;
  /** Each row's figures, by the rows' services and tier. */
  sized: ByTier<Int32Array, Sized[]>;
  /** A state's sums, by state (or the shape of a one-host placement) and tier. */
  sums: ByTier<object, StateSums>;
  /** Rows that may need a finding (a figure missing, a memory limit), by services and tier. */
  suspects: ByTier<Int32Array, number[]>;
  /** Service reports by host slot, by shape and tier. */
  lists: ByTier<object, ServiceReport[][]>;
}

export function evaluationCache(model: CapacityModel): EvaluationCache {
  return {
    hosts: new Map(model.hosts.map((h) => [h.name, h])),
    hostList: model.hosts,
    hostNames: model.hosts.map((h) => h.name),
    services: new Map(model.services.map((s) => [s.name, s])),
    serviceList: model.services,
    anyMeasured: model.services.some((s) => s.measured !== undefined),
    ix: {
      services: new Map(model.services.map((s, i) => [s.name, i])),
      hosts: new Map(model.hosts.map((h, i) => [h.name, i])),
    },
    policy: model.policy,
    demand: new DemandTable(model.services),
    reports: new ServiceReports(),
    rows: new WeakMap(),
    byList: new WeakMap(),
    clean: new WeakSet(),
    states: new WeakMap(),
    conflicts: new WeakMap(),
    sized: new ByTier(),
    sums: new ByTier(),
    suspects: new ByTier(),
    lists: new ByTier(),
  };
}

/** The placement as rows of indices into the model's services and hosts, made once. */
export function rowsOf(scenario: ScenarioSpec, cache: EvaluationCache): PlacedRows {
  let rows = cache.rows.get(scenario.placement);
  if (!rows) {
    rows = placedRows(scenario.placement, cache.ix, cache.byList);
    cache.rows.set(scenario.placement, rows);
  }
  return rows;
}

/** The states of a scenario, the same for every evaluation of one placement and its phases. */
export function statesOf(scenario: ScenarioSpec, cache: EvaluationCache): PhaseState[] {
  const known = cache.states.get(scenario.placement);
  if (known && known.phases === scenario.phases) return known.states;
  const { states } = phaseStates(scenario);
  cache.states.set(scenario.placement, { phases: scenario.phases, states });
  return states;
}

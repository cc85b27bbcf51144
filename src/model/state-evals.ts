/**
 * Each state of a scenario's rollout evaluated: what its services ask of each host, each
 * host's resources judged against it, and its port clashes. A scenario without phases has
 * one state.
 */
import type { PhaseState } from './phases.js';
import type { PlacedScenario } from './placed-scenario.js';
import { conflictsOf } from './port-findings.js';
import type { PortConflicts } from './port-conflicts.js';
import { evalHosts, type ResourceEval } from './resource-eval.js';
import { stateSums, type StateSums } from './state-sums.js';

export interface StateEval {
  state: PhaseState;
  sums: StateSums;
  /** By host slot times 3 plus resource index: read with `evalAt`. */
  evals: ResourceEval[];
  conflicts: PortConflicts;
}

export function evaluateStates(placed: PlacedScenario, states: readonly PhaseState[]): StateEval[] {
  const { scenario, cache, own, rows, sized, usedHosts, hostName, policy } = placed;
  return states.map((state) => {
    const sum = () => stateSums(rows, state.all ? null : state.active, sized, scenario, hostName);
    // Every service of a list on one host sums the same whichever host it is.
    const sums = own ? cache.sums.get(state.all ? rows.shape : state, scenario.tier, sum) : sum();
    return {
      state,
      sums,
      evals: evalHosts(usedHosts, sums, policy, scenario),
      conflicts: conflictsOf(state, rows, cache, scenario.placement),
    };
  });
}

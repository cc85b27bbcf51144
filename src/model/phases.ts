/**
 * The states a scenario passes through. Services named in no phase are there from the
 * start; a service that a phase adds is absent before it; a phase that removes a service
 * takes it away from then on. Without phases there is one state: everything placed.
 */
import type { ScenarioSpec } from './types.js';

export interface PhaseState {
  /** 'initial' for the state before the first phase; the phase's name after it. */
  name: string;
  /** 0 for the initial state, n after phase n. */
  index: number;
  active: ReadonlySet<string>;
  /** True when every placed service is active: no phases, so nothing is added later. */
  all: boolean;
}

/** Problems found while stepping through the phases, with the phase and service at fault. */
export interface PhaseProblem {
  phase: number;
  service: string;
  kind: 'add-present' | 'remove-absent';
}

export function phaseStates(scenario: Pick<ScenarioSpec, 'placement' | 'phases'>): {
  states: PhaseState[];
  problems: PhaseProblem[];
} {
  const problems: PhaseProblem[] = [];
  const addedLater = new Set<string>();
  for (const phase of scenario.phases) for (const s of phase.add) addedLater.add(s);

  if (scenario.phases.length === 0) {
    // The set of every placed service is made only when asked for: the model reads the
    // placement itself, and a large scenario would build it for nothing.
    const placement = scenario.placement;
    let active: ReadonlySet<string> | undefined;
    const state: PhaseState = {
      name: 'all',
      index: 0,
      get active() {
        return (active ??= new Set(placement.keys()));
      },
      all: true,
    };
    return { states: [state], problems };
  }
  const current = new Set<string>();
  for (const s of scenario.placement.keys()) if (!addedLater.has(s)) current.add(s);

  const states: PhaseState[] = [
    { name: 'initial', index: 0, active: new Set(current), all: false },
  ];
  scenario.phases.forEach((phase, i) => {
    for (const s of phase.remove) {
      if (!current.delete(s)) problems.push({ phase: i, service: s, kind: 'remove-absent' });
    }
    for (const s of phase.add) {
      if (current.has(s)) problems.push({ phase: i, service: s, kind: 'add-present' });
      current.add(s);
    }
    states.push({ name: phase.name, index: i + 1, active: new Set(current), all: false });
  });
  return { states, problems };
}

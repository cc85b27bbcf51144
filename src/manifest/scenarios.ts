/** `scenarios:`: where each scenario places which services, and the phases of its rollout. */
import type { NameRef, PhaseDraft, ScenarioDraft } from '../model/manifest-spec.js';
import type { PathSegment } from '../shared/terms.js';
import { clip } from '../units/parse.js';
import { entries, type Raw, type Reader } from './reader.js';

function names(r: Reader, path: PathSegment[], list: unknown): NameRef[] {
  return ((list as string[]) ?? []).map((name, i) => ({ name, source: r.at([...path, i]) }));
}

export function readScenario(r: Reader, name: string, s: Raw): ScenarioDraft {
  const base: PathSegment[] = ['scenarios', name];
  const draft: ScenarioDraft = {
    name,
    source: r.at(base, true),
    required: (s.required as boolean | undefined) ?? true,
    phases: ((s.phases as unknown[]) ?? []).map((p, i) =>
      readPhase(r, [...base, 'phases', i], p, i),
    ),
    ...(typeof s.tier === 'string' ? { tier: s.tier } : {}),
    ...(Array.isArray(s.profiles) ? { profiles: s.profiles as string[] } : {}),
  };
  uniquePhaseNames(r, base, s.phases, draft.phases);
  if (s.host !== undefined && s.placement !== undefined) {
    r.problem(
      base,
      'a scenario names either `host` (one host) or `placement` (several), not both',
      true,
    );
  } else if (s.host === undefined && s.placement === undefined) {
    r.problem(
      base,
      'a scenario needs `host` (one host for all its services) or `placement` (services per host)',
      true,
    );
  }
  if (s.services !== undefined && s.placement !== undefined) {
    r.problem(
      [...base, 'services'],
      '`services` goes with `host`; with `placement`, list the services under each host',
      true,
    );
  }
  if (typeof s.host === 'string') {
    draft.host = { name: s.host, source: r.at([...base, 'host']) };
    if (s.services !== undefined) draft.services = names(r, [...base, 'services'], s.services);
  }
  if (s.exclude !== undefined) draft.exclude = names(r, [...base, 'exclude'], s.exclude);
  if (s.placement && typeof s.placement === 'object') {
    draft.placement = entries(s.placement).map(([host, list]) => ({
      host: { name: host, source: r.at([...base, 'placement', host], true) },
      services: names(r, [...base, 'placement', host], list),
    }));
  }
  return draft;
}

/** What the report calls the state before a scenario's first phase. */
const INITIAL_STATE = 'initial';

/**
 * A phase's name is how the report, the comment and the advice point at a moment of the
 * rollout: where a scenario is tightest, where it first fails, which services run then. Two
 * phases of one name would make each of those ambiguous (and the advice once worked out a
 * placement for the wrong one), so the second is refused, as is a phase named like the state
 * before the first one, or like the name an unnamed phase gets from its position.
 */
function uniquePhaseNames(
  r: Reader,
  base: PathSegment[],
  written: unknown,
  phases: readonly PhaseDraft[],
): void {
  const seen = new Map<string, number>();
  phases.forEach((phase, i) => {
    const named = hasName(written, i);
    const path = named ? [...base, 'phases', i, 'name'] : [...base, 'phases', i];
    if (named && phase.name === INITIAL_STATE) {
      r.problem(
        path,
        `"${INITIAL_STATE}" is what the report calls the state before the first phase; give this phase another name`,
      );
      return;
    }
    const first = seen.get(phase.name);
    if (first !== undefined) {
      const how = (k: number) =>
        phases[k]!.name === `phase ${k + 1}` && !hasName(written, k)
          ? `phase ${k + 1} has no name of its own, so it is called "phase ${k + 1}"`
          : `phase ${k + 1} is named "${clip(phases[k]!.name)}"`;
      r.problem(
        path,
        `two phases of this scenario would be called "${clip(phase.name)}" (${how(first)}, and ${how(i)}); the report names phases to say where a scenario is tightest and where it first fails, so give each its own name`,
      );
      return;
    }
    seen.set(phase.name, i);
  });
}

function hasName(written: unknown, i: number): boolean {
  const raw = Array.isArray(written) ? (written[i] as unknown) : undefined;
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'name' in raw;
}

function readPhase(r: Reader, path: PathSegment[], p: unknown, index: number): PhaseDraft {
  const source = r.at(path);
  if (Array.isArray(p)) {
    return { name: `phase ${index + 1}`, add: names(r, path, p), remove: [], source };
  }
  const o = p as Raw;
  const phase = {
    name: typeof o.name === 'string' ? o.name : `phase ${index + 1}`,
    add: names(r, [...path, 'add'], o.add),
    remove: names(r, [...path, 'remove'], o.remove),
    source,
  };
  if (phase.add.length === 0 && phase.remove.length === 0) {
    r.problem(path, 'this phase neither adds nor removes a service');
  }
  return phase;
}

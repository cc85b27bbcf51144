/**
 * The tiers a scenario picks, checked: a service with figures per tier must have the one its
 * scenario picks, and a scenario placing such a service must pick one.
 */
import type { ProblemList } from '../shared/errors.js';
import type { ScenarioDraft } from './manifest-spec.js';
import { problemAt } from './service-index.js';
import { RESOURCES } from '../shared/terms.js';
import type { Estimate, ServiceSpec } from './types.js';

function tiered(e: Estimate | undefined): e is Extract<Estimate, { kind: 'tiers' }> {
  return e?.kind === 'tiers';
}

/**
 * Which services lack a tier, worked out once per tier: a scenario then looks only at those,
 * instead of at every tiered figure of every service it places.
 */
export class TierGaps {
  private readonly tiered: Array<{ name: string; tiers: ReadonlyMap<string, unknown> }> = [];
  private readonly lacking = new Map<string, string[]>();

  constructor(services: readonly ServiceSpec[]) {
    for (const s of services)
      for (const r of RESOURCES) {
        const e = s[r];
        if (tiered(e)) this.tiered.push({ name: s.name, tiers: e.tiers });
      }
  }

  /** False when no service the placement holds could be missing the tier. */
  mayFail(tier: string | undefined, placement: ReadonlyMap<string, readonly string[]>): boolean {
    let lacking = this.lacking.get(tier ?? '');
    if (!lacking) {
      lacking = this.tiered
        .filter((t) => tier === undefined || !t.tiers.has(tier))
        .map((t) => t.name);
      this.lacking.set(tier ?? '', lacking);
    }
    return lacking.some((name) => placement.has(name));
  }
}

/** Every service the scenario places has the tier it picks, or it picks one where one is needed. */
export function checkTiers(
  d: ScenarioDraft,
  placement: ReadonlyMap<string, readonly string[]>,
  byName: ReadonlyMap<string, ServiceSpec>,
  problems: ProblemList,
): void {
  for (const name of placement.keys()) {
    const s = byName.get(name)!;
    for (const r of RESOURCES) {
      const e = s[r];
      if (!tiered(e) || (d.tier !== undefined && e.tiers.has(d.tier))) continue;
      const names = [...e.tiers.keys()];
      const from = [...e.tiers.values()].some((f) => f.defaulted) ? ' (from defaults)' : '';
      if (d.tier === undefined) {
        problems.add(
          problemAt(
            d.source,
            `scenario "${d.name}" names no tier, but the ${r} of "${name}"${from} is given per tier (${names.join(', ')}); add \`tier:\` to the scenario`,
          ),
        );
      } else if (!e.tiers.has(d.tier)) {
        problems.add(
          problemAt(
            e.source,
            `scenario "${d.name}" picks tier "${d.tier}", but the ${r} of "${name}"${from} has only ${names.map((n) => `"${n}"`).join(', ')}`,
          ),
        );
      }
    }
  }
}

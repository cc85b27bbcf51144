/**
 * The nearest lower tier that passes on the scenario's own hosts: only tiers every tiered
 * estimate of its services has (the check refuses any other), nearest first, each checked by
 * evaluating the scenario at it.
 */
import type { Advice } from './results.js';
import type { Demands } from './advice-amounts.js';
import type { Evaluator } from './evaluate.js';
import type { PlacedRows } from './placed.js';
import { RESOURCES } from '../shared/terms.js';
import type { ScenarioSpec, ServiceSpec } from './types.js';

/**
 * The tiers each service could be evaluated at: those every tiered estimate of it has, or
 * null when it has none. Equal lists are one list, so a scenario intersects few of them.
 */
class TierSets {
  private readonly lists: Array<readonly string[] | null | undefined> = [];
  private readonly interned = new Map<string, readonly string[]>();

  constructor(private readonly services: readonly ServiceSpec[]) {}

  of(i: number): readonly string[] | null {
    let list = this.lists[i];
    if (list === undefined) {
      let common: string[] | null = null;
      for (const r of RESOURCES) {
        const e = this.services[i]![r];
        if (e?.kind !== 'tiers') continue;
        common = common === null ? [...e.tiers.keys()] : common.filter((t) => e.tiers.has(t));
      }
      if (common !== null) {
        const key = common.join('\u0000');
        list = this.interned.get(key);
        if (!list) this.interned.set(key, (list = common));
      } else list = null;
      this.lists[i] = list;
    }
    return list;
  }
}

/** Tiers the scenario could pick: every tiered estimate of every placed service has them. */
function pickableTiers(rows: PlacedRows, tiers: TierSets): Set<string> | null {
  let common: string[] | null = null;
  const seen = new Set<readonly string[]>();
  for (let i = 0; i < rows.names.length; i++) {
    const list = tiers.of(rows.service[i]!);
    if (list === null || seen.has(list)) continue;
    seen.add(list);
    common = common === null ? [...list] : common.filter((t) => list.includes(t));
  }
  return common === null ? null : new Set(common);
}

export class TierAdvisor {
  private readonly tiers: TierSets;
  /** Pickable tiers and the worst-case memory of each, by the rows' services. */
  private readonly sizes = new WeakMap<Int32Array, Map<string, number> | null>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly demands: Demands,
    services: readonly ServiceSpec[],
  ) {
    this.tiers = new TierSets(services);
  }

  advice(spec: ScenarioSpec): Advice['tier'] {
    if (spec.tier === undefined) return null;
    const sizes = this.tierSizes(this.evaluator.rows(spec));
    if (!sizes) return null;
    const common = [...sizes.keys()];
    const size = (tier: string) => sizes.get(tier)!;
    const current = size(spec.tier);
    // Lower tiers, nearest first: the smallest step down that passes is the nearest way out.
    const lower = common
      .filter((t) => t !== spec.tier && size(t) < current)
      .sort((a, b) => size(b) - size(a));
    let warns: NonNullable<Advice['tier']> | null = null;
    for (const tier of lower) {
      const s = this.evaluator.run({ ...spec, tier }, { brief: true });
      const tried = { tier, verdict: s.verdict, minHeadroomPct: s.minHeadroomPct };
      if (s.verdict === 'pass') return tried;
      if (s.verdict === 'warn' && !warns) warns = tried;
    }
    return warns;
  }

  /** The memory each pickable tier asks for in the worst case, whatever the policy judges on. */
  private tierSizes(rows: PlacedRows): Map<string, number> | null {
    let sizes = this.sizes.get(rows.service);
    if (sizes !== undefined) return sizes;
    // A tier some tiered estimate lacks would be refused by the check itself: never offer it.
    const common = pickableTiers(rows, this.tiers);
    sizes = common && new Map<string, number>();
    for (const tier of common ?? []) {
      let sum = 0;
      for (let i = 0; i < rows.names.length; i++)
        sum += this.demands.at(rows.service[i]!, tier).worstMemory;
      sizes!.set(tier, sum);
    }
    this.sizes.set(rows.service, sizes);
    return sizes;
  }
}

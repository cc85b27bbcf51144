/**
 * What each service asks of a host under a tier, all replicas together, in base units: the
 * figures a scenario adds up. Worked out once per service and tier and kept, since a large
 * manifest places the same services in scenario after scenario.
 */
import { RESOURCES } from '../shared/terms.js';
import { isSteady, type Estimate, type Figure, type ServiceSpec } from './types.js';

/** A service's demand under one tier; index i of each list is RESOURCES[i]. */
export interface Sized {
  /** False for a one-shot container: it is gone by the steady state and counts nowhere. */
  steady: boolean;
  /** Bit i set when the service has a figure for RESOURCES[i]. */
  known: number;
  /** Bit i set when that figure is a `defaults:` entry. */
  defaulted: number;
  /** Best case (all lows) and worst case (all highs), times the replicas; 0 where unknown. */
  low: readonly number[];
  high: readonly number[];
}

/** The figure a service demands for one resource in a scenario's tier, per replica. */
export function figureFor(e: Estimate | undefined, tier: string | undefined): Figure | undefined {
  if (!e) return undefined;
  if (e.kind === 'figure') return e.figure;
  return tier === undefined ? undefined : e.tiers.get(tier);
}

/** Bit of a resource in `known`, `defaulted` and a host's declared resources. */
export function bit(r: number): number {
  return 1 << r;
}

/** A service's demand under a tier, worked out afresh. */
export function size(s: ServiceSpec, tier: string | undefined): Sized {
  const low = [0, 0, 0];
  const high = [0, 0, 0];
  let known = 0;
  let defaulted = 0;
  const steady = isSteady(s);
  if (steady) {
    for (let i = 0; i < RESOURCES.length; i++) {
      const r = RESOURCES[i]!;
      const f = figureFor(s[r], tier);
      if (!f) continue;
      known |= bit(i);
      if (f.defaulted) defaulted |= bit(i);
      // A product past 2^53 makes its scenario's total inexact, which is refused there.
      low[i] = f.low * s.replicas;
      high[i] = f.high * s.replicas;
    }
  }
  return { steady, known, defaulted, low, high };
}

/** Sized figures by tier and by index among the model's services, made on first use. */
export class DemandTable {
  private readonly byTier = new Map<string | undefined, Array<Sized | undefined>>();

  constructor(private readonly services: readonly ServiceSpec[]) {}

  /** The table of one tier, for a loop over many services. */
  tier(tier: string | undefined): (index: number) => Sized {
    let table = this.byTier.get(tier);
    if (!table) {
      table = new Array<Sized | undefined>(this.services.length);
      this.byTier.set(tier, table);
    }
    const t = table;
    return (i) => (t[i] ??= size(this.services[i]!, tier));
  }
}

/**
 * The amounts the advice packs and compares: each service's demand in the case the policy
 * judges (all replicas, in base units), and the room a host has for services before it
 * stops passing.
 */
import { figureFor } from './demand.js';
import { measurementFor } from './measured.js';
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import { isSteady, type HostSpec, type ServiceSpec } from './types.js';

export type Amounts = Record<ResourceName, number>;

export const zero = (): Amounts => ({ memory: 0, cpus: 0, disk: 0 });

/** A service's demand in the judged case, and its worst-case memory whatever is judged. */
export type Demand = Amounts & { worstMemory: number };

/**
 * The judged-case demand of one service (all replicas) under a tier, in base units; nothing
 * for a one-shot container, which is gone by the steady state.
 */
function demandOf(s: ServiceSpec, tier: string | undefined, judge: 'worst' | 'best'): Demand {
  const out: Demand = { ...zero(), worstMemory: 0 };
  if (!isSteady(s)) return out;
  for (const r of RESOURCES) {
    const f = figureFor(s[r], tier);
    if (f) out[r] = (judge === 'worst' ? f.high : f.low) * s.replicas;
  }
  out.worstMemory = (figureFor(s.memory, tier)?.high ?? 0) * s.replicas;
  // Sized by what it uses now, as the model sizes it, when it has no memory figure of its own.
  const measured = s.measured ? measurementFor(s, []) : undefined;
  const own = figureFor(s.memory, tier);
  if ((!own || own.defaulted) && measured) {
    out.memory = Math.round(measured.memory / measured.count) * s.replicas;
    out.worstMemory = out.memory;
  }
  return out;
}

/** demandOf in the judged case, worked out once per service and tier. */
export class Demands {
  private readonly byTier = new Map<string | undefined, Map<ServiceSpec, Demand>>();
  private readonly byIndex = new Map<string | undefined, Array<Demand | undefined>>();
  constructor(
    private readonly judge: 'worst' | 'best',
    private readonly services: readonly ServiceSpec[],
  ) {}

  of(s: ServiceSpec, tier: string | undefined): Demand {
    let table = this.byTier.get(tier);
    if (!table) this.byTier.set(tier, (table = new Map<ServiceSpec, Demand>()));
    let d = table.get(s);
    if (!d) table.set(s, (d = demandOf(s, tier, this.judge)));
    return d;
  }

  /** The same for the model's service at index i, looked up by position. */
  at(i: number, tier: string | undefined): Demand {
    let table = this.byIndex.get(tier);
    if (!table) this.byIndex.set(tier, (table = []));
    return (table[i] ??= this.of(this.services[i]!, tier));
  }
}

/**
 * Memory a host's snapshot counts as used that the given services account for: wherever
 * they are placed, the model counts them, so it is room on their host.
 */
export function measuredOn(
  host: HostSpec,
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
): number {
  if (!host.snapshot?.used.includes('memory')) return 0;
  let sum = 0;
  for (const n of names) {
    const m = services.get(n)!.measured?.find((x) => x.host === host.name);
    if (m) sum += m.memory;
  }
  return sum;
}

/** Room a host has for services before it stops passing: available minus the warn margin. */
export function room(host: HostSpec, r: ResourceName, warnPpm: number, margin: boolean): number {
  const capacity = host.capacity[r];
  if (capacity === undefined) return Infinity;
  const available = capacity - (host.used[r] ?? 0) - (host.reserve[r] ?? 0);
  // Headroom must stay at or above warn_below of capacity; round the margin up.
  const keep = margin ? Number((BigInt(capacity) * BigInt(warnPpm) + 999_999n) / 1_000_000n) : 0;
  return available - keep;
}

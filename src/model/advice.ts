/**
 * The nearest ways out of a failing scenario, computed rather than guessed: a lower tier that
 * passes on the same hosts; a placement of its services across the manifest's hosts that
 * passes (first-fit decreasing by worst-case memory, a compose project moving as a whole);
 * or, when none exists, how far the largest host falls short; and the smallest host that
 * would hold what each failing host carries with the policy's margin. Every suggestion is
 * checked by evaluating the scenario as it suggests, and dropped when that still fails.
 */
import type { Advice, HostNeeds, ScenarioReport } from './results.js';
import { getOwn, setOwn } from '../shared/records.js';
import { NANO } from '../units/parse.js';
import { addressesOverlap } from '../units/ports.js';
import { figureFor } from './demand.js';
import { Evaluator } from './evaluate.js';
import { measurementFor } from './measured.js';
import { FirstFitIndex } from './first-fit-index.js';
import { phaseStates } from './phases.js';
import { OneHostPlacement } from './one-host.js';
import type { PlacedRows } from './placed.js';
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import {
  isSteady,
  type CapacityModel,
  type HostSpec,
  type PublishedPort,
  type ScenarioSpec,
  type ServiceSpec,
} from './types.js';

export const PLACEMENT_HEURISTIC = 'first-fit decreasing by worst-case memory';

type Amounts = Record<ResourceName, number>;

const zero = (): Amounts => ({ memory: 0, cpus: 0, disk: 0 });

function toReport(r: ResourceName, v: number): number {
  return r === 'cpus' ? v / NANO : v;
}

/** A service's demand in the judged case, and its worst-case memory whatever is judged. */
type Demand = Amounts & { worstMemory: number };

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
class Demands {
  private readonly byTier = new Map<string | undefined, Map<ServiceSpec, Demand>>();
  private readonly byIndex = new Map<string | undefined, Array<Demand | undefined>>();
  constructor(
    private readonly judge: 'worst' | 'best',
    private readonly services: readonly ServiceSpec[],
  ) {}

  of(s: ServiceSpec, tier: string | undefined): Demand {
    let table = this.byTier.get(tier);
    if (!table) this.byTier.set(tier, (table = new Map()));
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
function measuredOn(
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
function room(host: HostSpec, r: ResourceName, warnPpm: number, margin: boolean): number {
  const capacity = host.capacity[r];
  if (capacity === undefined) return Infinity;
  const available = capacity - (host.used[r] ?? 0) - (host.reserve[r] ?? 0);
  // Headroom must stay at or above warn_below of capacity; round the margin up.
  const keep = margin ? Number((BigInt(capacity) * BigInt(warnPpm) + 999_999n) / 1_000_000n) : 0;
  return available - keep;
}

/** Every service a scenario places, whichever phases run it. */
function placedServices(spec: ScenarioSpec): readonly string[] {
  return spec.placement instanceof OneHostPlacement
    ? spec.placement.names
    : [...spec.placement.keys()];
}

/** The services of a scenario at its tightest point: the peak phase, or all when no phases. */
function peakServices(spec: ScenarioSpec, report: ScenarioReport): readonly string[] {
  if (spec.phases.length === 0) return placedServices(spec);
  // Phase names are unique within a scenario (the manifest refuses two of one name).
  const { states } = phaseStates(spec);
  const peak = states.find((s) => s.name === report.peakPhase) ?? states[states.length - 1]!;
  return [...peak.active];
}

/** What every piece of advice needs, built once per model. */
interface AdviceContext {
  model: CapacityModel;
  services: ReadonlyMap<string, ServiceSpec>;
  hosts: ReadonlyMap<string, HostSpec>;
  evaluator: Evaluator;
  demands: Demands;
  tiers: TierSets;
  /** The host with the most memory, the one `noPlacement` measures against. */
  largest: HostSpec | undefined;
  /**
   * Placement advice by tier and the services placed: scenarios that place the same services
   * in the same tier (one per candidate host, say) get the same answer, worked out once.
   */
  placements: Map<string, Pick<Advice, 'placement' | 'noPlacement'>>;
  /** The same, for the lists that one-host placements of every service share. */
  placementsByList: WeakMap<
    readonly string[],
    Map<string | undefined, Pick<Advice, 'placement' | 'noPlacement'>>
  >;
  /** Pickable tiers and the worst-case memory of each, by the rows' services. */
  tierSizes: WeakMap<Int32Array, Map<string, number> | null>;
}

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

function tierAdvice(
  { evaluator, demands, tiers, tierSizes }: AdviceContext,
  spec: ScenarioSpec,
): Advice['tier'] {
  if (spec.tier === undefined) return null;
  const rows = evaluator.rows(spec);
  let sizes = tierSizes.get(rows.service);
  if (sizes === undefined) {
    // A tier some tiered estimate lacks would be refused by the check itself: never offer it.
    const common = pickableTiers(rows, tiers);
    // The memory each tier asks for in the worst case, whatever the policy judges on.
    sizes = common && new Map();
    for (const tier of common ?? []) {
      let sum = 0;
      for (let i = 0; i < rows.names.length; i++)
        sum += demands.at(rows.service[i]!, tier).worstMemory;
      sizes!.set(tier, sum);
    }
    tierSizes.set(rows.service, sizes);
  }
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
    const s = evaluator.run({ ...spec, tier }, { brief: true });
    const tried = { tier, verdict: s.verdict, minHeadroomPct: s.minHeadroomPct };
    if (s.verdict === 'pass') return tried;
    if (s.verdict === 'warn' && !warns) warns = tried;
  }
  return warns;
}

/** Services that move together: a compose project (unless it may be split), or one service. */
interface Group {
  names: string[];
  demand: Amounts;
  ports: PublishedPort[];
  /** For ordering ties: the first name. */
  label: string;
}

const PROTOCOLS = { tcp: 0, udp: 1, sctp: 2 } as const;

/** The ports a host in the making already publishes, looked up by protocol and port. */
class BinPorts {
  private readonly single = new Map<number, PublishedPort[]>();
  private readonly ranges: PublishedPort[] = [];

  private static key(protocol: PublishedPort['protocol'], port: number): number {
    return PROTOCOLS[protocol] * 65_536 + port;
  }

  add(p: PublishedPort): void {
    if ((p.last ?? p.port) > p.port) {
      this.ranges.push(p);
      return;
    }
    const key = BinPorts.key(p.protocol, p.port);
    const list = this.single.get(key);
    if (list) list.push(p);
    else this.single.set(key, [p]);
  }

  clashes(p: PublishedPort): boolean {
    const last = p.last ?? p.port;
    const meets = (q: PublishedPort) =>
      q.protocol === p.protocol &&
      q.port <= last &&
      (q.last ?? q.port) >= p.port &&
      addressesOverlap(q.hostIp, p.hostIp);
    if (this.ranges.some(meets)) return true;
    if (last === p.port)
      return this.single.get(BinPorts.key(p.protocol, p.port))?.some(meets) ?? false;
    for (const list of this.single.values()) if (list.some(meets)) return true;
    return false;
  }
}

interface Bin {
  host: HostSpec;
  left: Amounts;
  ports: BinPorts;
  used: boolean;
}

function portsClash(bin: Bin, ports: readonly PublishedPort[]): boolean {
  return ports.some((p) => bin.ports.clashes(p));
}

function groupsOf(
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  demands: Demands,
): { groups: Group[]; globals: ServiceSpec[] } {
  const byKey = new Map<string, Group>();
  const groups: Group[] = [];
  const globals: ServiceSpec[] = [];
  for (const name of names) {
    const s = services.get(name)!;
    if (s.global) {
      globals.push(s);
      continue;
    }
    // A service of its own moves alone; only a project's services need gathering by key.
    const together = s.project !== undefined && !s.splittable;
    let g = together ? byKey.get(s.project!) : undefined;
    if (!g) {
      g = { names: [], demand: zero(), ports: [], label: name };
      if (together) byKey.set(s.project!, g);
      groups.push(g);
    }
    g.names.push(name);
    const d = demands.of(s, tier);
    for (const r of RESOURCES) g.demand[r] += d[r];
    if (isSteady(s)) for (const p of s.ports) g.ports.push(p);
  }
  return { groups, globals };
}

/**
 * First-fit decreasing: biggest worst-case memory first, into the first host with room. A
 * swarm global service runs on every host that gets services, so its share is set aside on
 * each host before anything else is placed.
 */
function firstFitDecreasing(
  model: CapacityModel,
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  margin: boolean,
  demands: Demands,
): Map<string, string[]> | null {
  const { groups, globals } = groupsOf(names, services, tier, demands);
  groups.sort(
    (a, b) =>
      b.demand.memory - a.demand.memory ||
      b.demand.cpus - a.demand.cpus ||
      // Code-point order: the same everywhere, and no locale data to load.
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  const globalDemand = zero();
  const globalPorts: PublishedPort[] = [];
  for (const s of globals) {
    const d = demands.of(s, tier);
    for (const r of RESOURCES) globalDemand[r] += d[r];
    if (isSteady(s)) for (const p of s.ports) globalPorts.push(p);
  }
  const bins: Bin[] = model.hosts.map((host) => {
    const ports = new BinPorts();
    for (const p of globalPorts) ports.add(p);
    return {
      host,
      left: {
        memory:
          room(host, 'memory', model.policy.warnBelowPpm, margin) +
          measuredOn(host, names, services) -
          globalDemand.memory,
        cpus: room(host, 'cpus', model.policy.warnBelowPpm, margin) - globalDemand.cpus,
        disk: room(host, 'disk', model.policy.warnBelowPpm, margin) - globalDemand.disk,
      },
      ports,
      used: false,
    };
  });
  // First fit through an index of each resource's room: the first host with room for all
  // three is where the three indices agree, each moving the search on past the hosts that
  // another lacks room in; then the ports are checked there.
  const index = {
    memory: new FirstFitIndex(bins.map((b) => b.left.memory)),
    cpus: new FirstFitIndex(bins.map((b) => b.left.cpus)),
    disk: new FirstFitIndex(bins.map((b) => b.left.disk)),
  };
  const placement = new Map<string, string[]>();
  for (const g of groups) {
    let at = -1;
    for (let i = 0; i >= 0 && at < 0;) {
      let agreed = true;
      for (const r of RESOURCES) {
        const j = index[r].first(i, g.demand[r]);
        if (j !== i) agreed = false;
        i = j;
        if (i < 0) break;
      }
      if (i < 0 || !agreed) continue;
      if (portsClash(bins[i]!, g.ports)) i++;
      else at = i;
    }
    if (at < 0) return null;
    const bin = bins[at]!;
    for (const r of RESOURCES) {
      bin.left[r] -= g.demand[r];
      index[r].set(at, bin.left[r]);
    }
    for (const p of g.ports) bin.ports.add(p);
    bin.used = true;
    // One list per host, shared by the services placed there: nothing changes it.
    const on = [bin.host.name];
    for (const name of g.names) placement.set(name, on);
  }
  const used = bins.filter((b) => b.used).map((b) => b.host.name);
  const globalHosts = used.length > 0 ? used : [bins[0]!.host.name];
  for (const s of globals) placement.set(s.name, globalHosts);
  return placement;
}

function placementAdvice(
  ctx: AdviceContext,
  spec: ScenarioSpec,
  names: readonly string[],
): Pick<Advice, 'placement' | 'noPlacement'> {
  const { model } = ctx;
  if (model.hosts.length < 2) return { placement: null, noPlacement: null };
  if (spec.placement instanceof OneHostPlacement && names === spec.placement.names) {
    let byTier = ctx.placementsByList.get(names);
    if (!byTier) ctx.placementsByList.set(names, (byTier = new Map()));
    let advice = byTier.get(spec.tier);
    if (!advice) byTier.set(spec.tier, (advice = findPlacement(ctx, spec, names)));
    return advice;
  }
  const key = `${spec.tier === undefined ? '' : `=${spec.tier}`}\u0000${names.join('\u0000')}`;
  let advice = ctx.placements.get(key);
  if (!advice) {
    advice = findPlacement(ctx, spec, names);
    ctx.placements.set(key, advice);
  }
  return advice;
}

/**
 * A placement of `names` across the hosts that does not fail, or how far the largest host
 * falls short of `peak` (the services at the scenario's tightest point). A placement is
 * offered as the scenario's own, so it places every service the scenario does, those a
 * later phase adds included, and it is checked with the scenario's phases: each phase must
 * hold on it. Packed all at once, it holds every phase by construction; the check says how
 * well.
 */
function findPlacement(
  { model, services, evaluator, demands, largest }: AdviceContext,
  spec: ScenarioSpec,
  names: readonly string[],
  peak: readonly string[] = names,
): Pick<Advice, 'placement' | 'noPlacement'> {
  for (const margin of [true, false]) {
    const placement = firstFitDecreasing(model, names, services, spec.tier, margin, demands);
    if (!placement) continue;
    const checked = evaluator.run({ ...spec, placement }, { brief: true });
    if (checked.verdict === 'fail') continue;
    // Keyed by host names, which may be any name (`constructor`, `__proto__`): set as own
    // entries, never looked up on the object's prototype.
    const hosts: Record<string, string[]> = {};
    for (const [service, on] of placement) {
      for (const host of on) {
        const list = getOwn(hosts, host);
        if (list) list.push(service);
        else setOwn(hosts, host, [service]);
      }
    }
    return {
      placement: { heuristic: PLACEMENT_HEURISTIC, hosts, verdict: checked.verdict },
      noPlacement: null,
    };
  }
  // No placement: say how far the largest host is from holding everything on its own.
  const total = zero();
  for (const n of peak) {
    const d = demands.of(services.get(n)!, spec.tier);
    for (const r of RESOURCES) total[r] += d[r];
  }
  const shortBy: Partial<Amounts> = {};
  for (const r of RESOURCES) {
    const freed = r === 'memory' ? measuredOn(largest!, peak, services) : 0;
    const left = room(largest!, r, model.policy.warnBelowPpm, false) + freed;
    if (left !== Infinity && total[r] > left) shortBy[r] = toReport(r, total[r] - left);
  }
  return {
    placement: null,
    noPlacement: { heuristic: PLACEMENT_HEURISTIC, largestHost: largest!.name, shortBy },
  };
}

/**
 * Capacity at which used + reserve + demand leaves warn_below of it free: C >= load / (1 - w),
 * for each failing host and each resource whose demand is known. The scenario is then
 * evaluated on hosts of those sizes; when it still fails (a port clash, say, which no size
 * fixes), no bigger host is offered, and the findings that fail it are named instead.
 */
function biggerHosts(
  { model, hosts, evaluator }: AdviceContext,
  spec: ScenarioSpec,
  report: ScenarioReport,
): Pick<Advice, 'smallestHost' | 'biggerHost'> {
  const keep = 1_000_000n - BigInt(model.policy.warnBelowPpm);
  const enlarged = new Map<string, HostSpec>();
  const smallestHost: HostNeeds[] = [];
  for (const h of report.hosts) {
    if (h.verdict !== 'fail') continue;
    const host = hosts.get(h.host)!;
    const needs: Partial<Amounts> = {};
    const capacity = { ...host.capacity };
    for (const r of RESOURCES) {
      const res = h.resources[r];
      if (res.verdict === 'unknown') continue;
      const demand =
        r === 'cpus'
          ? Math.round(res.demand[model.policy.judge] * NANO)
          : res.demand[model.policy.judge];
      // The scenario's used: a snapshot's, less what its placed services use now.
      const used = r === 'cpus' ? Math.round(res.used * NANO) : res.used;
      // Added as BigInts: each is exact, their sum may be past 2^53.
      const load = BigInt(used) + BigInt(host.reserve[r] ?? 0) + BigInt(demand);
      if (load === 0n) continue;
      const need = Number(keep === 0n ? load : (load * 1_000_000n + keep - 1n) / keep);
      needs[r] = toReport(r, need);
      if (capacity[r] !== undefined) capacity[r] = Math.max(capacity[r]!, need);
    }
    smallestHost.push({ host: h.host, needs });
    enlarged.set(h.host, { ...host, capacity });
  }
  if (smallestHost.length === 0) return { smallestHost, biggerHost: null };
  const resized = new Map<string, HostSpec>();
  for (const [name, host] of hosts) resized.set(name, enlarged.get(name) ?? host);
  const checked = evaluator.run(spec, { hosts: resized, brief: true });
  if (checked.verdict === 'fail') {
    const blockedBy = [
      ...new Set(checked.findings.filter((f) => f.level === 'fail').map((f) => f.code)),
    ];
    return { smallestHost: [], biggerHost: { verdict: 'fail', blockedBy } };
  }
  return { smallestHost, biggerHost: { verdict: checked.verdict, blockedBy: [] } };
}

/** Advice for a failing scenario; null for one that passes or warns. */
function advise(ctx: AdviceContext, spec: ScenarioSpec, report: ScenarioReport): Advice | null {
  if (report.verdict !== 'fail') return null;
  // A scenario with phases is placed as a whole and checked phase by phase: its advice is
  // its own, not shared through the caches of scenarios that run every service at once.
  const { placement, noPlacement } =
    spec.phases.length === 0
      ? placementAdvice(ctx, spec, placedServices(spec))
      : findPlacement(ctx, spec, placedServices(spec), peakServices(spec, report));
  return {
    tier: tierAdvice(ctx, spec),
    placement,
    noPlacement,
    ...biggerHosts(ctx, spec, report),
  };
}

/** Attaches advice to every failing scenario of a report made from `model`. */
export function withAdvice<T extends { scenarios: ScenarioReport[] }>(
  model: CapacityModel,
  report: T,
  evaluator: Evaluator = new Evaluator(model),
): T {
  const specs = new Map(model.scenarios.map((s) => [s.name, s]));
  let largest: HostSpec | undefined;
  for (const h of model.hosts)
    if (!largest || (h.capacity.memory ?? 0) > (largest.capacity.memory ?? 0)) largest = h;
  const ctx: AdviceContext = {
    model,
    services: new Map(model.services.map((s) => [s.name, s])),
    hosts: new Map(model.hosts.map((h) => [h.name, h])),
    evaluator,
    demands: new Demands(model.policy.judge, model.services),
    tiers: new TierSets(model.services),
    largest,
    placements: new Map(),
    placementsByList: new WeakMap(),
    tierSizes: new WeakMap(),
  };
  return {
    ...report,
    scenarios: report.scenarios.map((s) => {
      const spec = specs.get(s.name);
      return spec ? { ...s, advice: advise(ctx, spec, s) } : s;
    }),
  };
}

/**
 * The nearest ways out of a failing scenario, computed rather than guessed: a lower tier that
 * passes on the same hosts; a placement of its services across the manifest's hosts that
 * passes (first-fit decreasing by worst-case memory, a compose project moving as a whole);
 * or, when none exists, how far the largest host falls short; and the smallest host that
 * would hold what each failing host carries with the policy's margin. Every suggestion is
 * checked by evaluating the scenario as it suggests, and dropped when that still fails.
 */
import type { Advice, HostNeeds, ScenarioReport } from '../report/types.js';
import { NANO } from '../units/parse.js';
import { addressesOverlap } from '../units/ports.js';
import { figureFor, scenarioEvaluator } from './evaluate.js';
import { measurementFor } from './measured.js';
import { phaseStates } from './phases.js';
import {
  RESOURCES,
  isSteady,
  type CapacityModel,
  type HostSpec,
  type PublishedPort,
  type ResourceName,
  type ScenarioSpec,
  type ServiceSpec,
} from './types.js';

export const PLACEMENT_HEURISTIC = 'first-fit decreasing by worst-case memory';

type Amounts = Record<ResourceName, number>;

const zero = (): Amounts => ({ memory: 0, cpus: 0, disk: 0 });

function toReport(r: ResourceName, v: number): number {
  return r === 'cpus' ? v / NANO : v;
}

/**
 * The judged-case demand of one service (all replicas) under a tier, in base units; nothing
 * for a one-shot container, which is gone by the steady state.
 */
function demandOf(s: ServiceSpec, tier: string | undefined, judge: 'worst' | 'best'): Amounts {
  const out = zero();
  if (!isSteady(s)) return out;
  for (const r of RESOURCES) {
    const f = figureFor(s[r], tier);
    if (f) out[r] = (judge === 'worst' ? f.high : f.low) * s.replicas;
  }
  // Sized by what it uses now, as the model sizes it, when it has no memory figure of its own.
  const measured = s.measured ? measurementFor(s, []) : undefined;
  const own = figureFor(s.memory, tier);
  if ((!own || own.defaulted) && measured) {
    out.memory = Math.round(measured.memory / measured.count) * s.replicas;
  }
  return out;
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

/** The services of a scenario at its tightest point: the peak phase, or all when no phases. */
function peakServices(spec: ScenarioSpec, report: ScenarioReport): string[] {
  const { states } = phaseStates(spec);
  const peak = states.find((s) => s.name === report.peakPhase) ?? states[states.length - 1]!;
  return [...peak.active];
}

/** What every piece of advice needs, built once per model. */
interface AdviceContext {
  model: CapacityModel;
  services: ReadonlyMap<string, ServiceSpec>;
  run: (spec: ScenarioSpec) => ScenarioReport;
}

/** Tiers the scenario could pick: every tiered estimate of every placed service has them. */
function pickableTiers(placed: readonly ServiceSpec[]): Set<string> | null {
  const sets: Array<ReadonlySet<string>> = [];
  for (const s of placed) {
    for (const r of RESOURCES) {
      const e = s[r];
      if (e?.kind === 'tiers') sets.push(new Set(e.tiers.keys()));
    }
  }
  if (sets.length === 0) return null;
  return new Set([...sets[0]!].filter((t) => sets.every((set) => set.has(t))));
}

function tierAdvice({ services, run }: AdviceContext, spec: ScenarioSpec): Advice['tier'] {
  if (spec.tier === undefined) return null;
  const placed = [...spec.placement.keys()].map((n) => services.get(n)!);
  // A tier some tiered estimate lacks would be refused by the check itself: never offer it.
  const common = pickableTiers(placed);
  if (!common) return null;
  const size = (tier: string) =>
    placed.reduce((sum, s) => sum + demandOf(s, tier, 'worst').memory, 0);
  const current = size(spec.tier);
  // Lower tiers, nearest first: the smallest step down that passes is the nearest way out.
  const lower = [...common]
    .filter((t) => t !== spec.tier && size(t) < current)
    .sort((a, b) => size(b) - size(a));
  const tried = lower.map((tier) => {
    const s = run({ ...spec, tier });
    return { tier, verdict: s.verdict, minHeadroomPct: s.minHeadroomPct };
  });
  return tried.find((t) => t.verdict === 'pass') ?? tried.find((t) => t.verdict === 'warn') ?? null;
}

/** Services that move together: a compose project (unless it may be split), or one service. */
interface Group {
  names: string[];
  demand: Amounts;
  ports: PublishedPort[];
  /** For ordering ties: the first name. */
  label: string;
}

interface Bin {
  host: HostSpec;
  left: Amounts;
  ports: PublishedPort[];
  used: boolean;
}

function portsClash(bin: Bin, ports: readonly PublishedPort[]): boolean {
  return ports.some((p) =>
    bin.ports.some(
      (q) => q.port === p.port && q.protocol === p.protocol && addressesOverlap(q.hostIp, p.hostIp),
    ),
  );
}

function groupsOf(
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  judge: 'worst' | 'best',
): { groups: Group[]; globals: ServiceSpec[] } {
  const byKey = new Map<string, Group>();
  const globals: ServiceSpec[] = [];
  for (const name of names) {
    const s = services.get(name)!;
    if (s.global) {
      globals.push(s);
      continue;
    }
    const key =
      s.project !== undefined && !s.splittable
        ? `project\u0000${s.project}`
        : `service\u0000${name}`;
    let g = byKey.get(key);
    if (!g) {
      g = { names: [], demand: zero(), ports: [], label: name };
      byKey.set(key, g);
    }
    g.names.push(name);
    const d = demandOf(s, tier, judge);
    for (const r of RESOURCES) g.demand[r] += d[r];
    if (isSteady(s)) g.ports.push(...s.ports);
  }
  return { groups: [...byKey.values()], globals };
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
): Map<string, string[]> | null {
  const { groups, globals } = groupsOf(names, services, tier, model.policy.judge);
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
    const d = demandOf(s, tier, model.policy.judge);
    for (const r of RESOURCES) globalDemand[r] += d[r];
    if (isSteady(s)) globalPorts.push(...s.ports);
  }
  const bins: Bin[] = model.hosts.map((host) => ({
    host,
    left: {
      memory:
        room(host, 'memory', model.policy.warnBelowPpm, margin) +
        measuredOn(host, names, services) -
        globalDemand.memory,
      cpus: room(host, 'cpus', model.policy.warnBelowPpm, margin) - globalDemand.cpus,
      disk: room(host, 'disk', model.policy.warnBelowPpm, margin) - globalDemand.disk,
    },
    ports: [...globalPorts],
    used: false,
  }));
  const placement = new Map<string, string[]>();
  for (const g of groups) {
    const bin = bins.find(
      (b) => RESOURCES.every((r) => g.demand[r] <= b.left[r]) && !portsClash(b, g.ports),
    );
    if (!bin) return null;
    for (const r of RESOURCES) bin.left[r] -= g.demand[r];
    bin.ports.push(...g.ports);
    bin.used = true;
    for (const name of g.names) placement.set(name, [bin.host.name]);
  }
  const used = bins.filter((b) => b.used).map((b) => b.host.name);
  const globalHosts = used.length > 0 ? used : [bins[0]!.host.name];
  for (const s of globals) placement.set(s.name, globalHosts);
  return placement;
}

function placementAdvice(
  { model, services, run }: AdviceContext,
  spec: ScenarioSpec,
  names: readonly string[],
): Pick<Advice, 'placement' | 'noPlacement'> {
  if (model.hosts.length < 2) return { placement: null, noPlacement: null };
  for (const margin of [true, false]) {
    const placement = firstFitDecreasing(model, names, services, spec.tier, margin);
    if (!placement) continue;
    const checked = run({ ...spec, placement, phases: [] });
    if (checked.verdict === 'fail') continue;
    const hosts: Record<string, string[]> = {};
    for (const [service, on] of placement)
      for (const host of on) (hosts[host] ??= []).push(service);
    return {
      placement: { heuristic: PLACEMENT_HEURISTIC, hosts, verdict: checked.verdict },
      noPlacement: null,
    };
  }
  // No placement: say how far the largest host is from holding everything on its own.
  const largest = [...model.hosts].sort(
    (a, b) => (b.capacity.memory ?? 0) - (a.capacity.memory ?? 0),
  )[0]!;
  const total = zero();
  for (const n of names) {
    const d = demandOf(services.get(n)!, spec.tier, model.policy.judge);
    for (const r of RESOURCES) total[r] += d[r];
  }
  const shortBy: Partial<Amounts> = {};
  for (const r of RESOURCES) {
    const freed = r === 'memory' ? measuredOn(largest, names, services) : 0;
    const left = room(largest, r, model.policy.warnBelowPpm, false) + freed;
    if (left !== Infinity && total[r] > left) shortBy[r] = toReport(r, total[r] - left);
  }
  return {
    placement: null,
    noPlacement: { heuristic: PLACEMENT_HEURISTIC, largestHost: largest.name, shortBy },
  };
}

/**
 * Capacity at which used + reserve + demand leaves warn_below of it free: C >= load / (1 - w),
 * for each failing host and each resource whose demand is known. The scenario is then
 * evaluated on hosts of those sizes; when it still fails (a port clash, say, which no size
 * fixes), no bigger host is offered, and the findings that fail it are named instead.
 */
function biggerHosts(
  model: CapacityModel,
  spec: ScenarioSpec,
  report: ScenarioReport,
): Pick<Advice, 'smallestHost' | 'biggerHost'> {
  const hosts = new Map(model.hosts.map((h) => [h.name, h]));
  const keep = 1_000_000n - BigInt(model.policy.warnBelowPpm);
  const enlarged = new Map<string, HostSpec>();
  const smallestHost: HostNeeds[] = [];
  for (const h of report.hosts.filter((x) => x.verdict === 'fail')) {
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
      const load = BigInt(used + (host.reserve[r] ?? 0) + demand);
      if (load === 0n) continue;
      const need = Number(keep === 0n ? load : (load * 1_000_000n + keep - 1n) / keep);
      needs[r] = toReport(r, need);
      if (capacity[r] !== undefined) capacity[r] = Math.max(capacity[r]!, need);
    }
    smallestHost.push({ host: h.host, needs });
    enlarged.set(h.host, { ...host, capacity });
  }
  if (smallestHost.length === 0) return { smallestHost, biggerHost: null };
  const run = scenarioEvaluator({
    ...model,
    hosts: model.hosts.map((h) => enlarged.get(h.name) ?? h),
  });
  const checked = run(spec);
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
  const names = peakServices(spec, report);
  const { placement, noPlacement } = placementAdvice(ctx, spec, names);
  return {
    tier: tierAdvice(ctx, spec),
    placement,
    noPlacement,
    ...biggerHosts(ctx.model, spec, report),
  };
}

/** Attaches advice to every failing scenario of a report made from `model`. */
export function withAdvice<T extends { scenarios: ScenarioReport[] }>(
  model: CapacityModel,
  report: T,
): T {
  const specs = new Map(model.scenarios.map((s) => [s.name, s]));
  const ctx: AdviceContext = {
    model,
    services: new Map(model.services.map((s) => [s.name, s])),
    run: scenarioEvaluator(model),
  };
  return {
    ...report,
    scenarios: report.scenarios.map((s) => {
      const spec = specs.get(s.name);
      return spec ? { ...s, advice: advise(ctx, spec, s) } : s;
    }),
  };
}

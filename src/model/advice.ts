/**
 * The nearest ways out of a failing scenario, computed rather than guessed: a lower tier that
 * passes on the same hosts; a placement of its services across the manifest's hosts that
 * passes (first-fit decreasing by worst-case memory); or, when none exists, how far the
 * largest host falls short; and the smallest host that would hold what each failing host
 * carries with the policy's margin.
 */
import type { Advice, HostNeeds, ScenarioReport } from '../report/types.js';
import { NANO } from '../units/parse.js';
import { addressesOverlap } from '../units/ports.js';
import { figureFor, scenarioEvaluator } from './evaluate.js';
import { measurementFor } from './measured.js';
import { phaseStates } from './phases.js';
import {
  RESOURCES,
  type CapacityModel,
  type HostSpec,
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

/** The judged-case demand of one service (all replicas) under a tier, in base units. */
function demandOf(s: ServiceSpec, tier: string | undefined, judge: 'worst' | 'best'): Amounts {
  const out = zero();
  for (const r of RESOURCES) {
    const f = figureFor(s[r], tier);
    if (f) out[r] = (judge === 'worst' ? f.high : f.low) * s.replicas;
  }
  // Sized by what it uses now, as the model sizes it, when it has no memory figure.
  const measured = s.measured ? measurementFor(s, '') : undefined;
  if (!figureFor(s.memory, tier) && measured) {
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

function tierAdvice({ services, run }: AdviceContext, spec: ScenarioSpec): Advice['tier'] {
  if (spec.tier === undefined) return null;
  const placed = [...spec.placement.keys()].map((n) => services.get(n)!);
  const tiered = placed.filter((s) => RESOURCES.some((r) => s[r]?.kind === 'tiers'));
  // Tiers every tiered service of the scenario has.
  const tiersOf = (s: ServiceSpec): Set<string> => {
    const out = new Set<string>();
    for (const r of RESOURCES) {
      const e = s[r];
      if (e?.kind === 'tiers') for (const t of e.tiers.keys()) out.add(t);
    }
    return out;
  };
  const common = tiered
    .map(tiersOf)
    .reduce<Set<string> | null>(
      (acc, set) => (acc === null ? set : new Set([...acc].filter((t) => set.has(t)))),
      null,
    );
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

interface Bin {
  host: HostSpec;
  left: Amounts;
  services: string[];
  ports: Array<{ port: number; protocol: string; ip: string }>;
}

function portsClash(bin: Bin, s: ServiceSpec): boolean {
  return s.ports.some((p) =>
    bin.ports.some(
      (q) => q.port === p.port && q.protocol === p.protocol && addressesOverlap(q.ip, p.hostIp),
    ),
  );
}

/** First-fit decreasing: biggest worst-case memory first, into the first host with room. */
function firstFitDecreasing(
  model: CapacityModel,
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  margin: boolean,
): Map<string, string> | null {
  const items = names
    .map((n) => ({ s: services.get(n)!, d: demandOf(services.get(n)!, tier, model.policy.judge) }))
    .sort(
      (a, b) =>
        b.d.memory - a.d.memory ||
        b.d.cpus - a.d.cpus ||
        // Code-point order: the same everywhere, and no locale data to load.
        (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0),
    );
  const bins: Bin[] = model.hosts.map((host) => ({
    host,
    left: {
      memory:
        room(host, 'memory', model.policy.warnBelowPpm, margin) + measuredOn(host, names, services),
      cpus: room(host, 'cpus', model.policy.warnBelowPpm, margin),
      disk: room(host, 'disk', model.policy.warnBelowPpm, margin),
    },
    services: [],
    ports: [],
  }));
  const placement = new Map<string, string>();
  for (const { s, d } of items) {
    const bin = bins.find((b) => RESOURCES.every((r) => d[r] <= b.left[r]) && !portsClash(b, s));
    if (!bin) return null;
    for (const r of RESOURCES) bin.left[r] -= d[r];
    bin.services.push(s.name);
    bin.ports.push(...s.ports.map((p) => ({ port: p.port, protocol: p.protocol, ip: p.hostIp })));
    placement.set(s.name, bin.host.name);
  }
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
    for (const [service, host] of placement) (hosts[host] ??= []).push(service);
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

/** Capacity at which used + reserve + demand leaves warn_below of it free: C >= load / (1 - w). */
function smallestHosts(
  model: CapacityModel,
  spec: ScenarioSpec,
  report: ScenarioReport,
): HostNeeds[] {
  const hosts = new Map(model.hosts.map((h) => [h.name, h]));
  const keep = 1_000_000n - BigInt(model.policy.warnBelowPpm);
  return report.hosts
    .filter((h) => h.verdict === 'fail')
    .map((h) => {
      const host = hosts.get(h.host)!;
      const needs: Partial<Amounts> = {};
      for (const r of RESOURCES) {
        const res = h.resources[r];
        const demand =
          r === 'cpus'
            ? Math.round(res.demand[model.policy.judge] * NANO)
            : res.demand[model.policy.judge];
        // The scenario's used: a snapshot's, less what its placed services use now.
        const used = r === 'cpus' ? Math.round(res.used * NANO) : res.used;
        const load = BigInt(used + (host.reserve[r] ?? 0) + demand);
        if (load === 0n) continue;
        needs[r] = toReport(r, Number(keep === 0n ? load : (load * 1_000_000n + keep - 1n) / keep));
      }
      return { host: h.host, needs };
    });
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
    smallestHost: smallestHosts(ctx.model, spec, report),
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

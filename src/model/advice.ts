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
import { Demands, measuredOn, room, zero, type Amounts } from './advice-amounts.js';
import { Evaluator } from './evaluate.js';
import { firstFitDecreasing } from './first-fit-placement.js';
import { phaseStates } from './phases.js';
import { inReportUnits } from './report-units.js';
import { OneHostPlacement } from './one-host.js';
import { TierAdvisor } from './tier-advice.js';
import { RESOURCES } from '../shared/terms.js';
import type { CapacityModel, HostSpec, ScenarioSpec, ServiceSpec } from './types.js';

export const PLACEMENT_HEURISTIC = 'first-fit decreasing by worst-case memory';

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
  tiers: TierAdvisor;
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
    if (!byTier)
      ctx.placementsByList.set(
        names,
        (byTier = new Map<string | undefined, Pick<Advice, 'placement' | 'noPlacement'>>()),
      );
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
    if (left !== Infinity && total[r] > left) shortBy[r] = inReportUnits(r, total[r] - left);
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
      needs[r] = inReportUnits(r, need);
      if (capacity[r] !== undefined) capacity[r] = Math.max(capacity[r], need);
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
    tier: ctx.tiers.advice(spec),
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
  const demands = new Demands(model.policy.judge, model.services);
  const ctx: AdviceContext = {
    model,
    services: new Map(model.services.map((s) => [s.name, s])),
    hosts: new Map(model.hosts.map((h) => [h.name, h])),
    evaluator,
    demands,
    tiers: new TierAdvisor(evaluator, demands, model.services),
    largest,
    placements: new Map(),
    placementsByList: new WeakMap(),
  };
  return {
    ...report,
    scenarios: report.scenarios.map((s) => {
      const spec = specs.get(s.name);
      return spec ? { ...s, advice: advise(ctx, spec, s) } : s;
    }),
  };
}

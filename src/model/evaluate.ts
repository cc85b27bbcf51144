/**
 * The capacity model. For each scenario, each state of its rollout, each host it uses and
 * each resource: available = capacity - used - reserve; demand = the sum over placed
 * services (times replicas) with all lows (best case) and all highs (worst case);
 * headroom = available - demand. Integers throughout (bytes, nanocores), so a verdict at
 * the edge of a threshold is decided exactly.
 */
import { InputError } from '../errors.js';
import type {
  CostReport,
  HostReport,
  Pair,
  PhaseReport,
  Report,
  ResourceReport,
  ScenarioReport,
  ServiceReport,
  SourceRef,
} from '../report/types.js';
import { REPORT_VERSION } from '../report/types.js';
import { formatBytes } from '../units/format.js';
import { NANO } from '../units/parse.js';
import { addressesOverlap } from '../units/ports.js';
import { measuredView, measurementFor } from './measured.js';
import { phaseStates, type PhaseState } from './phases.js';
import {
  RESOURCES,
  isSteady,
  type CapacityModel,
  type Estimate,
  type Figure,
  type Finding,
  type HostSpec,
  type Level,
  type Measurement,
  type Policy,
  type ResourceName,
  type ScenarioSpec,
  type ServiceSpec,
  type Source,
  type Verdict,
} from './types.js';

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(...verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}

/** The verdict a finding of this level imposes on its scenario. */
export function levelVerdict(level: Level): Verdict {
  return level === 'fail' ? 'fail' : level === 'warn' ? 'warn' : 'pass';
}

/** Exact: warn when headroom / capacity < warnBelow, compared without division. */
export function judge(headroom: number, capacity: number, warnBelowPpm: number): Verdict {
  if (headroom < 0) return 'fail';
  if (BigInt(headroom) * 1_000_000n < BigInt(warnBelowPpm) * BigInt(capacity)) return 'warn';
  return 'pass';
}

/** Headroom as a percentage of capacity, to two decimals, as every report shows it. */
export function pct(headroom: number, capacity: number): number {
  if (capacity === 0) return headroom === 0 ? 0 : -100;
  return Math.round((headroom / capacity) * 10_000) / 100;
}

/** A sum of figures, refused (at the scenario that adds them up) once it is no longer exact. */
function checkedSum(a: number, b: number, at: Source, what: () => string): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) {
    throw new InputError([
      {
        file: at.file,
        line: at.line,
        column: at.column,
        path: at.path,
        message: `${what()} is too large to count exactly (over 2^53 - 1)`,
      },
    ]);
  }
  return s;
}

/** The figure a service demands for one resource in a scenario's tier, per replica. */
export function figureFor(e: Estimate | undefined, tier: string | undefined): Figure | undefined {
  if (!e) return undefined;
  if (e.kind === 'figure') return e.figure;
  return tier === undefined ? undefined : e.tiers.get(tier);
}

/** Base units to report units: nanocores become cores. */
function out(resource: ResourceName, v: number): number {
  return resource === 'cpus' ? v / NANO : v;
}

function outPair(resource: ResourceName, p: Pair): Pair {
  return { best: out(resource, p.best), worst: out(resource, p.worst) };
}

function ref(s: Source | undefined): SourceRef | undefined {
  if (!s) return undefined;
  return { file: s.file, ...(s.line !== undefined ? { line: s.line, column: s.column } : {}) };
}

function figureRef(f: Figure): SourceRef {
  return { ...ref(f.source)!, ...(f.defaulted ? { kind: 'defaults' as const } : {}) };
}

/** Every (service, host) pair of a state: a global service runs once on each of its hosts. */
function* placed(
  active: Iterable<string>,
  scenario: Pick<ScenarioSpec, 'placement'>,
): Generator<[string, string]> {
  for (const name of active) for (const host of scenario.placement.get(name)!) yield [name, host];
}

function finding(level: Level, code: string, message: string, at?: Source): Finding {
  return {
    level,
    code,
    message,
    ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
  };
}

/** What the steady services on one host ask for, and how much of it is known. */
interface HostState {
  demand: Record<ResourceName, Pair>;
  unestimated: Record<ResourceName, string[]>;
  defaulted: Record<ResourceName, string[]>;
  estimated: Record<ResourceName, number>;
}

function emptyState(): HostState {
  return {
    demand: {
      memory: { best: 0, worst: 0 },
      cpus: { best: 0, worst: 0 },
      disk: { best: 0, worst: 0 },
    },
    unestimated: { memory: [], cpus: [], disk: [] },
    defaulted: { memory: [], cpus: [], disk: [] },
    estimated: { memory: 0, cpus: 0, disk: 0 },
  };
}

interface ResourceEval {
  demand: Pair;
  headroom: Pair | null;
  headroomPct: Pair | null;
  verdict: ResourceReport['verdict'];
  /** Judged headroom in base units (for picking the peak), Infinity when not declared. */
  judged: number;
}

export interface EvaluateOptions {
  /** Only these scenarios (names); all when undefined. */
  scenarios?: readonly string[];
}

/** Evaluates scenarios of one model; the lookups are built once and shared by every call. */
export function scenarioEvaluator(model: CapacityModel): (spec: ScenarioSpec) => ScenarioReport {
  const hosts = new Map(model.hosts.map((h) => [h.name, h]));
  const services = new Map(model.services.map((s) => [s.name, s]));
  return (spec) => evaluateScenario(spec, hosts, services, model.policy);
}

export function evaluate(model: CapacityModel, options: EvaluateOptions = {}): Report {
  const selected = options.scenarios
    ? model.scenarios.filter((s) => options.scenarios!.includes(s.name))
    : model.scenarios;

  const scenarios = selected.map(scenarioEvaluator(model));
  // Scenarios asked for by name count whether required or not: asking is wanting the answer.
  const required = options.scenarios ? scenarios : scenarios.filter((s) => s.required);
  const globalVerdict = worst(...model.findings.map((f) => levelVerdict(f.level)));
  const mins = required.map((s) => s.minHeadroomPct).filter((x): x is number => x !== null);

  return {
    version: REPORT_VERSION,
    manifest: model.file,
    verdict: worst(globalVerdict, ...required.map((s) => s.verdict)),
    units: model.policy.units,
    policy: {
      warnBelowPct: model.policy.warnBelowPpm / 10_000,
      judge: model.policy.judge,
      unestimated: model.policy.unestimated,
    },
    scenarios,
    findings: [...model.findings],
    minHeadroomPct: mins.length > 0 ? Math.min(...mins) : null,
    cheapest: cheapest(scenarios),
  };
}

function hostState(
  active: Iterable<string>,
  scenario: ScenarioSpec,
  services: ReadonlyMap<string, ServiceSpec>,
): Map<string, HostState> {
  const byHost = new Map<string, HostState>();
  for (const [name, host] of placed(active, scenario)) {
    const s = services.get(name)!;
    // A one-shot container has exited by the time the steady state is reached.
    if (!isSteady(s)) continue;
    let st = byHost.get(host);
    if (!st) {
      st = emptyState();
      byHost.set(host, st);
    }
    for (const r of RESOURCES) {
      const f = figureFor(s[r], scenario.tier);
      if (!f) {
        st.unestimated[r].push(name);
        continue;
      }
      st.estimated[r]++;
      if (f.defaulted) st.defaulted[r].push(name);
      const what = (): string =>
        `the total ${r === 'cpus' ? 'CPU' : r} demand on "${host}" in scenario "${scenario.name}"`;
      st.demand[r].best = checkedSum(st.demand[r].best, f.low * s.replicas, scenario.source, what);
      st.demand[r].worst = checkedSum(
        st.demand[r].worst,
        f.high * s.replicas,
        scenario.source,
        what,
      );
    }
  }
  return byHost;
}

function evalResource(
  host: HostSpec,
  r: ResourceName,
  hs: HostState,
  policy: Policy,
): ResourceEval {
  const demand = hs.demand[r];
  const capacity = host.capacity[r];
  if (capacity === undefined) {
    return { demand, headroom: null, headroomPct: null, verdict: 'not-declared', judged: Infinity };
  }
  const available = capacity - (host.used[r] ?? 0) - (host.reserve[r] ?? 0);
  // Services run here and none has a figure: the demand is unknown, so is the headroom. (When
  // what is set aside already exceeds the host, it fails whatever the services need.)
  if (hs.estimated[r] === 0 && hs.unestimated[r].length > 0 && available >= 0) {
    return { demand, headroom: null, headroomPct: null, verdict: 'unknown', judged: Infinity };
  }
  const headroom = { best: available - demand.best, worst: available - demand.worst };
  const judged = policy.judge === 'worst' ? headroom.worst : headroom.best;
  return {
    demand,
    headroom,
    headroomPct: { best: pct(headroom.best, capacity), worst: pct(headroom.worst, capacity) },
    verdict: judge(judged, capacity, policy.warnBelowPpm),
    judged,
  };
}

const EMPTY_STATE: HostState = emptyState();

function judgedVerdicts(verdicts: readonly ResourceReport['verdict'][]): Verdict[] {
  return verdicts.filter((v): v is Verdict => v !== 'not-declared' && v !== 'unknown');
}

function evaluateScenario(
  scenario: ScenarioSpec,
  modelHosts: ReadonlyMap<string, HostSpec>,
  modelServices: ReadonlyMap<string, ServiceSpec>,
  policy: Policy,
): ScenarioReport {
  // What host snapshots measured, as this placement sees it.
  const view = measuredView(scenario, modelHosts, modelServices, policy, (s) =>
    figureFor(s.memory, scenario.tier),
  );
  const { hosts, services } = view;
  const { states } = phaseStates(scenario);
  const usedHosts = orderedHosts(scenario, hosts);
  const findings: Finding[] = [...view.findings];

  // Per state: resource evaluations per host, and port conflicts.
  const perState = states.map((state) => {
    const st = hostState(state.active, scenario, services);
    const evals = new Map<string, Record<ResourceName, ResourceEval>>();
    for (const host of usedHosts) {
      const hs = st.get(host.name) ?? EMPTY_STATE;
      evals.set(host.name, {
        memory: evalResource(host, 'memory', hs, policy),
        cpus: evalResource(host, 'cpus', hs, policy),
        disk: evalResource(host, 'disk', hs, policy),
      });
    }
    const conflicts = portConflicts(state, scenario, services);
    return { state, st, evals, conflicts };
  });

  // Port conflicts, reported once per pair however many phases they span.
  const seenConflicts = new Set<string>();
  for (const ps of perState) {
    for (const c of ps.conflicts) {
      if (seenConflicts.has(c.key)) continue;
      seenConflicts.add(c.key);
      const phase =
        states.length > 1
          ? ` (from ${ps.state.name === 'initial' ? 'the start' : ps.state.name})`
          : '';
      findings.push(finding('fail', 'port-conflict', c.message + phase, c.at));
    }
  }

  // Services with no figure for a resource their host declares, and compose services with no cap.
  const placedOn = new Map<string, string[]>();
  for (const [name, host] of placed(scenario.placement.keys(), scenario)) {
    const list = placedOn.get(host);
    if (list) list.push(name);
    else placedOn.set(host, [name]);
  }
  for (const [name, hostNames] of scenario.placement) {
    const s = services.get(name)!;
    if (!isSteady(s)) continue;
    const declared = (r: ResourceName) =>
      hostNames.some((h) => hosts.get(h)!.capacity[r] !== undefined);
    const missing = RESOURCES.filter((r) => declared(r) && !figureFor(s[r], scenario.tier));
    const where = hostNames.map((h) => `"${h}"`).join(' and ');
    if (missing.includes('memory') && s.origin === 'compose') {
      findings.push(
        finding(
          policy.unestimated,
          'unbounded',
          `"${name}" has no memory limit or reservation in its compose file and no estimate in the manifest: nothing caps its memory, so it is counted as 0`,
          s.source,
        ),
      );
    }
    const rest = s.origin === 'compose' ? missing.filter((r) => r !== 'memory') : missing;
    if (rest.length > 0) {
      findings.push(
        finding(
          policy.unestimated,
          'unestimated',
          `"${name}" has no ${rest.join(' or ')} figure${scenario.tier && hasTiers(s) ? ` for tier "${scenario.tier}"` : ''}, so it is counted as 0 on ${where}`,
          s.source,
        ),
      );
    }
    const limit = s.memoryLimit;
    const mem = figureFor(s.memory, scenario.tier);
    if (limit && mem && mem.high > limit.high) {
      findings.push(
        finding(
          'warn',
          'exceeds-limit',
          `the estimate of "${name}"${scenario.tier && s.memory?.kind === 'tiers' ? ` for tier "${scenario.tier}"` : ''} (${formatBytes(mem.high, policy.units)}) is above its compose memory limit (${formatBytes(limit.high, policy.units)}${limit.source.line ? `, ${limit.source.file}:${limit.source.line}` : ''}): the container would be killed at its limit before reaching it`,
          mem.source,
        ),
      );
    }
  }

  // The peak of each host and resource over the states.
  const multi = states.length > 1;
  const hostReports: HostReport[] = usedHosts.map((host) => {
    const resources = {} as Record<ResourceName, ResourceReport>;
    for (const r of RESOURCES) {
      let peak = perState[0]!;
      for (const ps of perState)
        if (ps.evals.get(host.name)![r].judged < peak.evals.get(host.name)![r].judged) peak = ps;
      const e = peak.evals.get(host.name)![r];
      const capacity = host.capacity[r];
      const used = host.used[r] ?? 0;
      const reserve = host.reserve[r] ?? 0;
      const hs = peak.st.get(host.name) ?? EMPTY_STATE;
      resources[r] = {
        declared: capacity !== undefined,
        capacity: capacity === undefined ? null : out(r, capacity),
        used: out(r, used),
        reserve: out(r, reserve),
        available: capacity === undefined ? null : out(r, capacity - used - reserve),
        demand: outPair(r, e.demand),
        headroom: e.headroom ? outPair(r, e.headroom) : null,
        headroomPct: e.headroomPct,
        verdict: e.verdict,
        unestimated: capacity === undefined ? [] : [...hs.unestimated[r]],
        estimated: hs.estimated[r],
        defaulted: [...hs.defaulted[r]],
        peakPhase: multi ? peak.state.name : null,
      };
    }
    const verdict = worst(...judgedVerdicts(RESOURCES.map((r) => resources[r].verdict)));
    return {
      host: host.name,
      verdict,
      resources,
      services: (placedOn.get(host.name) ?? []).map((n) =>
        serviceReport(services.get(n)!, scenario.tier, host.name, view.sized.get(n)),
      ),
      ...(host.snapshot
        ? {
            snapshot: {
              file: host.snapshot.file,
              taken: host.snapshot.taken,
              capacity: [...host.snapshot.capacity],
              used: [...host.snapshot.used],
              measuredOut: { memory: view.takenOut.get(host.name) ?? 0 },
            },
          }
        : {}),
    };
  });

  const phases: PhaseReport[] = multi
    ? perState.map((ps) => {
        const hostsOut = usedHosts.map((host) => {
          const ev = ps.evals.get(host.name)!;
          const resources = {} as PhaseReport['hosts'][number]['resources'];
          for (const r of RESOURCES) {
            resources[r] = {
              demand: outPair(r, ev[r].demand),
              headroom: ev[r].headroom ? outPair(r, ev[r].headroom!) : null,
              headroomPct: ev[r].headroomPct,
              verdict: ev[r].verdict,
            };
          }
          const verdict = worst(...judgedVerdicts(RESOURCES.map((r) => ev[r].verdict)));
          return { host: host.name, verdict, resources };
        });
        const conflictVerdict: Verdict = ps.conflicts.length > 0 ? 'fail' : 'pass';
        return {
          name: ps.state.name,
          index: ps.state.index,
          verdict: worst(conflictVerdict, ...hostsOut.map((h) => h.verdict)),
          services: [...ps.state.active],
          hosts: hostsOut,
        };
      })
    : [];

  const nothingJudged = notJudged(scenario, hostReports, services, policy);
  if (nothingJudged) findings.push(nothingJudged);

  const verdict = worst(
    ...hostReports.map((h) => h.verdict),
    ...findings.map((f) => levelVerdict(f.level)),
  );
  const minPcts = hostReports
    .flatMap((h) => RESOURCES.map((r) => h.resources[r].headroomPct?.worst))
    .filter((x): x is number => x !== undefined);

  return {
    name: scenario.name,
    verdict,
    required: scenario.required,
    tier: scenario.tier ?? null,
    hosts: hostReports,
    phases,
    peakPhase: multi ? peakPhase(phases) : null,
    firstFailPhase: multi ? (phases.find((p) => p.verdict === 'fail')?.name ?? null) : null,
    findings,
    cost: scenarioCost(usedHosts),
    minHeadroomPct: minPcts.length > 0 ? Math.min(...minPcts) : null,
    advice: null,
  };
}

/**
 * A scenario that runs services but could judge none of its hosts' resources (none declared,
 * or none with a figure) has not passed: it warns (fails, when the policy fails unestimated
 * services) rather than show a pass nobody computed.
 */
function notJudged(
  scenario: ScenarioSpec,
  hostReports: readonly HostReport[],
  services: ReadonlyMap<string, ServiceSpec>,
  policy: Policy,
): Finding | null {
  const steady = [...scenario.placement.keys()].some((n) => isSteady(services.get(n)!));
  if (!steady) return null;
  const judged = hostReports.some(
    (h) => judgedVerdicts(RESOURCES.map((r) => h.resources[r].verdict)).length > 0,
  );
  if (judged) return null;
  const declares = hostReports.some((h) => RESOURCES.some((r) => h.resources[r].declared));
  return finding(
    policy.unestimated === 'fail' ? 'fail' : 'warn',
    'not-judged',
    declares
      ? `nothing in scenario "${scenario.name}" could be judged: no service it places has a figure for a resource its host declares`
      : `nothing in scenario "${scenario.name}" could be judged: its hosts declare no memory, CPU or disk`,
    scenario.source,
  );
}

function hasTiers(s: ServiceSpec): boolean {
  return RESOURCES.some((r) => s[r]?.kind === 'tiers');
}

/** Hosts a scenario places services on, in the manifest's order. */
function orderedHosts(scenario: ScenarioSpec, hosts: ReadonlyMap<string, HostSpec>): HostSpec[] {
  const used = new Set([...scenario.placement.values()].flat());
  return [...hosts.values()].filter((h) => used.has(h.name));
}

/** The phase with the worst verdict, and among those the least headroom. */
function peakPhase(phases: PhaseReport[]): string | null {
  let best: { name: string; rank: number; min: number } | null = null;
  for (const p of phases) {
    const min = Math.min(
      ...p.hosts.flatMap((h) =>
        RESOURCES.map((r) => h.resources[r].headroomPct?.worst ?? Infinity),
      ),
    );
    const rank = RANK[p.verdict];
    if (!best || rank > best.rank || (rank === best.rank && min < best.min))
      best = { name: p.name, rank, min };
  }
  return best?.name ?? null;
}

function serviceReport(
  s: ServiceSpec,
  tier: string | undefined,
  host: string,
  sizedBy: Measurement | undefined,
): ServiceReport {
  const pair = (r: ResourceName): Pair | null => {
    const f = figureFor(s[r], tier);
    return f ? outPair(r, { best: f.low * s.replicas, worst: f.high * s.replicas }) : null;
  };
  const sources: ServiceReport['sources'] = { service: ref(s.source)! };
  for (const r of RESOURCES) {
    const f = figureFor(s[r], tier);
    if (f) sources[r] = figureRef(f);
  }
  if (s.replicasSource) sources.replicas = ref(s.replicasSource)!;
  if (s.memoryLimit) sources.memoryLimit = ref(s.memoryLimit.source)!;
  if (s.refinedBy) sources.refinedBy = ref(s.refinedBy)!;
  if (s.oneshot?.value) sources.oneshot = ref(s.oneshot.source)!;
  if (s.global) sources.global = ref(s.global)!;
  if (sizedBy) sources.memory = { ...ref(sizedBy.source)!, kind: 'snapshot', taken: sizedBy.taken };
  const measured = s.measured ? measurementFor(s, [host]) : undefined;
  if (measured)
    sources.measured = { ...ref(measured.source)!, kind: 'snapshot', taken: measured.taken };
  return {
    name: s.name,
    origin: s.origin,
    replicas: s.replicas,
    memory: pair('memory'),
    cpus: pair('cpus'),
    disk: pair('disk'),
    ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol, hostIp: p.hostIp })),
    sources,
    memoryLimit: s.memoryLimit ? s.memoryLimit.high : null,
    oneshot: s.oneshot?.value
      ? { reason: s.oneshot.reason, waitedOnBy: s.oneshot.waitedOnBy ?? null }
      : null,
    global: s.global !== undefined,
    ...(measured ? { measured: { memory: measured.memory } } : {}),
  };
}

interface Conflict {
  key: string;
  message: string;
  at: Source;
}

/** Two services on one host publishing the same port and protocol on overlapping addresses. */
function portConflicts(
  state: PhaseState,
  scenario: ScenarioSpec,
  services: ReadonlyMap<string, ServiceSpec>,
): Conflict[] {
  const taken = new Map<string, Array<{ service: string; ip: string; source: Source }>>();
  const conflicts: Conflict[] = [];
  for (const [name, host] of placed(state.active, scenario)) {
    const s = services.get(name)!;
    // A one-shot container has exited, and freed its ports, before the steady state.
    if (!isSteady(s)) continue;
    for (const p of s.ports) {
      const key = `${host}\u0000${p.protocol}\u0000${p.port}`;
      const list = taken.get(key) ?? [];
      for (const other of list) {
        if (other.service === name || !addressesOverlap(other.ip, p.hostIp)) continue;
        conflicts.push({
          key: [other.service, name].sort().join('\u0000') + key,
          message: `"${other.service}" and "${name}" both publish ${p.protocol} port ${p.port} on host "${host}"`,
          at: p.source,
        });
      }
      list.push({ service: name, ip: p.hostIp, source: p.source });
      taken.set(key, list);
      if (s.replicas > 1) {
        conflicts.push({
          key: `${name}\u0000replicas${key}`,
          message: `"${name}" publishes ${p.protocol} port ${p.port} with ${s.replicas} replicas on host "${host}"; only one replica can bind it`,
          at: p.source,
        });
      }
    }
  }
  return conflicts;
}

function scenarioCost(hosts: readonly HostSpec[]): CostReport | null {
  if (hosts.length === 0 || hosts.some((h) => !h.cost)) return null;
  const currencies = new Set(hosts.map((h) => h.cost!.currency ?? null));
  if (currencies.size > 1) return null;
  return {
    monthly: {
      low: round2(hosts.reduce((a, h) => a + h.cost!.monthly.low, 0)),
      high: round2(hosts.reduce((a, h) => a + h.cost!.monthly.high, 0)),
    },
    currency: [...currencies][0] ?? null,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function cheapest(scenarios: readonly ScenarioReport[]): Report['cheapest'] {
  const hostSets = new Set(scenarios.map((s) => s.hosts.map((h) => h.host).join('\u0000')));
  if (hostSets.size < 2) return null;
  const candidates = scenarios.filter((s) => s.verdict !== 'fail' && s.cost);
  if (candidates.length === 0) return null;
  const currencies = new Set(candidates.map((s) => s.cost!.currency));
  if (currencies.size > 1) return null;
  const best = [...candidates].sort(
    (a, b) =>
      a.cost!.monthly.high - b.cost!.monthly.high || a.cost!.monthly.low - b.cost!.monthly.low,
  )[0]!;
  return { scenario: best.name, cost: best.cost! };
}

/**
 * The capacity model. For each scenario, each state of its rollout, each host it uses and
 * each resource: available = capacity - used - reserve; demand = the sum over placed
 * services (times replicas) with all lows (best case) and all highs (worst case);
 * headroom = available - demand. Integers throughout (bytes, nanocores), so a verdict at
 * the edge of a threshold is decided exactly.
 *
 * A scenario is one pass over its placed services into one accumulator per host; what does
 * not change between scenarios (a service's figures under a tier, its report, the states of
 * a placement and their port clashes) is worked out once and shared, since a large manifest
 * places the same services in scenario after scenario and the advice evaluates them again.
 */
import { InputError } from '../shared/errors.js';
import { least } from '../shared/lists.js';
import type {
  ServiceReport,
  CostReport,
  HostReport,
  Pair,
  PhaseReport,
  Report,
  ResourceReport,
  ScenarioReport,
} from './results.js';
import { REPORT_VERSION } from './results.js';
import { formatBytes, formatCount } from '../units/format.js';
import { sumAmounts } from '../units/parse.js';
import { bit, DemandTable, figureFor, size, type Sized } from './demand.js';
import { measuredView, type MeasuredView } from './measured.js';
import { OneHostPlacement } from './one-host.js';
import { placedRows, slotsOfRow, type Indices, type PlacedRows } from './placed.js';
import { phaseStates, type PhaseState } from './phases.js';
import { portConflicts, type PortConflicts, type PortUser } from './port-conflicts.js';
import { out, outPair, ServiceReports } from './service-report.js';
import {
  RESOURCES,
  type Finding,
  type Level,
  type ResourceName,
  type Source,
  type Verdict,
} from '../shared/terms.js';
import {
  isSteady,
  type CapacityModel,
  type HostSpec,
  type Policy,
  type ScenarioSpec,
  type ServiceSpec,
} from './types.js';

export { figureFor } from './demand.js';

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[b] > RANK[a] ? b : a;
}

/** The worst of any number of verdicts; pass for none. Takes a list, never a spread. */
export function worstOf(verdicts: Iterable<Verdict>): Verdict {
  let w: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[w]) w = v;
  return w;
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

/**
 * More port clashes than this in one scenario are counted, not each spelled out: two
 * services publishing `1-65535` are one clash, but ten thousand services on one port are
 * fifty million pairs.
 */
export const MAX_PORT_CONFLICTS = 100;

function finding(level: Level, code: string, message: string, at?: Source): Finding {
  return {
    level,
    code,
    message,
    ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
  };
}

/**
 * What the steady services of one state ask of each host it uses, and how much of it is
 * known: by host slot times 3 plus resource index. Names go into the lists only for the few
 * services without a figure, or with a default.
 */
interface StateSums {
  best: Float64Array;
  worst: Float64Array;
  estimated: Int32Array;
  unestimated: Map<number, string[]>;
  defaulted: Map<number, string[]>;
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
  /** An evaluator of this model to share (with the advice); a new one by default. */
  evaluator?: Evaluator;
}

export interface RunOptions {
  /** The hosts to evaluate on, by name; the model's by default. */
  hosts?: ReadonlyMap<string, HostSpec>;
  /**
   * Only the verdicts, headroom and findings: hosts list no services and phases name none.
   * The advice checks its suggestions this way; nobody reads those lists.
   */
  brief?: boolean;
}

/** Kept per key (a placement's rows or shape, a state) and tier. */
class ByTier<K extends object, V> {
  private readonly map = new WeakMap<K, Map<string | undefined, V>>();

  get(key: K, tier: string | undefined, make: () => V): V {
    let byTier = this.map.get(key);
    if (!byTier) this.map.set(key, (byTier = new Map()));
    let v = byTier.get(tier);
    if (v === undefined) byTier.set(tier, (v = make()));
    return v;
  }
}

/**
 * What every evaluation of one model shares. What is kept by tier holds only for the model's
 * own services: a scenario with measured services has specs of its own, worked out afresh.
 */
interface Shared {
  hosts: ReadonlyMap<string, HostSpec>;
  hostList: readonly HostSpec[];
  hostNames: readonly string[];
  services: ReadonlyMap<string, ServiceSpec>;
  /** Whether any service has a host snapshot's measurement: most manifests have none. */
  anyMeasured: boolean;
  serviceList: readonly ServiceSpec[];
  ix: Indices;
  policy: Policy;
  demand: DemandTable;
  reports: ServiceReports;
  rows: WeakMap<ScenarioSpec['placement'], PlacedRows>;
  /** What one-host placements of the same list share. */
  byList: WeakMap<readonly string[], { service: Int32Array; slot: Int32Array }>;
  /** Lists of services found to publish no clashing ports, whichever one host holds them. */
  clean: WeakSet<readonly string[]>;
  /** The states of a placement with its phases, by placement. */
  states: WeakMap<
    ScenarioSpec['placement'],
    { phases: ScenarioSpec['phases']; states: PhaseState[] }
  >;
  /** The port clashes of a state. */
  conflicts: WeakMap<PhaseState, PortConflicts>;
  /** Each row's figures, by the rows' services and tier. */
  sized: ByTier<Int32Array, Sized[]>;
  /** A state's sums, by state (or the shape of a one-host placement) and tier. */
  sums: ByTier<object, StateSums>;
  /** Rows that may need a finding (a figure missing, a memory limit), by services and tier. */
  suspects: ByTier<Int32Array, number[]>;
  /** Service reports by host slot, by shape and tier. */
  lists: ByTier<object, ServiceReport[][]>;
}

/**
 * Evaluates scenarios of one model. The lookups are built once and shared by every call, and
 * so are the rows of each placement, which the advice reads too.
 */
export class Evaluator {
  private readonly shared: Shared;

  constructor(model: CapacityModel) {
    this.shared = {
      hosts: new Map(model.hosts.map((h) => [h.name, h])),
      hostList: model.hosts,
      hostNames: model.hosts.map((h) => h.name),
      services: new Map(model.services.map((s) => [s.name, s])),
      serviceList: model.services,
      anyMeasured: model.services.some((s) => s.measured !== undefined),
      ix: {
        services: new Map(model.services.map((s, i) => [s.name, i])),
        hosts: new Map(model.hosts.map((h, i) => [h.name, i])),
      },
      policy: model.policy,
      demand: new DemandTable(model.services),
      reports: new ServiceReports(),
      rows: new WeakMap(),
      byList: new WeakMap(),
      clean: new WeakSet(),
      states: new WeakMap(),
      conflicts: new WeakMap(),
      sized: new ByTier(),
      sums: new ByTier(),
      suspects: new ByTier(),
      lists: new ByTier(),
    };
  }

  run(spec: ScenarioSpec, options: RunOptions = {}): ScenarioReport {
    return evaluateScenario(
      spec,
      this.shared,
      options.hosts ?? this.shared.hosts,
      options.brief ?? false,
    );
  }

  /** The placement as rows of indices into `services` and the model's hosts. */
  rows(spec: ScenarioSpec): PlacedRows {
    return rowsOf(spec, this.shared);
  }

  get services(): readonly ServiceSpec[] {
    return this.shared.serviceList;
  }
}

export function scenarioEvaluator(
  model: CapacityModel,
): (spec: ScenarioSpec, options?: RunOptions) => ScenarioReport {
  const evaluator = new Evaluator(model);
  return (spec, options) => evaluator.run(spec, options);
}

export function evaluate(model: CapacityModel, options: EvaluateOptions = {}): Report {
  const wanted = options.scenarios ? new Set(options.scenarios) : null;
  const selected = wanted ? model.scenarios.filter((s) => wanted.has(s.name)) : model.scenarios;

  const evaluator = options.evaluator ?? new Evaluator(model);
  const scenarios = selected.map((s) => evaluator.run(s));
  // Scenarios asked for by name count whether required or not: asking is wanting the answer.
  const required = wanted ? scenarios : scenarios.filter((s) => s.required);
  let verdict = worstOf(model.findings.map((f) => levelVerdict(f.level)));
  for (const s of required) verdict = worse(verdict, s.verdict);

  return {
    version: REPORT_VERSION,
    manifest: model.file,
    verdict,
    units: model.policy.units,
    policy: {
      warnBelowPct: model.policy.warnBelowPpm / 10_000,
      judge: model.policy.judge,
      unestimated: model.policy.unestimated,
    },
    scenarios,
    findings: model.findings.slice(),
    minHeadroomPct: least(
      required.map((s) => s.minHeadroomPct).filter((x): x is number => x !== null),
      null,
    ),
    cheapest: cheapest(scenarios),
  };
}

const RESOURCE_LABEL: Record<ResourceName, string> = {
  memory: 'memory',
  cpus: 'CPU',
  disk: 'disk',
};

function pushTo(map: Map<number, string[]>, key: number, name: string): void {
  const list = map.get(key);
  if (list) list.push(name);
  else map.set(key, [name]);
}

/** One pass over a state's placed services into sums per host slot. */
function stateSums(
  rows: PlacedRows,
  active: ReadonlySet<string> | null,
  sized: readonly Sized[],
  scenario: ScenarioSpec,
  hostName: (slot: number) => string,
): StateSums {
  const slots = rows.usedHosts.length;
  const sums: StateSums = {
    best: new Float64Array(slots * 3),
    worst: new Float64Array(slots * 3),
    estimated: new Int32Array(slots * 3),
    unestimated: new Map(),
    defaulted: new Map(),
  };
  const add = (i: number, z: Sized, k: number) => {
    const at = k * 3;
    for (let r = 0; r < 3; r++) {
      if ((z.known & bit(r)) === 0) {
        pushTo(sums.unestimated, at + r, rows.names[i]!);
        continue;
      }
      sums.estimated[at + r]!++;
      if ((z.defaulted & bit(r)) !== 0) pushTo(sums.defaulted, at + r, rows.names[i]!);
      sums.best[at + r]! += z.low[r]!;
      sums.worst[at + r]! += z.high[r]!;
    }
  };
  for (let i = 0; i < rows.names.length; i++) {
    if (active !== null && !active.has(rows.names[i]!)) continue;
    const z = sized[i]!;
    // A one-shot container has exited by the time the steady state is reached.
    if (!z.steady) continue;
    const k = rows.slot[i]!;
    if (k >= 0) add(i, z, k);
    else for (const each of rows.several.get(i)!) add(i, z, each);
  }
  // Figures are never negative, so a sum that ends exact was exact all along.
  for (let at = 0; at < slots * 3; at++) {
    if (Number.isSafeInteger(sums.worst[at]!) && Number.isSafeInteger(sums.best[at]!)) continue;
    throw new InputError([
      {
        file: scenario.source.file,
        ...(scenario.source.line !== undefined
          ? { line: scenario.source.line, column: scenario.source.column }
          : {}),
        ...(scenario.source.path !== undefined ? { path: scenario.source.path } : {}),
        message: `the total ${RESOURCE_LABEL[RESOURCES[at % 3]!]} demand on "${hostName(Math.floor(at / 3))}" in scenario "${scenario.name}" is too large to count exactly (over 2^53 - 1)`,
      },
    ]);
  }
  return sums;
}

/** What 2^53 - 1 of each resource's base unit amounts to. */
const LIMIT_WORDS: Record<ResourceName, string> = {
  memory: '2^53 - 1 bytes (about 9 PB)',
  cpus: '2^53 - 1 billionths of a core (about 9 million cores)',
  disk: '2^53 - 1 bytes (about 9 PB)',
};

/** A sum past 2^53 - 1, refused at the place it belongs to. */
function tooLarge(at: Source, message: string): InputError {
  return new InputError([
    {
      file: at.file,
      ...(at.line !== undefined ? { line: at.line, column: at.column } : {}),
      ...(at.path !== undefined ? { path: at.path } : {}),
      message,
    },
  ]);
}

function evalResource(
  host: HostSpec,
  r: number,
  sums: StateSums,
  k: number,
  policy: Policy,
  scenarioSource: Source,
  scenarioName: string,
): ResourceEval {
  const name = RESOURCES[r]!;
  const at = k * 3 + r;
  const demand = { best: sums.best[at]!, worst: sums.worst[at]! };
  const capacity = host.capacity[name];
  if (capacity === undefined) {
    return { demand, headroom: null, headroomPct: null, verdict: 'not-declared', judged: Infinity };
  }
  // Each figure is below 2^53, but what they add up to need not be: such a sum would come out
  // rounded, and the docs promise refused. Refused where it is added up.
  const setAside = (host.used[name] ?? 0) + (host.reserve[name] ?? 0);
  if (!Number.isSafeInteger(setAside)) {
    throw tooLarge(
      host.source,
      `used and reserve of ${RESOURCE_LABEL[name]} on "${host.name}" add up to more than ${LIMIT_WORDS[name]}, too much to count exactly`,
    );
  }
  const available = capacity - setAside;
  // Services run here and none has a figure: the demand is unknown, so is the headroom. (When
  // what is set aside already exceeds the host, it fails whatever the services need.)
  if (sums.estimated[at] === 0 && sums.unestimated.has(at) && available >= 0) {
    return { demand, headroom: null, headroomPct: null, verdict: 'unknown', judged: Infinity };
  }
  const headroom = { best: available - demand.best, worst: available - demand.worst };
  if (!Number.isSafeInteger(headroom.worst) || !Number.isSafeInteger(headroom.best)) {
    throw tooLarge(
      scenarioSource,
      `the ${RESOURCE_LABEL[name]} headroom on "${host.name}" in scenario "${scenarioName}" (available less demand) is more than ${LIMIT_WORDS[name]} below zero, too far to count exactly`,
    );
  }
  const judged = policy.judge === 'worst' ? headroom.worst : headroom.best;
  return {
    demand,
    headroom,
    headroomPct: { best: pct(headroom.best, capacity), worst: pct(headroom.worst, capacity) },
    verdict: judge(judged, capacity, policy.warnBelowPpm),
    judged,
  };
}

/** The worst judged verdict of a host's resources (not-declared and unknown are not judged). */
function hostVerdict(verdicts: Iterable<ResourceReport['verdict']>): Verdict {
  let w: Verdict = 'pass';
  for (const v of verdicts) if (v !== 'not-declared' && v !== 'unknown') w = worse(w, v);
  return w;
}

function isJudged(v: ResourceReport['verdict']): boolean {
  return v !== 'not-declared' && v !== 'unknown';
}

function rowsOf(scenario: ScenarioSpec, shared: Shared): PlacedRows {
  let rows = shared.rows.get(scenario.placement);
  if (!rows) {
    rows = placedRows(scenario.placement, shared.ix, shared.byList);
    shared.rows.set(scenario.placement, rows);
  }
  return rows;
}

/** The states of a scenario, the same for every evaluation of one placement and its phases. */
function statesOf(scenario: ScenarioSpec, shared: Shared): PhaseState[] {
  const known = shared.states.get(scenario.placement);
  if (known && known.phases === scenario.phases) return known.states;
  const { states } = phaseStates(scenario);
  shared.states.set(scenario.placement, { phases: scenario.phases, states });
  return states;
}

const NO_CONFLICTS: PortConflicts = { listed: [], total: 0 };

/** One list per host index, so a row's hosts allocate nothing. */
const ONLY_HOST: Array<readonly number[]> = [];

/** Port clashes depend on the placement alone, not on the tier or the hosts' sizes. */
function conflictsOf(
  state: PhaseState,
  rows: PlacedRows,
  shared: Shared,
  placement: ScenarioSpec['placement'],
): PortConflicts {
  const known = shared.conflicts.get(state);
  if (known) return known;
  // Services that clash on no host clash on none: their ports alone decide.
  const list = state.all && placement instanceof OneHostPlacement ? placement.names : null;
  if (list && shared.clean.has(list)) return NO_CONFLICTS;
  const users: PortUser[] = [];
  for (let i = 0; i < rows.names.length; i++) {
    const name = rows.names[i]!;
    const s = shared.serviceList[rows.service[i]!]!;
    // A one-shot container has exited, and freed its ports, before the steady state.
    if (s.ports.length === 0 || !isSteady(s) || (!state.all && !state.active.has(name))) continue;
    const k = rows.slot[i]!;
    const hosts =
      k >= 0
        ? (ONLY_HOST[rows.usedHosts[k]!] ??= Object.freeze([rows.usedHosts[k]!]))
        : rows.several.get(i)!.map((slot) => rows.usedHosts[slot]!);
    users.push({ name, hosts, replicas: s.replicas, ports: s.ports });
  }
  const found = portConflicts(users, shared.hostNames, MAX_PORT_CONFLICTS);
  shared.conflicts.set(state, found);
  if (list && found.total === 0) shared.clean.add(list);
  return found;
}

/** The service reports on each used host, in placement order, by host slot. */
function serviceLists(
  rows: PlacedRows,
  specs: (i: number) => ServiceSpec,
  scenario: ScenarioSpec,
  shared: Shared,
  view: MeasuredView,
): ServiceReport[][] {
  const make = () => {
    const lists: ServiceReport[][] = rows.usedHosts.map(() => []);
    for (let i = 0; i < rows.names.length; i++) {
      const spec = specs(i);
      for (const k of slotsOfRow(rows, i)) {
        const host = shared.hostNames[rows.usedHosts[k]!]!;
        lists[k]!.push(
          shared.reports.get(spec, scenario.tier, host, view.sized.get(rows.names[i]!)),
        );
      }
    }
    return lists;
  };
  // A measured service reads differently on each host: those lists are the scenario's own.
  return view.services === shared.services
    ? shared.lists.get(rows.shape, scenario.tier, make)
    : make();
}

function evaluateScenario(
  scenario: ScenarioSpec,
  shared: Shared,
  hostsByName: ReadonlyMap<string, HostSpec>,
  brief: boolean,
): ScenarioReport {
  const { policy } = shared;
  // What host snapshots measured, as this placement sees it.
  const view: MeasuredView = shared.anyMeasured
    ? measuredView(scenario, hostsByName, shared.services, policy, (s) =>
        figureFor(s.memory, scenario.tier),
      )
    : {
        hosts: hostsByName,
        services: shared.services,
        findings: [],
        takenOut: new Map(),
        sized: new Map(),
      };
  const own = view.services === shared.services;
  const rows = rowsOf(scenario, shared);
  const n = rows.names.length;
  const specAt = own
    ? (i: number) => shared.serviceList[rows.service[i]!]!
    : (i: number) => view.services.get(rows.names[i]!)!;
  const tierSized = shared.demand.tier(scenario.tier);
  const sizeRows = () => {
    const out: Sized[] = new Array<Sized>(n);
    for (let i = 0; i < n; i++) {
      const spec = specAt(i);
      const idx = rows.service[i]!;
      out[i] = spec === shared.serviceList[idx] ? tierSized(idx) : size(spec, scenario.tier);
    }
    return out;
  };
  const sized = own ? shared.sized.get(rows.service, scenario.tier, sizeRows) : sizeRows();
  const states = statesOf(scenario, shared);
  const usedHosts = rows.usedHosts.map((h) => view.hosts.get(shared.hostNames[h]!)!);
  const hostName = (k: number) => shared.hostNames[rows.usedHosts[k]!]!;
  const findings: Finding[] = view.findings.slice();

  // Per state: resource evaluations per host, and port conflicts.
  const perState = states.map((state) => {
    const sum = () => stateSums(rows, state.all ? null : state.active, sized, scenario, hostName);
    // Every service of a list on one host sums the same whichever host it is.
    const sums = own ? shared.sums.get(state.all ? rows.shape : state, scenario.tier, sum) : sum();
    const evals = usedHosts.map((host, k) => [
      evalResource(host, 0, sums, k, policy, scenario.source, scenario.name),
      evalResource(host, 1, sums, k, policy, scenario.source, scenario.name),
      evalResource(host, 2, sums, k, policy, scenario.source, scenario.name),
    ]);
    return {
      state,
      sums,
      evals,
      conflicts: conflictsOf(state, rows, shared, scenario.placement),
    };
  });

  // Port conflicts, reported once per pair however many phases they span, and counted past
  // the limit rather than listed.
  const multi = states.length > 1;
  const seenConflicts = new Set<string>();
  let omitted: { total: number; state: string } | null = null;
  for (const ps of perState) {
    const phase = multi
      ? ` (from ${ps.state.name === 'initial' ? 'the start' : ps.state.name})`
      : '';
    let listedHere = 0;
    for (const c of ps.conflicts.listed) {
      if (seenConflicts.has(c.key)) {
        listedHere++;
        continue;
      }
      if (seenConflicts.size >= MAX_PORT_CONFLICTS) continue;
      seenConflicts.add(c.key);
      listedHere++;
      findings.push(finding('fail', 'port-conflict', c.message + phase, c.at));
    }
    if (ps.conflicts.total > listedHere && (!omitted || ps.conflicts.total > omitted.total)) {
      omitted = { total: ps.conflicts.total, state: ps.state.name };
    }
  }
  if (omitted) {
    const at = multi ? ` at ${omitted.state === 'initial' ? 'the start' : omitted.state}` : '';
    findings.push(
      finding(
        'fail',
        'port-conflict',
        `there are ${formatCount(omitted.total)} port clashes in all in scenario "${scenario.name}"${at}; only the first ${seenConflicts.size} are listed`,
        scenario.source,
      ),
    );
  }

  // Services with no figure for a resource their host declares, and compose services with no cap.
  const declaredOn = usedHosts.map((host) => {
    let mask = 0;
    for (let r = 0; r < 3; r++) if (host.capacity[RESOURCES[r]!] !== undefined) mask |= bit(r);
    return mask;
  });
  const findSuspects = () => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const z = sized[i]!;
      if (z.steady && (z.known !== 7 || specAt(i).memoryLimit)) out.push(i);
    }
    return out;
  };
  const suspects = own
    ? shared.suspects.get(rows.service, scenario.tier, findSuspects)
    : findSuspects();
  for (const i of suspects) {
    const z = sized[i]!;
    const s = specAt(i);
    const name = rows.names[i]!;
    const on = slotsOfRow(rows, i);
    let declared = 0;
    for (const k of on) declared |= declaredOn[k]!;
    const missingMask = declared & ~z.known;
    const missing = RESOURCES.filter((_, r) => (missingMask & bit(r)) !== 0);
    const where = on.map((k) => `"${hostName(k)}"`).join(' and ');
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
  const lists = brief ? [] : serviceLists(rows, specAt, scenario, shared, view);
  const hostReports: HostReport[] = usedHosts.map((host, k) => {
    const resources = {} as Record<ResourceName, ResourceReport>;
    for (let ri = 0; ri < 3; ri++) {
      const r = RESOURCES[ri]!;
      let peak = perState[0]!;
      for (const ps of perState)
        if (ps.evals[k]![ri]!.judged < peak.evals[k]![ri]!.judged) peak = ps;
      const e = peak.evals[k]![ri]!;
      const capacity = host.capacity[r];
      const used = host.used[r] ?? 0;
      const reserve = host.reserve[r] ?? 0;
      const at = k * 3 + ri;
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
        unestimated: capacity === undefined ? [] : (peak.sums.unestimated.get(at)?.slice() ?? []),
        estimated: peak.sums.estimated[at]!,
        defaulted: peak.sums.defaulted.get(at)?.slice() ?? [],
        peakPhase: multi ? peak.state.name : null,
      };
    }
    const verdict = hostVerdict(RESOURCES.map((r) => resources[r].verdict));
    return {
      host: host.name,
      verdict,
      resources,
      services: lists[k] ?? [],
      ...(host.snapshot
        ? {
            snapshot: {
              file: host.snapshot.file,
              taken: host.snapshot.taken,
              capacity: host.snapshot.capacity.slice(),
              used: host.snapshot.used.slice(),
              measuredOut: { memory: view.takenOut.get(host.name) ?? 0 },
            },
          }
        : {}),
    };
  });

  const phases: PhaseReport[] = multi
    ? perState.map((ps) => {
        const hostsOut = usedHosts.map((host, k) => {
          const ev = ps.evals[k]!;
          const resources = {} as PhaseReport['hosts'][number]['resources'];
          for (let ri = 0; ri < 3; ri++) {
            const r = RESOURCES[ri]!;
            const e = ev[ri]!;
            resources[r] = {
              demand: outPair(r, e.demand),
              headroom: e.headroom ? outPair(r, e.headroom) : null,
              headroomPct: e.headroomPct,
              verdict: e.verdict,
            };
          }
          const verdict = hostVerdict(ev.map((e) => e.verdict));
          return { host: host.name, verdict, resources };
        });
        let verdict: Verdict = ps.conflicts.total > 0 ? 'fail' : 'pass';
        for (const h of hostsOut) verdict = worse(verdict, h.verdict);
        return {
          name: ps.state.name,
          index: ps.state.index,
          verdict,
          services: brief ? [] : [...ps.state.active],
          hosts: hostsOut,
        };
      })
    : [];

  const nothingJudged = notJudged(scenario, hostReports, sized, policy);
  if (nothingJudged) findings.push(nothingJudged);

  let verdict: Verdict = 'pass';
  for (const h of hostReports) verdict = worse(verdict, h.verdict);
  for (const f of findings) verdict = worse(verdict, levelVerdict(f.level));
  let minHeadroomPct: number | null = null;
  for (const h of hostReports) {
    for (const r of RESOURCES) {
      const p = h.resources[r].headroomPct?.worst;
      if (p !== undefined && (minHeadroomPct === null || p < minHeadroomPct)) minHeadroomPct = p;
    }
  }

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
    minHeadroomPct,
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
  sized: readonly Sized[],
  policy: Policy,
): Finding | null {
  const judged = hostReports.some((h) => RESOURCES.some((r) => isJudged(h.resources[r].verdict)));
  if (judged || !sized.some((z) => z.steady)) return null;
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

/** The phase with the worst verdict, and among those the least headroom. */
function peakPhase(phases: PhaseReport[]): string | null {
  let best: { name: string; rank: number; min: number } | null = null;
  for (const p of phases) {
    let min = Infinity;
    for (const h of p.hosts)
      for (const r of RESOURCES) min = Math.min(min, h.resources[r].headroomPct?.worst ?? Infinity);
    const rank = RANK[p.verdict];
    if (!best || rank > best.rank || (rank === best.rank && min < best.min))
      best = { name: p.name, rank, min };
  }
  return best?.name ?? null;
}

function scenarioCost(hosts: readonly HostSpec[]): CostReport | null {
  if (hosts.length === 0 || hosts.some((h) => !h.cost)) return null;
  const currencies = new Set(hosts.map((h) => h.cost!.currency ?? null));
  if (currencies.size > 1) return null;
  // Added as the decimals written: no float noise to round away, so a cost under a cent
  // stays what it is instead of becoming 0.
  return {
    monthly: {
      low: sumAmounts(hosts.map((h) => h.cost!.monthly.low)),
      high: sumAmounts(hosts.map((h) => h.cost!.monthly.high)),
    },
    currency: [...currencies][0] ?? null,
  };
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

/**
 * capacity.yml text -> ManifestSpec: YAML with positions, schema validation, then every
 * figure parsed into base units. Problems are collected (capped) and thrown together so
 * the user sees all of them at once, each with file:line:column and its JSON path.
 */
import validateCapacity from '../generated/capacity-validator.js';
import { InputError, ProblemList } from '../shared/errors.js';
import {
  DEFAULT_POLICY,
  type Estimate,
  type Figure,
  type HostSpec,
  type Policy,
  type PublishedPort,
  type ResourceDefaults,
  type ServiceSpec,
  type SnapshotRef,
} from '../model/types.js';
import { type Finding, type ResourceName, type Source } from '../shared/terms.js';
import {
  clip,
  isPercent,
  parseAmountRange,
  parseBytes,
  parseBytesRange,
  parseCpus,
  parseCpusRange,
  parsePercent,
  type Parsed,
  type Range,
  type UnitFamily,
} from '../units/parse.js';
import { parsePortSpec } from '../units/ports.js';
import { resolveRelative } from '../workspace/paths.js';
import { checkSchema, toPointer } from '../validation/schema-errors.js';
import { loadYaml, type YamlDocument } from '../yaml/load.js';
import { type PathSegment } from '../shared/terms.js';
import type {
  ComposeRef,
  ManifestSpec,
  NameRef,
  PhaseDraft,
  ScenarioDraft,
} from '../model/manifest-spec.js';

type Raw = Record<string, unknown>;

/** Reads figures and records problems against their place in the file. */
class Reader {
  readonly problems = new ProblemList();
  readonly findings: Finding[] = [];
  readonly votes: Record<UnitFamily, number> = { decimal: 0, binary: 0 };

  constructor(
    readonly doc: YamlDocument,
    readonly file: string,
  ) {}

  at(path: readonly PathSegment[], key = false): Source {
    const { line, column } = this.doc.locate(path, key);
    return { file: this.file, line, column, path: toPointer(path) };
  }

  /** Where a figure is: file, line and column only, since figures are too many to name by path. */
  figureAt(path: readonly PathSegment[]): Source {
    const { line, column } = this.doc.locate(path);
    return { file: this.file, line, column };
  }

  problem(path: readonly PathSegment[], message: string, key = false): void {
    const { line, column } = this.doc.locate(path, key);
    this.problems.add({ file: this.file, line, column, path: toPointer(path), message });
  }

  /**
   * Figures parsed so far, by what was written: ten thousand services repeat a few dozen
   * figures, and parsing one is the same work every time.
   */
  private readonly ranges = new Map<string, Parsed<Range & { family?: UnitFamily }>>();

  range(kind: 'bytes' | 'cpus', value: string | number): Parsed<Range & { family?: UnitFamily }> {
    const key = `${kind}${typeof value === 'number' ? '#' : '"'}${value}`;
    let parsed = this.ranges.get(key);
    if (!parsed) {
      parsed = kind === 'cpus' ? parseCpusRange(value) : parseBytesRange(value);
      this.ranges.set(key, parsed);
    }
    return parsed;
  }

  take<T>(path: readonly PathSegment[], result: Parsed<T>): T | undefined {
    if (result.ok) return result.value;
    this.problem(path, result.reason);
    return undefined;
  }

  vote(family: UnitFamily | undefined): void {
    if (family) this.votes[family]++;
  }

  /** A plain number of bytes under 64 KiB is almost always a forgotten unit. */
  checkBareBytes(path: readonly PathSegment[], raw: unknown, what: string): void {
    if (typeof raw === 'number' && raw > 0 && raw < 65536) {
      const src = this.at(path);
      this.findings.push({
        level: 'warn',
        code: 'bare-number',
        message: `${what} is ${raw} bytes; a plain number counts bytes, so write a unit if you meant "${raw}MB" or "${raw}MiB"`,
        file: src.file,
        line: src.line,
        column: src.column,
      });
    }
  }
}

function entries(value: unknown): Array<[string, unknown]> {
  return value && typeof value === 'object' ? Object.entries(value as Raw) : [];
}

export function parseManifest(text: string, file: string): ManifestSpec {
  const docs = loadYaml(text, { file });
  if (
    docs.length === 0 ||
    (docs.length === 1 && (docs[0]!.value === null || docs[0]!.value === undefined))
  ) {
    throw new InputError([
      {
        file,
        line: 1,
        column: 1,
        message: 'the manifest is empty; it needs at least `version: 1` and `hosts:`',
      },
    ]);
  }
  if (docs.length > 1) {
    const second = docs[1]!.locate([]);
    throw new InputError([
      {
        file,
        line: second.line,
        column: second.column,
        message: `the manifest holds ${docs.length} YAML documents; it must be exactly one (remove the extra "---")`,
      },
    ]);
  }
  const doc = docs[0]!;
  const schemaProblems = checkSchema(validateCapacity, doc, { file });
  if (schemaProblems.length > 0) {
    const list = new ProblemList();
    schemaProblems.forEach((p) => list.add(p));
    list.throwIfAny();
  }

  const r = new Reader(doc, file);
  const raw = doc.value as Raw;
  const hosts = entries(raw.hosts).map(([name, h]) => readHost(r, name, h as Raw));
  const services = entries(raw.services).map(([name, s]) => readService(r, name, s as Raw));
  const scenarios = entries(raw.scenarios).map(([name, s]) => readScenario(r, name, s as Raw));
  const compose = ((raw.compose as unknown[]) ?? []).map((c, i) => readCompose(r, c, i));
  const { policy, unitsExplicit } = readPolicy(r, (raw.policy as Raw) ?? {});
  const defaults = readDefaults(r, ['defaults'], raw.defaults);
  r.problems.throwIfAny();

  return {
    file,
    hosts,
    services,
    scenarios,
    compose,
    ...(defaults ? { defaults } : {}),
    policy,
    unitsExplicit,
    unitVotes: r.votes,
    findings: r.findings,
  };
}

/**
 * A capacity share: an absolute figure, or "10%" of what the host has. A percentage of a
 * capacity the host's snapshot will give is handed to `deferred` instead.
 */
function readShare(
  r: Reader,
  path: PathSegment[],
  resource: ResourceName,
  value: unknown,
  capacity: number | undefined,
  deferred?: (ppm: number) => void,
): number | undefined {
  if (isPercent(value)) {
    const ppm = r.take(path, parsePercent(value));
    if (ppm === undefined) return undefined;
    if (capacity === undefined && deferred) {
      deferred(ppm);
      return undefined;
    }
    if (capacity === undefined) {
      r.problem(
        path,
        `a percentage needs the host's ${resource} capacity, which this host does not declare`,
      );
      return undefined;
    }
    // Rounded up: a reserve of 10% of 3 cores keeps at least 0.3 cores free.
    const num = BigInt(capacity) * BigInt(ppm);
    return Number((num + 999_999n) / 1_000_000n);
  }
  if (resource === 'cpus') return r.take(path, parseCpus(value as string | number));
  const parsed = r.take(path, parseBytes(value as string | number));
  r.vote(parsed?.family);
  r.checkBareBytes(path, value, `${resource}`);
  return parsed?.bytes;
}

function readHost(r: Reader, name: string, h: Raw): HostSpec {
  const base: PathSegment[] = ['hosts', name];
  const capacity: HostSpec['capacity'] = {};
  if (h.cpus !== undefined) {
    const v = r.take([...base, 'cpus'], parseCpus(h.cpus as string | number));
    if (v !== undefined) capacity.cpus = v;
  }
  for (const res of ['memory', 'disk'] as const) {
    if (h[res] === undefined) continue;
    const v = r.take([...base, res], parseBytes(h[res] as string | number));
    if (v) {
      capacity[res] = v.bytes;
      r.vote(v.family);
      r.checkBareBytes([...base, res], h[res], `the ${res} of host "${clip(name)}"`);
    }
  }
  const snapshot = readSnapshotRef(r, base, h);
  const pending: NonNullable<SnapshotRef['percentShares']>[number][] = [];
  const shares = (key: 'used' | 'reserve'): HostSpec['used'] => {
    const out: HostSpec['used'] = {};
    for (const [res, value] of entries(h[key])) {
      const resource = res as ResourceName;
      const path = [...base, key, res];
      const defer = snapshot
        ? (ppm: number) => pending.push({ key, resource, ppm, source: r.at(path) })
        : undefined;
      const v = readShare(r, path, resource, value, capacity[resource], defer);
      if (v !== undefined) out[resource] = v;
    }
    return out;
  };
  const host: HostSpec = {
    name,
    capacity,
    used: shares('used'),
    reserve: shares('reserve'),
    source: r.at(base, true),
  };
  if (snapshot)
    host.snapshotRef = pending.length > 0 ? { ...snapshot, percentShares: pending } : snapshot;
  const cost = h.cost as Raw | undefined;
  if (cost) {
    const monthly = r.take(
      [...base, 'cost', 'monthly'],
      parseAmountRange(cost.monthly as string | number),
    );
    if (monthly)
      host.cost = {
        monthly,
        ...(typeof cost.currency === 'string' ? { currency: cost.currency.toUpperCase() } : {}),
      };
  }
  return host;
}

/** `snapshot:` (relative to the manifest, inside the workspace) and its `disk_mount:`. */
function readSnapshotRef(r: Reader, base: PathSegment[], h: Raw): SnapshotRef | undefined {
  if (typeof h.snapshot !== 'string') {
    if (h.disk_mount !== undefined) {
      r.problem(
        [...base, 'disk_mount'],
        "`disk_mount` picks one of the disks of the host's snapshot, but this host names no `snapshot`",
        true,
      );
    }
    return undefined;
  }
  const path = [...base, 'snapshot'];
  const resolved = resolveRelative(r.file, h.snapshot);
  if (!resolved.ok) {
    r.problem(path, `the snapshot "${clip(h.snapshot)}" is not usable: ${resolved.reason}`);
    return undefined;
  }
  return {
    path: resolved.path,
    source: r.at(path),
    ...(typeof h.disk_mount === 'string'
      ? { diskMount: { path: h.disk_mount, source: r.at([...base, 'disk_mount']) } }
      : {}),
  };
}

function readRange(
  r: Reader,
  path: PathSegment[],
  value: unknown,
  kind: 'bytes' | 'cpus',
): Figure | undefined {
  const source = r.figureAt(path);
  if (value && typeof value === 'object') {
    const o = value as Raw;
    const low = readRange(r, [...path, 'min'], o.min, kind);
    const high = readRange(r, [...path, 'max'], o.max, kind);
    if (!low || !high) return undefined;
    if (low.low > high.high) {
      r.problem(path, 'min is larger than max');
      return undefined;
    }
    return { low: low.low, high: high.high, source };
  }
  let range: (Range & { family?: UnitFamily }) | undefined;
  if (kind === 'cpus') {
    range = r.take(path, r.range(kind, value as string | number));
  } else {
    range = r.take(path, r.range(kind, value as string | number));
    r.vote(range?.family);
    r.checkBareBytes(path, value, 'this size');
  }
  return range ? { low: range.low, high: range.high, source } : undefined;
}

function readEstimate(
  r: Reader,
  path: PathSegment[],
  value: unknown,
  kind: 'bytes' | 'cpus',
): Estimate | undefined {
  if (value === undefined) return undefined;
  const isRangeObject =
    value !== null &&
    typeof value === 'object' &&
    ('min' in (value as Raw) || 'max' in (value as Raw));
  if (value !== null && typeof value === 'object' && !isRangeObject) {
    const tiers = new Map<string, Figure>();
    for (const [tier, v] of entries(value)) {
      const f = readRange(r, [...path, tier], v, kind);
      if (f) tiers.set(tier, f);
    }
    return { kind: 'tiers', tiers, source: r.at(path) };
  }
  const figure = readRange(r, path, value, kind);
  return figure ? { kind: 'figure', figure } : undefined;
}

function readService(r: Reader, name: string, s: Raw): ServiceSpec {
  const base: PathSegment[] = ['services', name];
  if (name.includes('*')) {
    r.problem(
      base,
      `the service name "${clip(name)}" cannot hold "*": in a scenario, * stands for any run of characters`,
      true,
    );
  }
  const ports: PublishedPort[] = [];
  ((s.ports as unknown[]) ?? []).forEach((p, i) => {
    const parsed = r.take([...base, 'ports', i], parsePortSpec(p as string | number));
    if (parsed) ports.push({ ...parsed, source: r.figureAt([...base, 'ports', i]) });
  });
  const service: ServiceSpec = {
    name,
    replicas: (s.replicas as number | undefined) ?? 1,
    ports,
    source: r.at(base, true),
    origin: 'manifest',
    ...(s.replicas !== undefined ? { replicasSource: r.at([...base, 'replicas']) } : {}),
  };
  if (s.container !== undefined) {
    const list = Array.isArray(s.container) ? (s.container as string[]) : [s.container as string];
    service.container = { names: list, source: r.at([...base, 'container']) };
  }
  if (typeof s.unit === 'string') service.unit = { name: s.unit, source: r.at([...base, 'unit']) };
  const memory = readEstimate(r, [...base, 'memory'], s.memory, 'bytes');
  const cpus = readEstimate(r, [...base, 'cpus'], s.cpus, 'cpus');
  const disk = readEstimate(r, [...base, 'disk'], s.disk, 'bytes');
  if (memory) service.memory = memory;
  if (cpus) service.cpus = cpus;
  if (disk) service.disk = disk;
  if (typeof s.oneshot === 'boolean') {
    service.oneshot = { value: s.oneshot, reason: 'manifest', source: r.at([...base, 'oneshot']) };
  }
  return service;
}

/** `defaults:` (top level or on a compose entry): an estimate per resource, as a service has. */
function readDefaults(
  r: Reader,
  path: PathSegment[],
  value: unknown,
): ResourceDefaults | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Raw;
  const out: ResourceDefaults = {};
  const memory = readEstimate(r, [...path, 'memory'], o.memory, 'bytes');
  const cpus = readEstimate(r, [...path, 'cpus'], o.cpus, 'cpus');
  const disk = readEstimate(r, [...path, 'disk'], o.disk, 'bytes');
  if (memory) out.memory = memory;
  if (cpus) out.cpus = cpus;
  if (disk) out.disk = disk;
  return out;
}

function names(r: Reader, path: PathSegment[], list: unknown): NameRef[] {
  return ((list as string[]) ?? []).map((name, i) => ({ name, source: r.at([...path, i]) }));
}

function readScenario(r: Reader, name: string, s: Raw): ScenarioDraft {
  const base: PathSegment[] = ['scenarios', name];
  const draft: ScenarioDraft = {
    name,
    source: r.at(base, true),
    required: (s.required as boolean | undefined) ?? true,
    phases: ((s.phases as unknown[]) ?? []).map((p, i) =>
      readPhase(r, [...base, 'phases', i], p, i),
    ),
    ...(typeof s.tier === 'string' ? { tier: s.tier } : {}),
    ...(Array.isArray(s.profiles) ? { profiles: s.profiles as string[] } : {}),
  };
  uniquePhaseNames(r, base, s.phases, draft.phases);
  if (s.host !== undefined && s.placement !== undefined) {
    r.problem(
      base,
      'a scenario names either `host` (one host) or `placement` (several), not both',
      true,
    );
  } else if (s.host === undefined && s.placement === undefined) {
    r.problem(
      base,
      'a scenario needs `host` (one host for all its services) or `placement` (services per host)',
      true,
    );
  }
  if (s.services !== undefined && s.placement !== undefined) {
    r.problem(
      [...base, 'services'],
      '`services` goes with `host`; with `placement`, list the services under each host',
      true,
    );
  }
  if (typeof s.host === 'string') {
    draft.host = { name: s.host, source: r.at([...base, 'host']) };
    if (s.services !== undefined) draft.services = names(r, [...base, 'services'], s.services);
  }
  if (s.exclude !== undefined) draft.exclude = names(r, [...base, 'exclude'], s.exclude);
  if (s.placement && typeof s.placement === 'object') {
    draft.placement = entries(s.placement).map(([host, list]) => ({
      host: { name: host, source: r.at([...base, 'placement', host], true) },
      services: names(r, [...base, 'placement', host], list),
    }));
  }
  return draft;
}

/** What the report calls the state before a scenario's first phase. */
const INITIAL_STATE = 'initial';

/**
 * A phase's name is how the report, the comment and the advice point at a moment of the
 * rollout: where a scenario is tightest, where it first fails, which services run then. Two
 * phases of one name would make each of those ambiguous (and the advice once worked out a
 * placement for the wrong one), so the second is refused, as is a phase named like the state
 * before the first one, or like the name an unnamed phase gets from its position.
 */
function uniquePhaseNames(
  r: Reader,
  base: PathSegment[],
  written: unknown,
  phases: readonly PhaseDraft[],
): void {
  const seen = new Map<string, number>();
  phases.forEach((phase, i) => {
    const named = hasName(written, i);
    const path = named ? [...base, 'phases', i, 'name'] : [...base, 'phases', i];
    if (named && phase.name === INITIAL_STATE) {
      r.problem(
        path,
        `"${INITIAL_STATE}" is what the report calls the state before the first phase; give this phase another name`,
      );
      return;
    }
    const first = seen.get(phase.name);
    if (first !== undefined) {
      const how = (k: number) =>
        phases[k]!.name === `phase ${k + 1}` && !hasName(written, k)
          ? `phase ${k + 1} has no name of its own, so it is called "phase ${k + 1}"`
          : `phase ${k + 1} is named "${clip(phases[k]!.name)}"`;
      r.problem(
        path,
        `two phases of this scenario would be called "${clip(phase.name)}" (${how(first)}, and ${how(i)}); the report names phases to say where a scenario is tightest and where it first fails, so give each its own name`,
      );
      return;
    }
    seen.set(phase.name, i);
  });
}

function hasName(written: unknown, i: number): boolean {
  const raw = Array.isArray(written) ? (written[i] as unknown) : undefined;
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'name' in raw;
}

function readPhase(r: Reader, path: PathSegment[], p: unknown, index: number): PhaseDraft {
  const source = r.at(path);
  if (Array.isArray(p)) {
    return { name: `phase ${index + 1}`, add: names(r, path, p), remove: [], source };
  }
  const o = p as Raw;
  const phase = {
    name: typeof o.name === 'string' ? o.name : `phase ${index + 1}`,
    add: names(r, [...path, 'add'], o.add),
    remove: names(r, [...path, 'remove'], o.remove),
    source,
  };
  if (phase.add.length === 0 && phase.remove.length === 0) {
    r.problem(path, 'this phase neither adds nor removes a service');
  }
  return phase;
}

function readCompose(r: Reader, c: unknown, i: number): ComposeRef {
  const path: PathSegment[] = ['compose', i];
  const source = r.at(path);
  if (typeof c === 'string') return { files: [c], fileOrDir: true, source };
  const o = c as Raw;
  const envFile = o.env_file;
  const dir = typeof o.dir === 'string' ? o.dir : undefined;
  if (dir !== undefined && o.files !== undefined) {
    r.problem(
      path,
      'this entry names both `files` and `dir`; give one: the files to read, or the folder to read as docker compose would',
    );
  } else if (dir === undefined && o.files === undefined) {
    r.problem(
      path,
      'this entry names no compose file; give `files` (the files to read) or `dir` (a folder, read as docker compose would)',
    );
  }
  const defaults = readDefaults(r, [...path, 'defaults'], o.defaults);
  return {
    files: Array.isArray(o.files) ? (o.files as string[]) : [],
    ...(dir !== undefined ? { dir } : {}),
    source,
    ...(defaults ? { defaults } : {}),
    ...(o.keep_together === false ? { splittable: true } : {}),
    ...(envFile !== undefined
      ? { envFiles: Array.isArray(envFile) ? (envFile as string[]) : [envFile as string] }
      : {}),
    ...(Array.isArray(o.profiles) ? { profiles: o.profiles as string[] } : {}),
    ...(typeof o.project === 'string' ? { project: o.project } : {}),
    ...(o.env && typeof o.env === 'object'
      ? { env: new Map(entries(o.env).map(([k, v]) => [k, String(v)])) }
      : {}),
  };
}

function readPolicy(r: Reader, p: Raw): { policy: Policy; unitsExplicit: boolean } {
  const policy: Policy = { ...DEFAULT_POLICY };
  if (typeof p.warn_below === 'string') {
    const ppm = r.take(['policy', 'warn_below'], parsePercent(p.warn_below));
    if (ppm !== undefined) policy.warnBelowPpm = ppm;
  }
  if (p.judge === 'best' || p.judge === 'worst') policy.judge = p.judge;
  if (p.unestimated === 'info' || p.unestimated === 'warn' || p.unestimated === 'fail')
    policy.unestimated = p.unestimated;
  if (typeof p.snapshot_max_age === 'string') {
    const seconds = r.take(['policy', 'snapshot_max_age'], parseAge(p.snapshot_max_age));
    if (seconds !== undefined) policy.snapshotMaxAgeSeconds = seconds;
  }
  const unitsExplicit = p.units === 'decimal' || p.units === 'binary';
  if (unitsExplicit) policy.units = p.units as UnitFamily;
  return { policy, unitsExplicit };
}

const AGE_UNITS: Record<string, number> = { h: 3600, d: 86_400, w: 7 * 86_400 };

/** `30d`, `12h`, `2w` to seconds. */
function parseAge(text: string): Parsed<number> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$/.exec(text);
  if (!m) return { ok: false, reason: `"${clip(text)}" is not an age such as 30d, 12h or 2w` };
  const seconds = Math.round(Number(m[1]) * AGE_UNITS[m[2]!]!);
  if (seconds <= 0) return { ok: false, reason: 'an age must be more than zero' };
  return { ok: true, value: seconds };
}

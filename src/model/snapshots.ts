/**
 * Host snapshots into the model: a host that names a snapshot takes its CPUs, memory and
 * disk as capacity and its measured usage as used, except where the manifest writes a
 * figure itself; placed services are matched to the containers and systemd services the
 * snapshot lists, so what they use is known and is not counted twice. Snapshot files come
 * in already read and checked; the clock comes in as `now`.
 */
import { ProblemList } from '../shared/errors.js';
import { append } from '../shared/lists.js';
import type { SnapshotFile } from './snapshot-facts.js';
import type { ContainerFacts, UnitFacts } from './snapshot-facts.js';
import { NANO } from '../units/parse.js';
import { listeningPorts } from './snapshot-ports.js';
import { closest } from '../shared/did-you-mean.js';
import type { CapacityModel, HostSpec, Measurement, ServiceSpec } from './types.js';
import type { Finding, ResourceName, Source } from '../shared/terms.js';

function problemAt(problems: ProblemList, at: Source, message: string): void {
  problems.add({ file: at.file, line: at.line, column: at.column, path: at.path, message });
}

function finding(level: Finding['level'], code: string, message: string, at: Source): Finding {
  return { level, code, message, file: at.file, line: at.line, column: at.column };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function applyToHost(host: HostSpec, file: SnapshotFile, problems: ProblemList): HostSpec {
  const ref = host.snapshotRef!;
  const snap = file.snapshot;
  const capacity = { ...host.capacity };
  const used = { ...host.used };
  const reserve = { ...host.reserve };
  const fromCapacity: ResourceName[] = [];
  const fromUsed: ResourceName[] = [];

  if (capacity.cpus === undefined) {
    capacity.cpus = Math.round(snap.cpus * NANO);
    fromCapacity.push('cpus');
  }
  if (capacity.memory === undefined) {
    capacity.memory = snap.memory.total;
    fromCapacity.push('memory');
  }
  const disks = snap.disk ?? {};
  const mount = ref.diskMount?.path ?? '/';
  const disk = Object.hasOwn(disks, mount) ? disks[mount] : undefined;
  const measured = Object.keys(disks);
  if (!disk && ref.diskMount) {
    problemAt(
      problems,
      ref.diskMount.source,
      `the snapshot ${file.file} has no disk "${mount}"; it measured ${measured.length ? quoteList(measured) : 'no disk'}`,
    );
  } else if (!disk && measured.length > 0 && host.capacity.disk === undefined) {
    problemAt(
      problems,
      ref.source,
      `the snapshot ${file.file} has no disk "/"; say which of its disks is this host's with \`disk_mount:\` (it measured ${quoteList(measured)})`,
    );
  }
  if (disk && capacity.disk === undefined) {
    capacity.disk = disk.total;
    fromCapacity.push('disk');
  }

  // Percentages written on the host are of the capacity, wherever that came from.
  for (const p of ref.percentShares ?? []) {
    const cap = capacity[p.resource];
    if (cap === undefined) {
      problemAt(
        problems,
        p.source,
        `a percentage needs the host's ${p.resource} capacity, which neither this host nor its snapshot gives`,
      );
      continue;
    }
    const value = Number((BigInt(cap) * BigInt(p.ppm) + 999_999n) / 1_000_000n);
    (p.key === 'used' ? used : reserve)[p.resource] = value;
  }

  if (used.memory === undefined) {
    used.memory = snap.memory.used;
    fromUsed.push('memory');
  }
  // What an ordinary process can no longer write: the root reserve counts as used.
  if (disk && used.disk === undefined) {
    used.disk = disk.total - disk.available;
    fromUsed.push('disk');
  }
  return {
    ...host,
    capacity,
    used,
    reserve,
    snapshot: {
      file: file.file,
      taken: snap.taken,
      capacity: fromCapacity,
      used: fromUsed,
      source: ref.source,
      // What listens is known once services are matched to what the snapshot lists.
      listening: [],
    },
  };
}

function ageText(seconds: number): string {
  const days = seconds / 86_400;
  if (days >= 2) return `${Math.floor(days)} days`;
  const hours = Math.floor(seconds / 3600);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** The compose service's own name, without the `project/` that tells colliding ones apart. */
function composeName(s: ServiceSpec): string {
  const prefix = `${s.project}/`;
  return s.project !== undefined && s.name.startsWith(prefix)
    ? s.name.slice(prefix.length)
    : s.name;
}

function unitMatches(written: string, unit: UnitFacts): boolean {
  return unit.name === written || unit.name === `${written}.service`;
}

interface Claim {
  service: string;
  source: Source;
}

/** Claims are by snapshot file, kind and name: a container or unit is one service's. */
type Claims = Map<string, Claim>;

function claimKey(file: string, kind: 'container' | 'unit', name: string): string {
  return `${file}\u0000${kind}\u0000${name}`;
}

/** A host with a snapshot, and the snapshot. */
interface Snapshotted {
  host: HostSpec;
  file: SnapshotFile;
}

/** What a service's `container:` and `unit:` names found in any snapshot. */
interface Found {
  containers: Set<string>;
  unit: boolean;
}

/** Finds each service's containers and units in every host's snapshot. */
function measure(
  services: readonly ServiceSpec[],
  hosts: readonly HostSpec[],
  files: ReadonlyMap<string, SnapshotFile>,
  claims: Claims,
  problems: ProblemList,
  findings: Finding[],
): ServiceSpec[] {
  const withSnapshots: Snapshotted[] = hosts
    .filter((h) => h.snapshotRef)
    .map((h) => ({ host: h, file: files.get(h.snapshotRef!.path)! }));
  if (withSnapshots.length === 0) return [...services];

  return services.map((s) => {
    const measurements: Measurement[] = [];
    const found: Found = { containers: new Set(), unit: false };
    for (const on of withSnapshots) {
      const m = measureOnHost(s, on, claims, problems, found);
      if (m) measurements.push(m);
    }
    append(findings, noMatchFindings(s, withSnapshots, found, measurements.length > 0));
    return measurements.length > 0 ? { ...s, measured: measurements } : s;
  });
}

/**
 * What one service uses on one host, from the containers and units of its snapshot that are
 * the service's. A container or unit two services match is a problem: its usage would be
 * counted twice.
 */
function measureOnHost(
  s: ServiceSpec,
  { host, file }: Snapshotted,
  claims: Claims,
  problems: ProblemList,
  found: Found,
): Measurement | undefined {
  const snap = file.snapshot;
  const matched: string[] = [];
  let memory = 0;
  let count = 0;
  let first: Source | undefined;
  const take = (
    kind: 'container' | 'unit',
    name: string,
    index: number,
    usage: number | null,
    by: Source,
  ): void => {
    const key = claimKey(file.file, kind, name);
    const earlier = claims.get(key);
    if (earlier && earlier.service !== s.name) {
      problemAt(
        problems,
        by,
        `${kind} "${name}" in ${file.file} is matched by both "${earlier.service}" and "${s.name}"; its usage can be counted for only one of them`,
      );
      return;
    }
    claims.set(key, { service: s.name, source: by });
    matched.push(`${kind} ${name}`);
    first ??= file.at([kind === 'container' ? 'containers' : 'units', index]);
    if (usage !== null) {
      memory += usage;
      count++;
    }
  };
  snap.containers.forEach((c: ContainerFacts, i) => {
    const byLabels =
      s.origin === 'compose' &&
      c.project !== null &&
      c.project === s.project &&
      c.service === composeName(s);
    const byName = s.container?.names.includes(c.name) ?? false;
    if (byName) found.containers.add(c.name);
    if (byLabels || byName) {
      take('container', c.name, i, c.memory.usage, byName ? s.container!.source : s.source);
    }
  });
  if (s.unit) {
    const unit = s.unit;
    snap.units.forEach((u, i) => {
      if (!unitMatches(unit.name, u)) return;
      found.unit = true;
      take('unit', u.name, i, u.memory.usage, unit.source);
    });
  }
  if (count === 0) return undefined;
  return { host: host.name, memory, count, matched, source: first!, taken: snap.taken };
}

/**
 * A `container:` or `unit:` no snapshot lists, and a compose service whose containers run
 * under another project name: each means its usage is counted twice.
 */
function noMatchFindings(
  s: ServiceSpec,
  withSnapshots: readonly Snapshotted[],
  found: Found,
  measured: boolean,
): Finding[] {
  const findings: Finding[] = [];
  const allContainers = withSnapshots.flatMap((w) => w.file.snapshot.containers.map((c) => c.name));
  for (const name of s.container?.names ?? []) {
    if (found.containers.has(name)) continue;
    const hint = closest(name, allContainers);
    findings.push(
      finding(
        'warn',
        'snapshot-no-match',
        `"${s.name}" runs as container "${name}", which no host snapshot lists${hint ? `; did you mean "${hint}"?` : ''}: its measured usage cannot be taken out of the host's used`,
        s.container!.source,
      ),
    );
  }
  if (s.unit && !found.unit) {
    const allUnits = withSnapshots.flatMap((w) => w.file.snapshot.units.map((u) => u.name));
    const hint = closest(s.unit.name, allUnits);
    findings.push(
      finding(
        'warn',
        'snapshot-no-match',
        `"${s.name}" runs as unit "${s.unit.name}", which no host snapshot lists${hint ? `; did you mean "${hint}"?` : ''}: its measured usage cannot be taken out of the host's used`,
        s.unit.source,
      ),
    );
  }
  if (!measured && s.origin === 'compose') {
    // The same service under another project name: most likely the server runs the
    // project from a folder named differently from the repository's.
    const other = withSnapshots
      .flatMap((w) => w.file.snapshot.containers.map((c) => ({ c, file: w.file.file })))
      .find(
        ({ c }) => c.service === composeName(s) && c.project !== null && c.project !== s.project,
      );
    if (other) {
      findings.push(
        finding(
          'warn',
          'snapshot-no-match',
          `"${s.name}" is compose project "${s.project}", but ${other.file} has its container ${other.c.name} in project "${other.c.project}": set \`project: ${other.c.project}\` on the compose entry so its measured usage is not counted twice`,
          s.source,
        ),
      );
    }
  }
  return findings;
}

/**
 * Applies the snapshot files (by workspace-relative path) to the hosts that name them and
 * matches services to what the snapshots measured. `now` is when the check runs: without
 * it, no snapshot is judged stale.
 */
export function applySnapshots(
  model: CapacityModel,
  files: ReadonlyMap<string, SnapshotFile>,
  now?: Date,
): CapacityModel {
  if (!model.hosts.some((h) => h.snapshotRef)) return model;
  const problems = new ProblemList();
  const findings: Finding[] = [];
  const hosts = model.hosts.map((h) =>
    h.snapshotRef ? applyToHost(h, files.get(h.snapshotRef.path)!, problems) : h,
  );
  for (const h of hosts) {
    if (!h.snapshot || now === undefined) continue;
    const age = Math.floor((now.getTime() - Date.parse(h.snapshot.taken)) / 1000);
    const max = model.policy.snapshotMaxAgeSeconds;
    if (age > max) {
      findings.push(
        finding(
          'warn',
          'snapshot-stale',
          `the snapshot of "${h.name}" (${h.snapshot.file}) was taken ${ageText(age)} ago, on ${h.snapshot.taken}, more than policy.snapshot_max_age (${ageText(max)}): take a new one on the server with \`headroom snapshot\``,
          h.snapshot.source,
        ),
      );
    }
  }
  const claims: Claims = new Map();
  const services = measure(model.services, hosts, files, claims, problems, findings);
  problems.throwIfAny();
  const listening = hosts.map((h) => {
    if (!h.snapshot) return h;
    const { file } = h.snapshot;
    const ports = listeningPorts(
      files.get(h.snapshotRef!.path)!,
      (kind, name) => claims.get(claimKey(file, kind, name))?.service,
    );
    return { ...h, snapshot: { ...h.snapshot, listening: ports } };
  });
  return { ...model, hosts: listening, services, findings: [...model.findings, ...findings] };
}

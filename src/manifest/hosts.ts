/** `hosts:`: each host's capacity, what is used and reserved on it, its snapshot and its cost. */
import type { HostSpec, SnapshotRef } from '../model/types.js';
import type { PathSegment, ResourceName } from '../shared/terms.js';
import {
  clip,
  isPercent,
  parseAmountRange,
  parseBytes,
  parseCpus,
  parsePercent,
} from '../units/parse.js';
import { resolveRelative } from '../workspace/paths.js';
import { entries, type Raw, type Reader } from './reader.js';

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

export function readHost(r: Reader, name: string, h: Raw): HostSpec {
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

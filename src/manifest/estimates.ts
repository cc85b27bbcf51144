/** Estimates: a figure or a range of one, or a figure per tier; and `defaults:` made of them. */
import type { Estimate, Figure, ResourceDefaults } from '../model/types.js';
import type { PathSegment } from '../shared/terms.js';
import type { Range, UnitFamily } from '../units/parse.js';
import { entries, type Raw, type Reader } from './reader.js';

/** `defaults:` (top level or on a compose entry): an estimate per resource, as a service has. */
export function readDefaults(
  r: Reader,
  path: PathSegment[],
  value: unknown,
): ResourceDefaults | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return readEstimates(r, path, value as Raw);
}

/** The `memory`, `cpus` and `disk` estimates of a service or of defaults. */
export function readEstimates(r: Reader, path: PathSegment[], o: Raw): ResourceDefaults {
  const out: ResourceDefaults = {};
  const memory = readEstimate(r, [...path, 'memory'], o.memory, 'bytes');
  const cpus = readEstimate(r, [...path, 'cpus'], o.cpus, 'cpus');
  const disk = readEstimate(r, [...path, 'disk'], o.disk, 'bytes');
  if (memory) out.memory = memory;
  if (cpus) out.cpus = cpus;
  if (disk) out.disk = disk;
  return out;
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

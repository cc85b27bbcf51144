/**
 * The recheck's arithmetic on a report's figures: CPU back in nanocores, which figures the
 * model could have written, which two figures are the same; and how its messages name them.
 */
import type { ResourceName } from '../shared/terms.js';
import { formatBytes, formatCores } from '../units/format.js';
import { NANO } from '../units/parse.js';
import { visible } from './escape.js';
import type { Pair, PhaseHostReport, Report } from '../model/results.js';

/**
 * CPU figures travel as cores (nanocores / 10^9) and are read back by multiplying: exact
 * below 2^50 nanocores (about a million cores), within one nanocore above.
 */
const EXACT_NANOCORES = 2 ** 50;

/** A figure in the model's base unit (bytes, nanocores), and how close that is. */
interface Base {
  value: number;
  exact: boolean;
}

export function toBase(r: ResourceName, v: number): Base {
  if (r !== 'cpus') return { value: v, exact: true };
  const value = Math.round(v * NANO);
  return { value, exact: Math.abs(value) < EXACT_NANOCORES };
}

/** The values a base figure may have been: itself, or one nanocore either side. */
export function around(b: Base): number[] {
  return b.exact ? [b.value] : [b.value - 1, b.value, b.value + 1];
}

/**
 * Whether a figure is one the model could have written: a whole number of bytes below 2^53,
 * or cores that are a whole number of nanocores below 2^53. Anything else (1.5 bytes, 1e300
 * cores) was rounded or made up, and is not judged: the thresholds are exact integer sums.
 */
export function countable(r: ResourceName, v: number): boolean {
  return r === 'cpus' ? Number.isSafeInteger(Math.round(v * NANO)) : Number.isSafeInteger(v);
}

/** Why a figure `countable` refuses is refused, as the messages say it. */
export function notCountable(r: ResourceName): string {
  return `not ${r === 'cpus' ? 'a whole number of billionths of a core' : 'a whole number of bytes'} below 2^53, so the model cannot have written it`;
}

export function same(r: ResourceName, a: number, b: number): boolean {
  const x = toBase(r, a);
  const y = toBase(r, b);
  return x.exact && y.exact ? x.value === y.value : Math.abs(x.value - y.value) <= 1;
}

export function name(s: string): string {
  const v = visible(s);
  return `"${v.length > 80 ? `${v.slice(0, 80)}…` : v}"`;
}

export function amount(r: ResourceName, v: number, units: Report['units']): string {
  return r === 'cpus' ? formatCores(v) : formatBytes(v, units);
}

export const RESOURCE_WORDS: Record<ResourceName, string> = {
  memory: 'memory',
  cpus: 'CPU',
  disk: 'disk',
};

/** What a resource's figures are, from the model's view, or why they cannot be judged. */
export type Figures = Pick<
  PhaseHostReport['resources'][ResourceName],
  'demand' | 'headroom' | 'headroomPct' | 'verdict'
>;

/** The judged headroom of a resource, or endless when it is not judged (as the model picks peaks). */
export function judgedHeadroom(f: Figures, judgeCase: 'worst' | 'best'): number {
  return f.headroom === null ? Infinity : f.headroom[judgeCase];
}

export function samePair(r: ResourceName, a: Pair | null, b: Pair | null): boolean {
  if (a === null || b === null) return a === b;
  return same(r, a.best, b.best) && same(r, a.worst, b.worst);
}

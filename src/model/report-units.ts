/**
 * The model adds up whole bytes and billionths of a core, so sums are exact; reports give
 * cores as cores.
 */
import type { Pair } from './results.js';
import { NANO } from '../units/parse.js';
import type { ResourceName } from '../shared/terms.js';

/** A figure in base units as reports write it: nanocores become cores. */
export function inReportUnits(resource: ResourceName, v: number): number {
  return resource === 'cpus' ? v / NANO : v;
}

export function pairInReportUnits(resource: ResourceName, p: Pair): Pair {
  return { best: inReportUnits(resource, p.best), worst: inReportUnits(resource, p.worst) };
}

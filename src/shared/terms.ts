/**
 * The words every layer shares: what is measured, how a check ends, where something was
 * written. It imports nothing, so the model, the readers, the renderers and the entry points
 * may all use it without pointing at each other.
 */
import type { Location } from './errors.js';

export type ResourceName = 'memory' | 'cpus' | 'disk';
export const RESOURCES: readonly ResourceName[] = ['memory', 'cpus', 'disk'];

export type Level = 'info' | 'warn' | 'fail';
export type Verdict = 'pass' | 'warn' | 'fail';

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** Where a figure or name was written: a file, and where known its line and column. */
export type Source = Location;

/** A step of a JSON path into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** A finding about the input rather than about capacity: already located, with a level. */
export interface Finding {
  level: Level;
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

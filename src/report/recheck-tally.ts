/**
 * What a recheck carries through a report: the policy's threshold, the disagreements found
 * so far (a capped list and a count), and where in the report it is.
 */
import { judge, pct, worstOf } from '../model/verdicts.js';
import type { ResourceName, Verdict } from '../shared/terms.js';
import { around, toBase } from './recheck-figures.js';

/** One place where the report's words and its figures part. */
export interface Disagreement {
  /** JSON pointer into the report, such as `/scenarios/1/hosts/0/resources/memory/verdict`. */
  path: string;
  /** Which scenario, host and resource, and what the figures give instead. */
  message: string;
}

/** Enough to see what is wrong; a forged file could disagree everywhere. */
export const MAX_DISAGREEMENTS = 50;

export class Recheck {
  readonly found: Disagreement[] = [];
  omitted = 0;

  constructor(private readonly ppm: number) {}

  add(path: string, message: string): void {
    if (this.found.length < MAX_DISAGREEMENTS) this.found.push({ path, message });
    else this.omitted++;
  }

  /** The verdict a judged headroom gives (the worst, where CPU's last nanocore could tip it). */
  verdict(r: ResourceName, headroom: number, capacity: number): Verdict {
    return worstOf(this.verdicts(r, headroom, capacity));
  }

  /** The verdicts a judged headroom may give, allowing for CPU's last nanocore. */
  verdicts(r: ResourceName, headroom: number, capacity: number): Set<Verdict> {
    const out = new Set<Verdict>();
    for (const h of around(toBase(r, headroom)))
      for (const c of around(toBase(r, capacity))) out.add(judge(h, c, this.ppm));
    return out;
  }

  /** The percentages a headroom may be of its capacity, the same way. */
  percents(r: ResourceName, headroom: number, capacity: number): Set<number> {
    const out = new Set<number>();
    for (const h of around(toBase(r, headroom)))
      for (const c of around(toBase(r, capacity))) out.add(pct(h, c));
    return out;
  }
}

export interface Place {
  path: string;
  words: string;
}

export function at(place: Place, path: string, words?: string): Place {
  return { path: `${place.path}${path}`, words: words ? `${place.words}, ${words}` : place.words };
}

/**
 * What the steady services of one state of a scenario ask of each host it uses: one pass over
 * the placed rows into typed arrays per host slot, the loop every evaluation runs.
 */
import { bit, type Sized } from './demand.js';
import { slotsOfRow, type PlacedRows } from './placed.js';
import { RESOURCE_LABEL, tooLarge } from './too-large.js';
import { RESOURCES } from '../shared/terms.js';
import type { ScenarioSpec } from './types.js';

/**
 * The sums of one state, and how much of them is known: by host slot times 3 plus resource
 * index. Names go into the lists only for the few services without a figure, or with a
 * default.
 */
export interface StateSums {
  best: Float64Array;
  worst: Float64Array;
  estimated: Int32Array;
  unestimated: Map<number, string[]>;
  defaulted: Map<number, string[]>;
}

function pushTo(map: Map<number, string[]>, key: number, name: string): void {
  const list = map.get(key);
  if (list) list.push(name);
  else map.set(key, [name]);
}

/** One pass over a state's placed services (all when `active` is null) into sums per slot. */
export function stateSums(
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
    else for (const each of slotsOfRow(rows, i)) add(i, z, each);
  }
  // Figures are never negative, so a sum that ends exact was exact all along.
  for (let at = 0; at < slots * 3; at++) {
    if (Number.isSafeInteger(sums.worst[at]!) && Number.isSafeInteger(sums.best[at]!)) continue;
    throw tooLarge(
      scenario.source,
      `the total ${RESOURCE_LABEL[RESOURCES[at % 3]!]} demand on "${hostName(Math.floor(at / 3))}" in scenario "${scenario.name}" is too large to count exactly (over 2^53 - 1)`,
    );
  }
  return sums;
}

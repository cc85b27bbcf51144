/**
 * A scenario's placement as rows of numbers: for each placed service (in the placement's
 * order) its index among the model's services and the host it runs on, as a slot among the
 * hosts the scenario uses. Made once per placement: the scenario, the advice's re-runs of it
 * at another tier or on bigger hosts, and every state of its phases all read the same rows,
 * and a pass over them adds up numbers in arrays rather than looking names up.
 *
 * A list of services on one host reads the same whichever host that is: such placements
 * share their rows but for the host, and what is worked out from them (`shape`).
 */
import { OneHostPlacement } from './one-host.js';
import type { ScenarioSpec } from './types.js';

export interface PlacedRows {
  names: readonly string[];
  /** Index of each row's service among the model's services. */
  service: Int32Array;
  /** Slot of each row's host in `usedHosts`, or -1 when it runs on several. */
  slot: Int32Array;
  /** The slots of rows that run on several hosts (swarm global services), by row. */
  several: ReadonlyMap<number, readonly number[]>;
  /** The hosts by slot, as indices among the model's hosts, in the manifest's order. */
  usedHosts: readonly number[];
  /**
   * What placements of the same services on one host have in common, for keeping what is
   * worked out from them; the rows themselves for any other placement.
   */
  shape: object;
}

export interface Indices {
  services: ReadonlyMap<string, number>;
  hosts: ReadonlyMap<string, number>;
}

interface OneHostShape {
  service: Int32Array;
  slot: Int32Array;
}

export function placedRows(
  placement: ScenarioSpec['placement'],
  ix: Indices,
  byList: WeakMap<readonly string[], OneHostShape>,
): PlacedRows {
  if (placement instanceof OneHostPlacement) {
    let shape = byList.get(placement.names);
    if (!shape) {
      shape = {
        service: Int32Array.from(placement.names, (name) => ix.services.get(name)!),
        slot: new Int32Array(placement.names.length),
      };
      byList.set(placement.names, shape);
    }
    return {
      names: placement.names,
      service: shape.service,
      slot: shape.slot,
      several: new Map(),
      usedHosts: placement.names.length > 0 ? [ix.hosts.get(placement.host)!] : [],
      shape,
    };
  }
  const n = placement.size;
  const names: string[] = new Array<string>(n);
  const service = new Int32Array(n);
  const host = new Int32Array(n);
  const severalHosts = new Map<number, number[]>();
  const used = new Uint8Array(ix.hosts.size);
  let i = 0;
  // Services placed on one host mostly share its list: look the host up once per list.
  let lastList: readonly string[] | null = null;
  let lastHost = -1;
  for (const [name, on] of placement) {
    names[i] = name;
    service[i] = ix.services.get(name)!;
    if (on.length === 1) {
      if (on !== lastList) {
        lastList = on;
        lastHost = ix.hosts.get(on[0]!)!;
      }
      host[i] = lastHost;
      used[lastHost] = 1;
    } else {
      host[i] = -1;
      const list = on.map((x) => ix.hosts.get(x)!);
      for (const h of list) used[h] = 1;
      severalHosts.set(i, list);
    }
    i++;
  }
  const usedHosts: number[] = [];
  const slotOf = new Int32Array(used.length).fill(-1);
  for (let h = 0; h < used.length; h++) {
    if (!used[h]) continue;
    slotOf[h] = usedHosts.length;
    usedHosts.push(h);
  }
  const slot = new Int32Array(n);
  for (let r = 0; r < n; r++) slot[r] = host[r]! >= 0 ? slotOf[host[r]!]! : -1;
  const several = new Map<number, number[]>();
  for (const [r, list] of severalHosts)
    several.set(
      r,
      list.map((h) => slotOf[h]!),
    );
  const rows: PlacedRows = { names, service, slot, several, usedHosts, shape: {} };
  rows.shape = rows;
  return rows;
}

/** One list per slot, so asking for a row's slots allocates nothing. */
const ONLY: Array<readonly number[]> = [];

/** The slots of one row. */
export function slotsOfRow(rows: PlacedRows, i: number): readonly number[] {
  const k = rows.slot[i]!;
  return k >= 0 ? (ONLY[k] ??= Object.freeze([k])) : rows.several.get(i)!;
}

/**
 * A scenario's placement as rows of numbers: for each placed service (in the placement's
 * order) its index among the model's services and the hosts it runs on, as indices among the
 * model's hosts. Made once per placement: the scenario, the advice's re-runs of it at another
 * tier or on bigger hosts, and every state of its phases all read the same rows, and a pass
 * over them adds up numbers in arrays rather than looking names up.
 */
import { OneHostPlacement } from './one-host.js';
import type { ScenarioSpec } from './types.js';

export interface PlacedRows {
  names: readonly string[];
  /** Index of each row's service among the model's services. */
  service: Int32Array;
  /** Index of each row's host among the model's hosts, or -1 when it runs on several. */
  host: Int32Array;
  /** The hosts of rows that run on several (swarm global services), by row. */
  several: ReadonlyMap<number, readonly number[]>;
  /** Hosts with at least one service, as indices, in the manifest's order. */
  usedHosts: readonly number[];
}

export interface Indices {
  services: ReadonlyMap<string, number>;
  hosts: ReadonlyMap<string, number>;
}

/**
 * Rows of a placement. The service indices of a list of services on one host are the same
 * whichever host it is, so they are kept by list (`byList`) and shared.
 */
export function placedRows(
  placement: ScenarioSpec['placement'],
  ix: Indices,
  byList: WeakMap<readonly string[], Int32Array>,
): PlacedRows {
  if (placement instanceof OneHostPlacement) {
    let service = byList.get(placement.names);
    if (!service) {
      service = Int32Array.from(placement.names, (name) => ix.services.get(name)!);
      byList.set(placement.names, service);
    }
    const h = ix.hosts.get(placement.host)!;
    return {
      names: placement.names,
      service,
      host: new Int32Array(placement.names.length).fill(h),
      several: new Map(),
      usedHosts: placement.names.length > 0 ? [h] : [],
    };
  }
  const n = placement.size;
  const names: string[] = new Array<string>(n);
  const service = new Int32Array(n);
  const host = new Int32Array(n);
  const several = new Map<number, number[]>();
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
      several.set(i, list);
    }
    i++;
  }
  const usedHosts: number[] = [];
  for (let h = 0; h < used.length; h++) if (used[h]) usedHosts.push(h);
  return { names, service, host, several, usedHosts };
}

/** One list per host index, so asking for a row's hosts allocates nothing. */
const ONLY: Array<readonly number[]> = [];

/** The hosts of one row. */
export function hostsOfRow(rows: PlacedRows, i: number): readonly number[] {
  const h = rows.host[i]!;
  return h >= 0 ? (ONLY[h] ??= Object.freeze([h])) : rows.several.get(i)!;
}

/**
 * What a report shows first when it cannot show everything: the tightest hosts and the
 * largest services, picked without sorting whole lists (a scenario of ten thousand
 * services, in scenario after scenario). Shared by the text and Markdown renderers.
 */
import { RESOURCES, type ResourceName, type Verdict } from '../shared/terms.js';
import type { HostReport, ServiceReport } from '../model/results.js';

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * The first `k` items of a list in the order `compare` gives: what sorting the whole list
 * and taking its first `k` would give (ties keep the list's order, as a stable sort does).
 */
export function firstBy<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1]!) >= 0) continue;
    // After the last element that comes before or ties with it: ties keep their order.
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(item, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

/** The smallest worst-case headroom of a host, in % of capacity; Infinity when none is judged. */
export function hostMin(h: HostReport): number {
  let min = Infinity;
  for (const r of RESOURCES) {
    const p = h.resources[r].headroomPct?.worst;
    if (p !== undefined && p < min) min = p;
  }
  return min;
}

/** The `k` tightest hosts: failing first, then by least headroom. */
export function tightest(hosts: readonly HostReport[], k: number): HostReport[] {
  return firstBy(
    hosts.map((h) => ({ h, rank: RANK[h.verdict], min: hostMin(h) })),
    k,
    (a, b) => b.rank - a.rank || a.min - b.min,
  ).map((x) => x.h);
}

/** The `k` largest by worst-case memory (then CPU), ties in code-point order of the name. */
function largest(
  services: ReadonlyArray<{ h: HostReport; svc: ServiceReport }>,
  k: number,
): Array<{ h: HostReport; svc: ServiceReport }> {
  const worst = (svc: ServiceReport, r: ResourceName) => svc[r]?.worst ?? 0;
  return firstBy(
    services,
    k,
    (a, b) =>
      worst(b.svc, 'memory') - worst(a.svc, 'memory') ||
      worst(b.svc, 'cpus') - worst(a.svc, 'cpus') ||
      (a.svc.name < b.svc.name ? -1 : a.svc.name > b.svc.name ? 1 : 0),
  );
}

/** Rankings of one host's service list (lists are shared, never changed), by how many. */
const RANKED = new WeakMap<readonly ServiceReport[], Map<number, ServiceReport[]>>();

/** The largest services over a scenario's hosts; a single host's list is ranked once. */
export function largestServices(
  hosts: readonly HostReport[],
  k: number,
): Array<{ h: HostReport; svc: ServiceReport }> {
  if (hosts.length !== 1)
    return largest(
      hosts.flatMap((h) => h.services.map((svc) => ({ h, svc }))),
      k,
    );
  const h = hosts[0]!;
  let byCount = RANKED.get(h.services);
  if (!byCount) RANKED.set(h.services, (byCount = new Map<number, ServiceReport[]>()));
  let top = byCount.get(k);
  if (!top) {
    top = largest(
      h.services.map((svc) => ({ h, svc })),
      k,
    ).map((x) => x.svc);
    byCount.set(k, top);
  }
  return top.map((svc) => ({ h, svc }));
}

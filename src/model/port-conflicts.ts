/**
 * Port clashes in one state of a scenario: two services on one host publishing ports of one
 * protocol whose ranges overlap on overlapping addresses, and a service with several
 * replicas publishing a fixed port (only one replica can bind it).
 *
 * The ports of each host and protocol are swept in order of their first port, so a clash of
 * two ranges is one clash naming the ports they share, however many ports that is, and the
 * work grows with the number of published entries, not with the ports they span. Every clash
 * is counted; only the first `limit` are spelled out, since thousands of identical messages
 * help nobody and would make the report as large as the clashes are many.
 */
import { addressesOverlap, lastPort, portWords } from '../units/ports.js';
import type { Protocol, Source } from '../shared/terms.js';
import type { PublishedPort } from './types.js';

/** What the sweep needs of one placed, steady service. */
export interface PortUser {
  name: string;
  /** The hosts it runs on, as indices into the host names given with it. */
  hosts: readonly number[];
  replicas: number;
  ports: readonly PublishedPort[];
}

export interface PortConflict {
  /** The same clash in another state has the same key. */
  key: string;
  message: string;
  at: Source;
}

export interface PortConflicts {
  /** The first clashes, at most the limit, in the order the placement names their services. */
  listed: PortConflict[];
  /** Every clash, listed or not. */
  total: number;
}

interface Entry {
  service: string;
  /** Which placed service this is, to tell a service's own entries from another's. */
  owner: number;
  start: number;
  last: number;
  ip: string;
  wild: boolean;
  protocol: Protocol;
  host: string;
  source: Source;
  /** Position in the placement's order, for listing clashes in it. */
  seq: number;
}

function isWildcard(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

interface Found extends PortConflict {
  /** Sort keys: the later entry's position, then clashes before replica notes, then the earlier. */
  seq: number;
  kind: number;
  other: number;
}

/** A min-heap of entries by their last port: the ones still open as the sweep moves on. */
class OpenEntries {
  readonly items: Entry[] = [];

  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.last <= a[i]!.last) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  pop(): Entry {
    const a = this.items;
    const top = a[0]!;
    const end = a.pop()!;
    if (a.length > 0) {
      a[0] = end;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.last < a[m]!.last) m = l;
        if (r < a.length && a[r]!.last < a[m]!.last) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

/**
 * Counts of the open entries by address and by service, so the number of clashes a new
 * entry makes is known without comparing it with each open one.
 */
class OpenCounts {
  all = 0;
  wild = 0;
  private readonly byIp = new Map<string, number>();
  private readonly ownerAll = new Map<string, number>();
  private readonly ownerWild = new Map<string, number>();
  private readonly ownerIp = new Map<string, number>();

  change(e: Entry, by: 1 | -1): void {
    const owner = String(e.owner);
    this.all += by;
    bump(this.ownerAll, owner, by);
    if (e.wild) {
      this.wild += by;
      bump(this.ownerWild, owner, by);
    } else {
      bump(this.byIp, e.ip, by);
      bump(this.ownerIp, `${owner}\u0000${e.ip}`, by);
    }
  }

  /** Open entries of other services whose addresses overlap the entry's. */
  clashesWith(e: Entry): number {
    const owner = String(e.owner);
    if (e.wild) return this.all - (this.ownerAll.get(owner) ?? 0);
    const others = this.wild + (this.byIp.get(e.ip) ?? 0);
    const own = (this.ownerWild.get(owner) ?? 0) + (this.ownerIp.get(`${owner}\u0000${e.ip}`) ?? 0);
    return others - own;
  }
}

function pairConflict(a: Entry, b: Entry): Found {
  const from = b.start;
  const to = Math.min(a.last, b.last);
  const [x, y] = a.service < b.service ? [a.service, b.service] : [b.service, a.service];
  return {
    key: `${x}\u0000${y}\u0000${a.host}\u0000${a.protocol}\u0000${from}-${to}`,
    message: `"${a.service}" and "${b.service}" both publish ${b.protocol} ${portWords(from, to)} on host "${a.host}"`,
    at: b.source,
    seq: b.seq,
    kind: 0,
    other: a.seq,
  };
}

/**
 * Sweeps one host and protocol. Entries are sorted by first port; an entry clashes with the
 * open entries (those not yet ended) of other services on overlapping addresses.
 */
function sweep(entries: Entry[], limit: number, found: Found[]): number {
  entries.sort((a, b) => a.start - b.start || a.seq - b.seq);
  const open = new OpenEntries();
  const counts = new OpenCounts();
  let total = 0;
  for (const e of entries) {
    while (open.peek() !== undefined && open.peek()!.last < e.start) counts.change(open.pop(), -1);
    const n = counts.clashesWith(e);
    if (n > 0) {
      total += n;
      if (found.length < limit) {
        const clashing = open.items
          .filter((o) => o.owner !== e.owner && addressesOverlap(o.ip, e.ip))
          .sort((a, b) => a.seq - b.seq);
        for (const o of clashing) {
          if (found.length >= limit) break;
          found.push(pairConflict(o, e));
        }
      }
    }
    open.push(e);
    counts.change(e, 1);
  }
  return total;
}

const PROTOCOL_INDEX: Record<Protocol, number> = { tcp: 0, udp: 1, sctp: 2 };

/** Every clash among the services of one state, counted, with the first `limit` spelled out. */
export function portConflicts(
  users: readonly PortUser[],
  hostNames: readonly string[],
  limit: number,
): PortConflicts {
  const found: Found[] = [];
  let total = 0;
  // Most hosts publish each port once: a first look at single ports, as sorted numbers,
  // finds the hosts and protocols that need the sweep, and spares the others.
  const swept = new Set<number>();
  let count = 0;
  for (const u of users) count += u.ports.length * u.hosts.length;
  const keys = new Float64Array(count);
  let k = 0;
  for (const u of users) {
    for (const h of u.hosts) {
      for (const p of u.ports) {
        const group = h * 4 + PROTOCOL_INDEX[p.protocol];
        if (lastPort(p) > p.port) swept.add(group);
        else keys[k++] = group * 65_536 + p.port;
      }
    }
  }
  const sorted = keys.subarray(0, k).sort();
  for (let i = 1; i < k; i++)
    if (sorted[i] === sorted[i - 1]) swept.add(Math.floor(sorted[i]! / 65_536));
  if (swept.size === 0 && !users.some((u) => u.replicas > 1)) return { listed: [], total: 0 };
  const groups = new Map<number, Entry[]>();
  let seq = 0;
  let owner = 0;
  for (const u of users) {
    owner++;
    for (const h of u.hosts) {
      for (const p of u.ports) {
        const last = lastPort(p);
        const group = h * 4 + PROTOCOL_INDEX[p.protocol];
        const at = seq++;
        const sweepIt = swept.has(group);
        if (!sweepIt && u.replicas <= 1) continue;
        const host = hostNames[h]!;
        if (sweepIt) {
          const e: Entry = {
            service: u.name,
            owner,
            start: p.port,
            last,
            ip: p.hostIp,
            wild: isWildcard(p.hostIp),
            protocol: p.protocol,
            host,
            source: p.source,
            seq: at,
          };
          const list = groups.get(group);
          if (list) list.push(e);
          else groups.set(group, [e]);
        }
        if (u.replicas > 1) {
          total++;
          if (found.length < limit) {
            found.push({
              key: `${u.name}\u0000replicas\u0000${host}\u0000${p.protocol}\u0000${p.port}-${last}`,
              message: `"${u.name}" publishes ${p.protocol} ${portWords(p.port, last)} with ${u.replicas} replicas on host "${host}"; only one replica can bind ${last > p.port ? 'them' : 'it'}`,
              at: p.source,
              seq: at,
              kind: 1,
              other: 0,
            });
          }
        }
      }
    }
  }
  for (const entries of groups.values()) total += sweep(entries, limit, found);
  found.sort((a, b) => a.seq - b.seq || a.kind - b.kind || a.other - b.other);
  return {
    listed: found.map(({ key, message, at }) => ({ key, message, at })),
    total,
  };
}

/**
 * Port clashes in one state of a scenario: two services on one host publishing ports of one
 * protocol whose ranges overlap on overlapping addresses, a service publishing a port that
 * something the host's snapshot lists already listens on, and a service with several
 * replicas publishing a fixed port (only one replica can bind it).
 *
 * The ports of each host and protocol are swept in order of their first port, so a clash of
 * two ranges is one clash naming the ports they share, however many ports that is, and the
 * work grows with the number of published entries, not with the ports they span. Every clash
 * is counted; only the first `limit` are spelled out, since thousands of identical messages
 * help nobody and would make the report as large as the clashes are many.
 */
import { addressesOverlap, isWildcardAddress, lastPort, portWords } from '../units/ports.js';
import type { Protocol, Source } from '../shared/terms.js';
import type { ListeningPort, PublishedPort } from './types.js';

/** What the sweep needs of one placed, steady service. */
export interface PortUser {
  name: string;
  /** The hosts it runs on, as indices into the host names given with it. */
  hosts: readonly number[];
  replicas: number;
  ports: readonly PublishedPort[];
}

/** A port already taken on a host: something running there, which the scenario keeps. */
export interface HeldPort {
  /** The host, as an index into the host names given with it. */
  host: number;
  port: ListeningPort;
  /** The snapshot that says so. */
  file: string;
}

export interface PortConflict {
  /** `port-conflict` between placed services, `port-in-use` with what already listens. */
  code: 'port-conflict' | 'port-in-use';
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
  /** Set for a port already held on the host: it clashes with services, not with another. */
  held?: { holder: string; file: string };
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

/** A placed service's entry and a held port's, whichever came first in the sweep. */
function inUse(service: Entry, held: Entry, from: number, to: number): Found {
  const { holder, file } = held.held!;
  return {
    code: 'port-in-use',
    key: `${service.service}\u0000held\u0000${holder}\u0000${file}\u0000${service.host}\u0000${service.protocol}\u0000${from}-${to}`,
    message: `"${service.service}" publishes ${service.protocol} ${portWords(from, to)} on host "${service.host}", where ${holder} already listens (snapshot ${file})`,
    at: service.source,
    seq: service.seq,
    kind: 0,
    other: held.seq,
  };
}

function pairConflict(a: Entry, b: Entry): Found {
  const from = b.start;
  const to = Math.min(a.last, b.last);
  if (a.held) return inUse(b, a, from, to);
  if (b.held) return inUse(a, b, from, to);
  const [x, y] = a.service < b.service ? [a.service, b.service] : [b.service, a.service];
  return {
    code: 'port-conflict',
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
 * open entries (those not yet ended) of other services on overlapping addresses, and held
 * ports with services only: two things already listening together are the host's own affair.
 */
function sweep(entries: Entry[], limit: number, found: Found[]): number {
  entries.sort((a, b) => a.start - b.start || a.seq - b.seq);
  const open = new OpenEntries();
  const placed = new OpenCounts();
  const held = new OpenCounts();
  const countsOf = (e: Entry) => (e.held ? held : placed);
  let total = 0;
  for (const e of entries) {
    while (open.peek() !== undefined && open.peek()!.last < e.start) {
      const ended = open.pop();
      countsOf(ended).change(ended, -1);
    }
    const n = placed.clashesWith(e) + (e.held ? 0 : held.clashesWith(e));
    if (n > 0) {
      total += n;
      if (found.length < limit) {
        const clashing = open.items
          .filter((o) => o.owner !== e.owner && !(o.held && e.held) && addressesOverlap(o.ip, e.ip))
          .sort((a, b) => a.seq - b.seq);
        for (const o of clashing) {
          if (found.length >= limit) break;
          found.push(pairConflict(o, e));
        }
      }
    }
    open.push(e);
    countsOf(e).change(e, 1);
  }
  return total;
}

const PROTOCOL_INDEX: Record<Protocol, number> = { tcp: 0, udp: 1, sctp: 2 };

function groupOf(host: number, protocol: Protocol): number {
  return host * 4 + PROTOCOL_INDEX[protocol];
}

/**
 * The hosts and protocols where entries may clash. Most hosts publish each port once: a
 * first look at single ports, as sorted numbers, finds the groups that need the sweep (a
 * port written twice, or a range), and spares the others.
 */
function groupsToSweep(users: readonly PortUser[], held: readonly HeldPort[]): Set<number> {
  const swept = new Set<number>();
  let count = held.length;
  for (const u of users) count += u.ports.length * u.hosts.length;
  const keys = new Float64Array(count);
  let k = 0;
  const look = (group: number, p: { port: number; last?: number }) => {
    if (lastPort(p) > p.port) swept.add(group);
    else keys[k++] = group * 65_536 + p.port;
  };
  for (const u of users) {
    for (const h of u.hosts) for (const p of u.ports) look(groupOf(h, p.protocol), p);
  }
  for (const hp of held) look(groupOf(hp.host, hp.port.protocol), hp.port);
  const sorted = keys.subarray(0, k).sort();
  for (let i = 1; i < k; i++)
    if (sorted[i] === sorted[i - 1]) swept.add(Math.floor(sorted[i]! / 65_536));
  return swept;
}

function addEntry(groups: Map<number, Entry[]>, group: number, e: Entry): void {
  const list = groups.get(group);
  if (list) list.push(e);
  else groups.set(group, [e]);
}

/** The held ports of the groups swept, after every service's entries in the order. */
function heldEntries(
  held: readonly HeldPort[],
  hostNames: readonly string[],
  swept: ReadonlySet<number>,
  groups: Map<number, Entry[]>,
  firstSeq: number,
): void {
  held.forEach((hp, i) => {
    const group = groupOf(hp.host, hp.port.protocol);
    if (!swept.has(group)) return;
    const { port } = hp;
    addEntry(groups, group, {
      service: port.holder,
      // Owners of their own, apart from every service's.
      owner: -1 - i,
      start: port.port,
      last: lastPort(port),
      ip: port.hostIp,
      wild: isWildcardAddress(port.hostIp),
      protocol: port.protocol,
      host: hostNames[hp.host]!,
      source: port.source,
      seq: firstSeq + i,
      held: { holder: port.holder, file: hp.file },
    });
  });
}

/**
 * Every clash among the services of one state, and with the ports already held on their
 * hosts, counted, with the first `limit` spelled out.
 */
export function portConflicts(
  users: readonly PortUser[],
  hostNames: readonly string[],
  limit: number,
  held: readonly HeldPort[] = [],
): PortConflicts {
  const found: Found[] = [];
  let total = 0;
  const swept = groupsToSweep(users, held);
  if (swept.size === 0 && !users.some((u) => u.replicas > 1)) return { listed: [], total: 0 };
  const groups = new Map<number, Entry[]>();
  let seq = 0;
  let owner = 0;
  for (const u of users) {
    owner++;
    for (const h of u.hosts) {
      for (const p of u.ports) {
        const last = lastPort(p);
        const group = groupOf(h, p.protocol);
        const at = seq++;
        const sweepIt = swept.has(group);
        if (!sweepIt && u.replicas <= 1) continue;
        const host = hostNames[h]!;
        if (sweepIt) {
          addEntry(groups, group, {
            service: u.name,
            owner,
            start: p.port,
            last,
            ip: p.hostIp,
            wild: isWildcardAddress(p.hostIp),
            protocol: p.protocol,
            host,
            source: p.source,
            seq: at,
          });
        }
        if (u.replicas > 1) {
          total++;
          if (found.length < limit) {
            found.push({
              code: 'port-conflict',
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
  heldEntries(held, hostNames, swept, groups, seq);
  for (const entries of groups.values()) total += sweep(entries, limit, found);
  found.sort((a, b) => a.seq - b.seq || a.kind - b.kind || a.other - b.other);
  return {
    listed: found.map(({ code, key, message, at }) => ({ code, key, message, at })),
    total,
  };
}

/**
 * A placement of a scenario's services across the manifest's hosts by first-fit decreasing:
 * the groups that move together (a compose project, unless it may be split, or one service),
 * biggest worst-case memory first, each into the first host with room for it whose published
 * ports it does not clash with.
 */
import { addressesOverlap } from '../units/ports.js';
import { measuredOn, room, zero, type Amounts, type Demands } from './advice-amounts.js';
import { FirstFitIndex } from './first-fit-index.js';
import { RESOURCES } from '../shared/terms.js';
import {
  isSteady,
  type CapacityModel,
  type HostSpec,
  type PublishedPort,
  type ServiceSpec,
} from './types.js';

/** Services that move together: a compose project (unless it may be split), or one service. */
interface Group {
  names: string[];
  demand: Amounts;
  ports: PublishedPort[];
  /** For ordering ties: the first name. */
  label: string;
}

const PROTOCOLS = { tcp: 0, udp: 1, sctp: 2 } as const;

/** The ports a host in the making already publishes, looked up by protocol and port. */
class BinPorts {
  private readonly single = new Map<number, PublishedPort[]>();
  private readonly ranges: PublishedPort[] = [];

  private static key(protocol: PublishedPort['protocol'], port: number): number {
    return PROTOCOLS[protocol] * 65_536 + port;
  }

  add(p: PublishedPort): void {
    if ((p.last ?? p.port) > p.port) {
      this.ranges.push(p);
      return;
    }
    const key = BinPorts.key(p.protocol, p.port);
    const list = this.single.get(key);
    if (list) list.push(p);
    else this.single.set(key, [p]);
  }

  clashes(p: PublishedPort): boolean {
    const last = p.last ?? p.port;
    const meets = (q: PublishedPort) =>
      q.protocol === p.protocol &&
      q.port <= last &&
      (q.last ?? q.port) >= p.port &&
      addressesOverlap(q.hostIp, p.hostIp);
    if (this.ranges.some(meets)) return true;
    if (last === p.port)
      return this.single.get(BinPorts.key(p.protocol, p.port))?.some(meets) ?? false;
    for (const list of this.single.values()) if (list.some(meets)) return true;
    return false;
  }
}

interface Bin {
  host: HostSpec;
  left: Amounts;
  ports: BinPorts;
  used: boolean;
}

function portsClash(bin: Bin, ports: readonly PublishedPort[]): boolean {
  return ports.some((p) => bin.ports.clashes(p));
}

function groupsOf(
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  demands: Demands,
): { groups: Group[]; globals: ServiceSpec[] } {
  const byKey = new Map<string, Group>();
  const groups: Group[] = [];
  const globals: ServiceSpec[] = [];
  for (const name of names) {
    const s = services.get(name)!;
    if (s.global) {
      globals.push(s);
      continue;
    }
    // A service of its own moves alone; only a project's services need gathering by key.
    const together = s.project !== undefined && !s.splittable;
    let g = together ? byKey.get(s.project!) : undefined;
    if (!g) {
      g = { names: [], demand: zero(), ports: [], label: name };
      if (together) byKey.set(s.project!, g);
      groups.push(g);
    }
    g.names.push(name);
    const d = demands.of(s, tier);
    for (const r of RESOURCES) g.demand[r] += d[r];
    if (isSteady(s)) for (const p of s.ports) g.ports.push(p);
  }
  return { groups, globals };
}

/**
 * First-fit decreasing: biggest worst-case memory first, into the first host with room. A
 * swarm global service runs on every host that gets services, so its share is set aside on
 * each host before anything else is placed.
 */
export function firstFitDecreasing(
  model: CapacityModel,
  names: readonly string[],
  services: ReadonlyMap<string, ServiceSpec>,
  tier: string | undefined,
  margin: boolean,
  demands: Demands,
): Map<string, string[]> | null {
  const { groups, globals } = groupsOf(names, services, tier, demands);
  groups.sort(
    (a, b) =>
      b.demand.memory - a.demand.memory ||
      b.demand.cpus - a.demand.cpus ||
      // Code-point order: the same everywhere, and no locale data to load.
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  const globalDemand = zero();
  const globalPorts: PublishedPort[] = [];
  for (const s of globals) {
    const d = demands.of(s, tier);
    for (const r of RESOURCES) globalDemand[r] += d[r];
    if (isSteady(s)) for (const p of s.ports) globalPorts.push(p);
  }
  const bins: Bin[] = model.hosts.map((host) => {
    const ports = new BinPorts();
    for (const p of globalPorts) ports.add(p);
    return {
      host,
      left: {
        memory:
          room(host, 'memory', model.policy.warnBelowPpm, margin) +
          measuredOn(host, names, services) -
          globalDemand.memory,
        cpus: room(host, 'cpus', model.policy.warnBelowPpm, margin) - globalDemand.cpus,
        disk: room(host, 'disk', model.policy.warnBelowPpm, margin) - globalDemand.disk,
      },
      ports,
      used: false,
    };
  });
  // First fit through an index of each resource's room: the first host with room for all
  // three is where the three indices agree, each moving the search on past the hosts that
  // another lacks room in; then the ports are checked there.
  const index = {
    memory: new FirstFitIndex(bins.map((b) => b.left.memory)),
    cpus: new FirstFitIndex(bins.map((b) => b.left.cpus)),
    disk: new FirstFitIndex(bins.map((b) => b.left.disk)),
  };
  const placement = new Map<string, string[]>();
  for (const g of groups) {
    let at = -1;
    for (let i = 0; i >= 0 && at < 0;) {
      let agreed = true;
      for (const r of RESOURCES) {
        const j = index[r].first(i, g.demand[r]);
        if (j !== i) agreed = false;
        i = j;
        if (i < 0) break;
      }
      if (i < 0 || !agreed) continue;
      if (portsClash(bins[i]!, g.ports)) i++;
      else at = i;
    }
    if (at < 0) return null;
    const bin = bins[at]!;
    for (const r of RESOURCES) {
      bin.left[r] -= g.demand[r];
      index[r].set(at, bin.left[r]);
    }
    for (const p of g.ports) bin.ports.add(p);
    bin.used = true;
    // One list per host, shared by the services placed there: nothing changes it.
    const on = [bin.host.name];
    for (const name of g.names) placement.set(name, on);
  }
  const used = bins.filter((b) => b.used).map((b) => b.host.name);
  const globalHosts = used.length > 0 ? used : [bins[0]!.host.name];
  for (const s of globals) placement.set(s.name, globalHosts);
  return placement;
}

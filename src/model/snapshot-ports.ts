/**
 * The ports a host snapshot says are taken: what its systemd services listen on and the host
 * addresses its containers publish, each with what holds it and the service matched to that,
 * if any. A socket bound to an address a container of the same snapshot publishes is the
 * container's, not that of the service whose cgroup holds Docker's proxy: a snapshot that
 * lists it under docker.service as well (one written by hand, say) counts it once, for the
 * container, which a compose service may be matched to.
 */
import { isWildcardAddress, type HostPort } from '../units/ports.js';
import { boundToAny, publishedBindings, socketAddress } from '../units/snapshot-addresses.js';
import type { Source } from '../shared/terms.js';
import type { SnapshotFile } from './snapshot-facts.js';
import type { ListeningPort } from './types.js';

/** The service that matched a container or unit of the snapshot, by kind and name. */
export type MatchedBy = (kind: 'container' | 'unit', name: string) => string | undefined;

/**
 * One holder's addresses for a port, without repeats: a wildcard stands for all its
 * addresses (a service on `0.0.0.0:80` and `[::]:80` takes port 80 once).
 */
function addDistinct(
  out: ListeningPort[],
  ports: readonly HostPort[],
  holder: Pick<ListeningPort, 'holder' | 'service' | 'source'>,
): void {
  const groups = new Map<string, HostPort[]>();
  for (const p of ports) {
    const key = `${p.protocol}\u0000${p.port}\u0000${p.last ?? p.port}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  for (const list of groups.values()) {
    const wild = list.find((p) => isWildcardAddress(p.hostIp));
    const kept = wild ? [wild] : [...new Map(list.map((p) => [p.hostIp, p])).values()];
    for (const p of kept) out.push({ ...p, ...holder });
  }
}

function holder(
  kind: 'container' | 'unit',
  name: string,
  source: Source,
  matchedBy: MatchedBy,
): Pick<ListeningPort, 'holder' | 'service' | 'source'> {
  const service = matchedBy(kind, name);
  return { holder: `${kind} ${name}`, ...(service !== undefined ? { service } : {}), source };
}

export function listeningPorts(file: SnapshotFile, matchedBy: MatchedBy): ListeningPort[] {
  const out: ListeningPort[] = [];
  const snap = file.snapshot;
  const published = publishedBindings(snap.containers.flatMap((c) => c.ports ?? []));
  snap.units.forEach((u, i) => {
    const ports: HostPort[] = [];
    for (const text of u.ports ?? []) {
      const p = socketAddress(text);
      if (p && !boundToAny(text, published)) ports.push(p);
    }
    if (ports.length > 0)
      addDistinct(out, ports, holder('unit', u.name, file.at(['units', i]), matchedBy));
  });
  snap.containers.forEach((c, i) => {
    const ports = publishedBindings(c.ports ?? []);
    if (ports.length > 0) {
      addDistinct(out, ports, holder('container', c.name, file.at(['containers', i]), matchedBy));
    }
  });
  return out;
}

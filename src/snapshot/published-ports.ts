/**
 * Ports containers publish, given to the containers. With Docker's userland proxy (its
 * default), each published port is held by a `docker-proxy` process that the engine starts
 * in its own cgroup, so the socket walk finds it under docker.service (or without an owner,
 * when the proxy's open files could not be read). The engine's list of containers says which
 * container publishes which host address, and each container's entry lists its published
 * ports already: a socket bound to one of them is the container's, and leaves the unit's
 * list and `other_ports`.
 */
import type { ContainerFacts, UnitFacts } from '../model/snapshot-facts.js';
import { boundToAny, publishedBindings } from '../units/snapshot-addresses.js';

export function withoutPublishedPorts(
  units: readonly UnitFacts[],
  otherPorts: readonly string[],
  containers: readonly ContainerFacts[],
): { units: UnitFacts[]; otherPorts: string[] } {
  const bindings = publishedBindings(containers.flatMap((c) => c.ports));
  if (bindings.length === 0) return { units: [...units], otherPorts: [...otherPorts] };
  const keep = (address: string) => !boundToAny(address, bindings);
  return {
    units: units.map((u) => ({ ...u, ports: u.ports.filter(keep) })),
    otherPorts: otherPorts.filter(keep),
  };
}

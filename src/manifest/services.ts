/** `services:`: each service the manifest declares itself, with its ports and estimates. */
import type { PublishedPort, ServiceSpec } from '../model/types.js';
import type { PathSegment } from '../shared/terms.js';
import { clip } from '../units/parse.js';
import { parsePortSpec } from '../units/ports.js';
import { readEstimates } from './estimates.js';
import type { Raw, Reader } from './reader.js';

export function readService(r: Reader, name: string, s: Raw): ServiceSpec {
  const base: PathSegment[] = ['services', name];
  if (name.includes('*')) {
    r.problem(
      base,
      `the service name "${clip(name)}" cannot hold "*": in a scenario, * stands for any run of characters`,
      true,
    );
  }
  const ports: PublishedPort[] = [];
  ((s.ports as unknown[]) ?? []).forEach((p, i) => {
    const parsed = r.take([...base, 'ports', i], parsePortSpec(p as string | number));
    if (parsed) ports.push({ ...parsed, source: r.figureAt([...base, 'ports', i]) });
  });
  const service: ServiceSpec = {
    name,
    replicas: (s.replicas as number | undefined) ?? 1,
    ports,
    source: r.at(base, true),
    origin: 'manifest',
    ...(s.replicas !== undefined ? { replicasSource: r.at([...base, 'replicas']) } : {}),
  };
  if (s.container !== undefined) {
    const list = Array.isArray(s.container) ? (s.container as string[]) : [s.container as string];
    service.container = { names: list, source: r.at([...base, 'container']) };
  }
  if (typeof s.unit === 'string') service.unit = { name: s.unit, source: r.at([...base, 'unit']) };
  Object.assign(service, readEstimates(r, base, s));
  if (typeof s.oneshot === 'boolean') {
    service.oneshot = { value: s.oneshot, reason: 'manifest', source: r.at([...base, 'oneshot']) };
  }
  return service;
}

/**
 * What a compose service asks of its host, with the precedence `docker compose` applies
 * when it creates the container (compose's getDeployResources over compose-go's model):
 *  - memory limit: `deploy.resources.limits.memory`, else `mem_limit`;
 *  - memory reservation: `deploy.resources.reservations.memory`, else `mem_reservation`;
 *  - CPU limit: `deploy.resources.limits.cpus`, else `cpus`;
 *  - when both places are written they must agree (compose-go's checkConsistency); a
 *    value of 0 means "not set", as in Docker;
 *  - replicas: `scale`, else `deploy.replicas`, else 1; compose-go refuses `scale` and
 *    `deploy.replicas` with different values, and compose refuses more than one replica
 *    of a service with a fixed `container_name`.
 * Demand per replica is the range [reservation, limit], or the one that is set.
 *
 * Docker ignores `deploy.resources.reservations.cpus` (a swarm setting); we still read it
 * as the low end of the CPU range, because it is the author's own statement of need.
 */
import type { ProblemList } from '../shared/errors.js';
import type { Figure } from '../model/types.js';
import type { Source } from '../shared/terms.js';
import { formatBytes, formatCores } from '../units/format.js';
import type { Parsed } from '../units/parse.js';
import { parseDockerBytes } from './bytes.js';
import { parseDockerCpus } from './cpus.js';
import { findingAt, problemAt, type Findings } from './located.js';
import { childMap, type CNode, type MapNode } from './node.js';
import { withUnset, type UnsetNotes } from './unset.js';

/** Docker refuses memory limits and reservations below 6 MiB. */
const DOCKER_MIN_MEMORY = 6 * 1024 * 1024;

export interface ServiceResources {
  /** Per replica: [reservation, limit], or the one that is set. */
  memory?: Figure;
  memoryLimit?: Figure;
  cpus?: Figure;
  replicas: number;
  replicasSource?: Source;
}

interface Read {
  value: number;
  src: Source;
}

interface Reader {
  problems: ProblemList;
  findings: Findings;
  service: string;
  unsetNotes: UnsetNotes | undefined;
}

function present(node: CNode | undefined): node is CNode {
  return node !== undefined && !(node.kind === 'scalar' && node.value === null);
}

function read(
  node: CNode | undefined,
  parse: (v: unknown) => Parsed<number>,
  what: string,
  r: Reader,
): Read | undefined {
  if (!present(node)) return undefined;
  const parsed = parse(node.kind === 'scalar' ? node.value : undefined);
  if (!parsed.ok) {
    r.problems.add(
      problemAt(
        node.src,
        `the ${what} of "${r.service}": ${withUnset(parsed.reason, node, r.unsetNotes)}`,
      ),
    );
    return undefined;
  }
  return { value: parsed.value, src: node.src };
}

/** The first value that is set and not zero; every candidate is still checked. */
function firstSet(candidates: Array<Read | undefined>): Read | undefined {
  return candidates.find((c) => c !== undefined && c.value !== 0);
}

interface Pair {
  /** The `deploy.resources` block the attribute belongs in, when the service has one. */
  block: MapNode | undefined;
  blockName: string;
  key: string;
  /** The service-level attribute that says the same thing. */
  own: string;
}

/**
 * A figure that can be written at the service level and under `deploy.resources`. compose-go
 * (checkConsistency) refuses the project when the service-level one is set and the block
 * exists with a different value, or without the key at all; otherwise the first that is set
 * and not zero counts.
 */
function agreeing(
  deployed: Read | undefined,
  own: Read | undefined,
  pair: Pair,
  show: (n: number) => string,
  r: Reader,
): Read | undefined {
  if (own && own.value !== 0 && pair.block && deployed?.value !== own.value) {
    const other = deployed
      ? `${pair.blockName}.${pair.key} is ${show(deployed.value)} (line ${deployed.src.line})`
      : `${pair.blockName} (line ${pair.block.src.line}) has no ${pair.key}`;
    r.problems.add(
      problemAt(
        own.src,
        `"${r.service}" sets ${pair.own} to ${show(own.value)} but ${other}; compose refuses two different values, so keep one`,
      ),
    );
    return undefined;
  }
  return firstSet([deployed, own]);
}

function range(
  low: Read | undefined,
  high: Read | undefined,
  what: string,
  show: (n: number) => string,
  r: Reader,
): Figure | undefined {
  if (low && high) {
    if (low.value > high.value) {
      r.problems.add(
        problemAt(
          low.src,
          `the ${what} reservation of "${r.service}" (${show(low.value)}) is above its limit (${show(high.value)}, ${high.src.file}:${high.src.line}); Docker refuses to start such a container`,
        ),
      );
      return undefined;
    }
    return { low: low.value, high: high.value, source: high.src };
  }
  const one = high ?? low;
  return one ? { low: one.value, high: one.value, source: one.src } : undefined;
}

function count(node: CNode | undefined, what: string, r: Reader): Read | undefined {
  if (!present(node)) return undefined;
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    r.problems.add(
      problemAt(
        node.src,
        `${what} of "${r.service}" ${withUnset('must be a whole number, 0 or more', node, r.unsetNotes)}`,
      ),
    );
    return undefined;
  }
  return { value: v, src: node.src };
}

function warnTiny(m: Read | undefined, what: string, r: Reader): void {
  if (m && m.value > 0 && m.value < DOCKER_MIN_MEMORY) {
    r.findings.add(
      findingAt(
        'warn',
        'below-docker-minimum',
        `the memory ${what} of "${r.service}" is ${m.value} bytes, below Docker's minimum of 6 MiB, so Docker refuses to start it; a plain number counts bytes (write "${m.value}m" for mebibytes)`,
        m.src,
      ),
    );
  }
}

export function readResources(
  service: MapNode,
  name: string,
  problems: ProblemList,
  findings: Findings,
  unsetNotes?: UnsetNotes,
): ServiceResources {
  const r: Reader = { problems, findings, service: name, unsetNotes };
  const get = (node: MapNode | undefined, key: string): CNode | undefined => node?.entries.get(key);
  const deploy = childMap(service, 'deploy');
  const resources = childMap(deploy, 'resources');
  const limits = childMap(resources, 'limits');
  const reservations = childMap(resources, 'reservations');
  const bytes = (n: number): string => formatBytes(n, 'binary');
  const cores = (n: number): string => `${formatCores(n / 1e9)} CPU${n === 1e9 ? '' : 's'}`;

  const memLimit = agreeing(
    read(get(limits, 'memory'), parseDockerBytes, 'memory limit', r),
    read(get(service, 'mem_limit'), parseDockerBytes, 'memory limit', r),
    { block: limits, blockName: 'deploy.resources.limits', key: 'memory', own: 'mem_limit' },
    bytes,
    r,
  );
  const memReservation = agreeing(
    read(get(reservations, 'memory'), parseDockerBytes, 'memory reservation', r),
    read(get(service, 'mem_reservation'), parseDockerBytes, 'memory reservation', r),
    {
      block: reservations,
      blockName: 'deploy.resources.reservations',
      key: 'memory',
      own: 'mem_reservation',
    },
    bytes,
    r,
  );
  const cpuLimit = agreeing(
    read(get(limits, 'cpus'), parseDockerCpus, 'CPU limit', r),
    read(get(service, 'cpus'), parseDockerCpus, 'CPU limit', r),
    { block: limits, blockName: 'deploy.resources.limits', key: 'cpus', own: 'cpus' },
    cores,
    r,
  );
  const cpuReservation = firstSet([
    read(get(reservations, 'cpus'), parseDockerCpus, 'CPU reservation', r),
  ]);
  warnTiny(memLimit, 'limit', r);
  warnTiny(memReservation, 'reservation', r);

  const out: ServiceResources = { replicas: 1 };
  const memory = range(memReservation, memLimit, 'memory', bytes, r);
  if (memory) out.memory = memory;
  if (memLimit)
    out.memoryLimit = { low: memLimit.value, high: memLimit.value, source: memLimit.src };
  const cpus = range(cpuReservation, cpuLimit, 'CPU', cores, r);
  if (cpus) out.cpus = cpus;

  const scale = count(get(service, 'scale'), '`scale`', r);
  const replicas = count(get(deploy, 'replicas'), '`deploy.replicas`', r);
  if (scale && replicas && scale.value !== replicas.value) {
    problems.add(
      problemAt(
        scale.src,
        `"${name}" sets scale: ${scale.value} and deploy.replicas: ${replicas.value} (line ${replicas.src.line}); compose refuses two different values, so keep one`,
      ),
    );
  }
  const chosen = scale ?? replicas;
  if (chosen) {
    out.replicas = chosen.value;
    out.replicasSource = chosen.src;
    const containerName = get(service, 'container_name');
    if (chosen.value > 1 && present(containerName)) {
      problems.add(
        problemAt(
          chosen.src,
          `"${name}" asks for ${chosen.value} replicas but sets container_name (line ${containerName.src.line}); compose refuses both, since container names are unique`,
        ),
      );
    }
  }
  return out;
}

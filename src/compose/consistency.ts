/**
 * What compose-go's checkConsistency refuses in a loaded project, beyond the resource
 * figures (which resources.ts checks): a service with neither image nor build, references
 * to networks, volumes, secrets, configs or services the project does not define, a
 * healthcheck test that is not CMD, CMD-SHELL or NONE, and services that wait on each
 * other in a circle. Each problem is placed where the reference is written.
 *
 * One leniency: a service that a profile leaves out still counts as defined. Which profiles
 * run is decided per scenario in headroom, after the files are read, so a dependency on such
 * a service is not refused here.
 */
import type { ProblemList } from '../shared/errors.js';
import { problemAt } from './located.js';
import { childMap, isMap, isNull, type CNode, type MapNode } from './node.js';

const text = (n: CNode | undefined): string | undefined =>
  n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;

/** Names a top-level section (`networks`, `volumes`...) defines. */
function defined(root: MapNode, section: string): Set<string> {
  return new Set(childMap(root, section)?.entries.keys() ?? []);
}

/** `[a, b]` or `{a: ..., b: ...}`, each name with where it is written. */
function names(node: CNode | undefined): Array<{ name: string; at: CNode }> {
  if (node?.kind === 'seq') {
    return node.items.flatMap((i) => {
      const t = text(i) ?? (i.kind === 'map' ? text(i.entries.get('source')) : undefined);
      return t === undefined ? [] : [{ name: t, at: i }];
    });
  }
  if (node?.kind === 'map') {
    return [...node.entries].map(([name, v]) => ({ name, at: { ...v, src: v.key ?? v.src } }));
  }
  return [];
}

interface Dependency {
  name: string;
  at: CNode;
  /** How the service needs the other, for messages. */
  how: string;
}

/**
 * The services a service needs started first: its depends_on, and what compose-go's
 * normalisation adds to it (links, `service:x` namespaces, volumes_from).
 */
function dependencies(svc: MapNode): Dependency[] {
  const out: Dependency[] = names(svc.entries.get('depends_on')).map((d) => ({
    ...d,
    how: 'depends on',
  }));
  for (const l of names(svc.entries.get('links'))) {
    out.push({ name: l.name.split(':')[0]!, at: l.at, how: 'links to' });
  }
  for (const ns of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const node = svc.entries.get(ns);
    const target = text(node)?.match(/^service:(.*)$/)?.[1];
    if (target !== undefined) out.push({ name: target, at: node!, how: `shares the ${ns} of` });
  }
  for (const v of names(svc.entries.get('volumes_from'))) {
    if (!v.name.startsWith('container:')) {
      out.push({ name: v.name.split(':')[0]!, at: v.at, how: 'takes volumes from' });
    }
  }
  return out;
}

/** The named volume a service mount uses, when it uses one (not a path, not anonymous). */
function namedVolume(item: CNode): string | undefined {
  if (item.kind === 'map') {
    const type = text(item.entries.get('type')) ?? 'volume';
    return type === 'volume' ? text(item.entries.get('source')) || undefined : undefined;
  }
  const spec = text(item);
  if (spec === undefined || !spec.includes(':')) return undefined;
  const source = spec.slice(0, spec.indexOf(':'));
  // Paths and Windows drives are binds; compose-go's isFilePath.
  if (/^[./~]/.test(source) || source.startsWith('\\\\') || /^\p{L}$/u.test(source)) {
    return undefined;
  }
  return source === '' ? undefined : source;
}

export function checkConsistency(root: MapNode, problems: ProblemList): void {
  const services = childMap(root, 'services');
  if (!services) return;
  const networks = defined(root, 'networks');
  const volumes = defined(root, 'volumes');
  const secrets = defined(root, 'secrets');
  const configs = defined(root, 'configs');
  const add = (node: CNode, message: string): void => problems.add(problemAt(node.src, message));

  for (const [name, svc] of services.entries) {
    if (!isMap(svc)) continue;
    const where = { ...svc, src: svc.key ?? svc.src };
    const get = (k: string): CNode | undefined => svc.entries.get(k);
    if (isNull(get('image')) && isNull(get('build')) && isNull(get('provider'))) {
      add(where, `"${name}" has neither an image nor a build context, so compose cannot create it`);
    }
    const networkMode = get('network_mode');
    if (!isNull(networkMode) && !isNull(get('networks'))) {
      add(networkMode!, `"${name}" sets both network_mode and networks, which compose refuses`);
    }
    for (const n of names(get('networks'))) {
      if (n.name !== 'default' && !networks.has(n.name)) {
        add(
          n.at,
          `"${name}" uses the network "${n.name}", which the project does not define under networks`,
        );
      }
    }
    for (const d of dependencies(svc)) {
      if (!services.entries.has(d.name)) {
        add(d.at, `"${name}" ${d.how} "${d.name}", which the project does not define`);
      }
    }
    const volumeList = get('volumes');
    for (const item of volumeList?.kind === 'seq' ? volumeList.items : []) {
      const v = namedVolume(item);
      if (v !== undefined && !volumes.has(v)) {
        add(
          item,
          `"${name}" mounts the volume "${v}", which the project does not define under volumes`,
        );
      }
    }
    for (const [section, known] of [
      ['secrets', secrets],
      ['configs', configs],
    ] as const) {
      for (const s of names(get(section))) {
        if (!known.has(s.name)) {
          add(
            s.at,
            `"${name}" uses the ${section.slice(0, -1)} "${s.name}", which the project does not define under ${section}`,
          );
        }
      }
    }
    const test = childMap(svc, 'healthcheck')?.entries.get('test');
    const first = test?.kind === 'seq' ? text(test.items[0]) : undefined;
    if (first !== undefined && !['CMD', 'CMD-SHELL', 'NONE'].includes(first)) {
      add(
        test!.kind === 'seq' ? test!.items[0]! : test!,
        'a healthcheck test list must start with "CMD", "CMD-SHELL" or "NONE"',
      );
    }
  }
  dependencyCycles(services, problems);
}

/** Services that wait on each other in a circle never start. */
function dependencyCycles(services: MapNode, problems: ProblemList): void {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const loop = [...trail.slice(trail.indexOf(name)), name];
      const svc = services.entries.get(trail[trail.length - 1]!)!;
      problems.add(
        problemAt(
          (isMap(svc) ? svc.entries.get('depends_on')?.src : undefined) ?? svc.src,
          `depends_on goes round in a circle: ${loop.map((s) => `"${s}"`).join(' waits for ')}`,
        ),
      );
      return;
    }
    state.set(name, 'open');
    const svc = services.entries.get(name);
    for (const d of isMap(svc) ? dependencies(svc) : []) {
      if (services.entries.has(d.name)) visit(d.name, [...trail, name]);
    }
    state.set(name, 'done');
  };
  for (const name of services.entries.keys()) visit(name, []);
}

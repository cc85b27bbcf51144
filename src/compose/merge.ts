/**
 * How `docker compose -f a.yml -f b.yml` combines files, and how `extends` lays a service
 * over its base: mappings merge key by key, sequences append, scalars are replaced, a null
 * leaves the earlier value alone. Some attributes have rules of their own (compose-go's
 * `mergeSpecials`): `command`, `entrypoint` and `healthcheck.test` are replaced whole;
 * key=value lists such as `environment` and `labels` may be written as a list in one file
 * and a mapping in the other; `depends_on`, `networks` and `build` have a short form.
 */
import { failAt } from './located.js';
import {
  dotted,
  isNull,
  matches,
  toPlain,
  type CNode,
  type MapNode,
  type Path,
  type ScalarNode,
  type SeqNode,
} from './node.js';

type Merger = (base: CNode, over: CNode, path: Path) => CNode;

const svc = (...rest: string[]): string[] => ['services', '*', ...rest];

const replace: Merger = (_base, over) => over;

function toSequence(node: CNode): SeqNode {
  if (node.kind === 'seq') return node;
  if (node.kind === 'scalar') {
    return {
      kind: 'seq',
      items: node.value === null ? [] : [node],
      src: node.src,
      ...(node.key ? { key: node.key } : {}),
    };
  }
  const items: ScalarNode[] = [];
  for (const [k, v] of node.entries) {
    // compose-go writes a null as the bare name and an empty text as `NAME=`.
    if (isNull(v)) {
      items.push({ kind: 'scalar', value: k, src: v.src });
    } else if (v.kind === 'seq') {
      for (const item of v.items)
        items.push({ kind: 'scalar', value: `${k}=${plainText(item)}`, src: item.src });
    } else {
      items.push({ kind: 'scalar', value: `${k}=${plainText(v)}`, src: v.src });
    }
  }
  items.sort((a, b) => (String(a.value) < String(b.value) ? -1 : 1));
  return { kind: 'seq', items, src: node.src, ...(node.key ? { key: node.key } : {}) };
}

function plainText(node: CNode): string {
  return node.kind === 'scalar' ? String(node.value) : JSON.stringify(toPlain(node));
}

const mergeToSequence: Merger = (base, over) => {
  const a = toSequence(base);
  return { ...a, items: [...a.items, ...toSequence(over).items] };
};

const mergeExtraHosts: Merger = (base, over) => {
  const a = toSequence(base);
  const seen = new Set(a.items.map(plainText));
  return {
    ...a,
    items: [...a.items, ...toSequence(over).items.filter((i) => !seen.has(plainText(i)))],
  };
};

/** A list of names becomes a mapping of name to `value`. */
function toMapping(node: CNode, value: (src: CNode) => CNode): MapNode {
  if (node.kind === 'map') return node;
  const entries = new Map<string, CNode>();
  if (node.kind === 'seq') {
    for (const item of node.items) entries.set(plainText(item), { ...value(item), key: item.src });
  }
  return { kind: 'map', entries, src: node.src, ...(node.key ? { key: node.key } : {}) };
}

const nullAt = (n: CNode): CNode => ({ kind: 'scalar', value: null, src: n.src });

const mergeDependsOn: Merger = (base, over, path) => {
  const started = (n: CNode): CNode => ({
    kind: 'map',
    src: n.src,
    entries: new Map<string, CNode>([
      ['condition', { kind: 'scalar', value: 'service_started', src: n.src }],
      ['required', { kind: 'scalar', value: true, src: n.src }],
    ]),
  });
  return mergeMaps(toMapping(base, started), toMapping(over, started), path);
};

const mergeNamed: Merger = (base, over, path) =>
  mergeMaps(toMapping(base, nullAt), toMapping(over, nullAt), path);

const mergeBuild: Merger = (base, over, path) => {
  const asMap = (n: CNode): MapNode =>
    n.kind === 'scalar' && n.value !== null
      ? {
          kind: 'map',
          src: n.src,
          entries: new Map([['context', n]]),
          ...(n.key ? { key: n.key } : {}),
        }
      : toMapping(n, nullAt);
  return mergeMaps(asMap(base), asMap(over), path);
};

const mergeLogging: Merger = (base, over, path) => {
  if (base.kind !== 'map') return over;
  if (over.kind !== 'map') return base;
  const a = base.entries.get('driver');
  const b = over.entries.get('driver');
  const same = a?.kind === 'scalar' && b?.kind === 'scalar' && a.value === b.value;
  return !a || !b || same ? mergeMaps(base, over, path) : over;
};

/**
 * compose-go's mergeUlimit merges the override with itself, so the later file's ulimit
 * replaces the earlier one whole; docker compose behaves so, and so do we.
 */
const mergeUlimit: Merger = (_base, over) => over;

const text = (n: CNode | undefined): unknown => (n?.kind === 'scalar' ? n.value : undefined);

/**
 * compose-go's mergeIPAMConfig: an IPAM config of the later file merges into the earlier
 * one with the same subnet; one with a new subnet is added.
 */
const mergeIpamConfig: Merger = (base, over, path) => {
  if (base.kind !== 'seq' || over.kind !== 'seq') return over;
  const out: MapNode[] = [];
  const subnet = (n: MapNode): unknown => text(n.entries.get('subnet'));
  for (const original of base.items) {
    if (original.kind !== 'map') continue;
    for (const override of over.items) {
      if (override.kind !== 'map') continue;
      if (
        subnet(override) !== subnet(original) &&
        !out.some((c) => subnet(c) === subnet(override))
      ) {
        out.push(override);
        continue;
      }
      const merged = mergeMaps(original, override, path);
      const at = out.findIndex((c) => subnet(c) === subnet(merged));
      if (at >= 0) out[at] = merged;
      else out.push(merged);
    }
  }
  return { ...base, items: out };
};

const SPECIALS: ReadonlyArray<[readonly string[], Merger]> = [
  [svc('command'), replace],
  [svc('entrypoint'), replace],
  [svc('healthcheck', 'test'), replace],
  [svc('build'), mergeBuild],
  [svc('depends_on'), mergeDependsOn],
  [svc('networks'), mergeNamed],
  [svc('models'), mergeNamed],
  [svc('logging'), mergeLogging],
  [svc('ulimits', '*'), mergeUlimit],
  [['networks', '*', 'ipam', 'config'], mergeIpamConfig],
  [svc('extra_hosts'), mergeExtraHosts],
  [svc('build', 'extra_hosts'), mergeExtraHosts],
  ...[
    svc('annotations'),
    svc('build', 'args'),
    svc('build', 'additional_contexts'),
    svc('build', 'labels'),
    svc('deploy', 'labels'),
    svc('dns'),
    svc('dns_opt'),
    svc('dns_search'),
    svc('env_file'),
    svc('label_file'),
    svc('environment'),
    svc('labels'),
    svc('volumes', '[]', 'volume', 'labels'),
    svc('sysctls'),
    svc('tmpfs'),
    ['networks', '*', 'labels'],
    ['volumes', '*', 'labels'],
  ].map((p): [readonly string[], Merger] => [p, mergeToSequence]),
];

export function mergeNodes(base: CNode, over: CNode, path: Path): CNode {
  const special = SPECIALS.find(([pattern]) => matches(path, pattern));
  if (special) return special[1](base, over, path);
  if (isNull(over)) return base;
  if (isNull(base)) return over;
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, path);
  if (base.kind === 'seq' && over.kind === 'seq')
    return { ...base, items: [...base.items, ...over.items] };
  if (base.kind === 'map' || over.kind === 'map') {
    failAt(
      over.src,
      `${dotted(path)} is a mapping in one file and not in the other (${base.src.file}:${base.src.line}), so the two cannot be merged`,
    );
  }
  return over;
}

export function mergeMaps(base: MapNode, over: MapNode, path: Path): MapNode {
  const entries = new Map(base.entries);
  for (const [k, v] of over.entries) {
    const existing = entries.get(k);
    if (!existing || k.startsWith('x-')) {
      entries.set(k, v);
      continue;
    }
    const merged = mergeNodes(existing, v, [...path, k]);
    entries.set(k, existing.key ? { ...merged, key: existing.key } : merged);
  }
  return { ...base, entries };
}

/** A service laid over the one it extends: the same rules as for two files. */
export function extendService(base: MapNode, service: MapNode): MapNode {
  return mergeMaps(base, service, ['services', 'x']);
}

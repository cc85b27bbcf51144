/**
 * compose-go's EnforceUnicity: in lists where an entry is identified by a key (a port
 * binding, a variable name, a mount target), a later entry with the same key replaces the
 * earlier one in its place. compose-go does this before it checks the schema, which says
 * these lists hold unique items, so `ports: ["8080:80", "8080:80"]` is one binding, not an
 * error. Entries whose key cannot be told are left for the schema to judge.
 */
import { volumeSpecError } from './volumes.js';
import { matches, type CNode, type MapNode, type Path, type PathSegment } from './node.js';

type Indexer = (entry: CNode) => string | undefined;

const text = (node: CNode | undefined): string | undefined =>
  node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;

const keyValue: Indexer = (e) =>
  e.kind === 'scalar' && typeof e.value === 'string' ? e.value.split('=')[0] : undefined;

/** The container path of a short volume spec `[SOURCE:]TARGET[:MODE]`. */
function volumeTarget(spec: string): string {
  // A Windows drive letter (`C:\\data:/data`) belongs to the source, not a separator.
  const drive = /^[A-Za-z]:[\\/]/.test(spec) ? 2 : 0;
  const parts = spec.slice(drive).split(':');
  return parts.length === 1 ? spec : parts[1]!;
}

const volume: Indexer = (e) => {
  if (e.kind === 'map') return text(e.entries.get('target'));
  if (e.kind === 'scalar' && typeof e.value === 'string') {
    // compose-go stops on a spec it cannot parse; keeping it lets the volume check say why.
    return volumeSpecError(e.value) === undefined ? volumeTarget(e.value) : undefined;
  }
  return undefined;
};

const device: Indexer = (e) => {
  if (e.kind === 'map') return text(e.entries.get('target'));
  if (e.kind === 'scalar' && typeof e.value === 'string') {
    const parts = e.value.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return undefined;
};

const expose: Indexer = (e) =>
  e.kind === 'scalar' && (typeof e.value === 'string' || typeof e.value === 'number')
    ? String(e.value)
    : undefined;

const mount =
  (defaultPath: string): Indexer =>
  (e) => {
    if (e.kind === 'scalar' && typeof e.value === 'string') return `${defaultPath}/${e.value}`;
    if (e.kind === 'map') {
      return text(e.entries.get('target')) ?? `${defaultPath}/${text(e.entries.get('source'))}`;
    }
    return undefined;
  };

const port: Indexer = (e) => {
  if (e.kind === 'scalar') return e.value === null ? undefined : String(e.value);
  if (e.kind !== 'map') return undefined;
  const target = text(e.entries.get('target'));
  if (target === undefined) return undefined;
  return `${text(e.entries.get('host_ip')) ?? '0.0.0.0'}:${text(e.entries.get('published')) ?? ''}:${target}/${text(e.entries.get('protocol')) ?? 'tcp'}`;
};

const envFile: Indexer = (e) => (e.kind === 'map' ? text(e.entries.get('path')) : text(e));

/** Service attributes (dotted, under `services.*`) whose entries are keyed like `NAME=value`. */
const KEY_VALUE =
  'annotations build.args build.additional_contexts build.platform build.tags build.labels cap_add cap_drop deploy.labels dns dns_opt dns_search environment labels links networks.*.aliases networks.*.link_local_ips profiles sysctls tmpfs';

const svc = (dotted: string): string[] => ['services', '*', ...dotted.split('.')];

const UNIQUE: ReadonlyArray<[readonly string[], Indexer]> = [
  [['networks', '*', 'labels'], keyValue],
  [['networks', '*', 'ipam', 'options'], keyValue],
  ...KEY_VALUE.split(' ').map((p): [string[], Indexer] => [svc(p), keyValue]),
  [svc('configs'), mount('')],
  [svc('env_file'), envFile],
  [svc('expose'), expose],
  [svc('ports'), port],
  [svc('secrets'), mount('/run/secrets')],
  [svc('volumes'), volume],
  [svc('devices'), device],
];

function dedupe(list: Extract<CNode, { kind: 'seq' }>, index: Indexer): CNode {
  const out: CNode[] = [];
  const at = new Map<string, number>();
  for (const item of list.items) {
    const key = index(item);
    if (key === undefined) {
      out.push(item);
      continue;
    }
    const earlier = at.get(key);
    if (earlier === undefined) {
      at.set(key, out.length);
      out.push(item);
    } else {
      out[earlier] = item;
    }
  }
  return out.length === list.items.length ? list : { ...list, items: out };
}

function walk(node: CNode, path: PathSegment[]): CNode {
  if (node.kind === 'seq') {
    const rule = UNIQUE.find(([pattern]) => matches(path, pattern));
    return rule ? dedupe(node, rule[1]) : node;
  }
  if (node.kind !== 'map') return node;
  let entries: Map<string, CNode> | undefined;
  for (const [k, v] of node.entries) {
    const next = walk(v, [...path, k]);
    if (next !== v) (entries ??= new Map(node.entries)).set(k, next);
  }
  return entries ? { ...node, entries } : node;
}

export function enforceUnicity(root: MapNode, path: Path = []): MapNode {
  return walk(root, [...path]) as MapNode;
}

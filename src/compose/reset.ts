/**
 * `!reset` and `!override` act on what came before: before a document is merged in (and
 * before a service is laid over the one it extends), every place it tagged is removed
 * from the earlier definition. The tagged document then supplies the new value, or none.
 * Like compose-go, only mapping entries are removed; a tagged list item stays.
 */
import { childMap, type CNode, type MapNode, type Path } from './node.js';

export function applyResets(root: MapNode, paths: readonly Path[]): MapNode {
  let out = root;
  for (const p of paths) out = removeAt(out, p, 0) as MapNode;
  return out;
}

function removeAt(node: CNode, path: Path, i: number): CNode {
  const seg = path[i];
  if (seg === undefined) return node;
  if (node.kind === 'map' && typeof seg === 'string') {
    const child = node.entries.get(seg);
    if (!child) return node;
    const entries = new Map(node.entries);
    if (i === path.length - 1) entries.delete(seg);
    else entries.set(seg, removeAt(child, path, i + 1));
    return { ...node, entries };
  }
  if (node.kind === 'seq' && typeof seg === 'number' && i < path.length - 1) {
    const child = node.items[seg];
    if (!child) return node;
    const items = [...node.items];
    items[seg] = removeAt(child, path, i + 1);
    return { ...node, items };
  }
  return node;
}

/**
 * A service from elsewhere (the base of `extends`, a service an `include` brings in) as
 * the document laid over it sees it: minus what that document's `!reset`/`!override` remove.
 */
export function serviceWithoutResets(
  name: string,
  service: MapNode,
  paths: readonly Path[],
): MapNode {
  if (paths.length === 0) return service;
  const wrapper: MapNode = {
    kind: 'map',
    src: service.src,
    entries: new Map([
      ['services', { kind: 'map', src: service.src, entries: new Map([[name, service]]) }],
    ]),
  };
  const cleaned = applyResets(wrapper, paths);
  return (childMap(cleaned, 'services')?.entries.get(name) as MapNode | undefined) ?? service;
}

/**
 * Where a YAML document's values and keys were written, as a tree shaped like the data, and
 * the lookups that turn a JSON path back into an offset in the text.
 */
import type { PathSegment } from '../shared/terms.js';

export interface Position {
  line: number;
  column: number;
}

/** Turns an offset in the parsed text into a line and column of the file as written. */
export interface Positions {
  position(offset: number): Position;
}

/**
 * Where a collection (and, for mapping entries, each key) was written. A scalar is just its
 * offset: documents have many more scalars than collections, and each is one number.
 */
export type PosRef = PosNode | number;

export interface PosNode {
  offset: number;
  map?: Map<string, PosRef>;
  /** For mappings: where each key was written. Kept apart so aliased values are shared, not copied. */
  keys?: Map<string, number>;
  seq?: PosRef[];
  /** Mappings merged in with `<<`, consulted after the mapping's own keys. */
  merges?: PosNode[];
  /** Keys YAML reads as something other than text (`123:`, `true:`, `null:`). */
  typedKeys?: Set<string>;
}

export function locate(
  root: PosRef | undefined,
  path: readonly PathSegment[],
  key: boolean,
  lines: Positions,
): Position {
  if (root === undefined) return { line: 1, column: 1 };
  let node: PosRef = root;
  let parent: PosNode | undefined;
  for (const seg of path) {
    const next: PosRef | undefined = typeof node === 'number' ? undefined : child(node, seg);
    if (next === undefined) return lines.position(offsetOf(node));
    parent = node as PosNode;
    node = next;
  }
  const keyOffset =
    key && parent && path.length > 0 ? keyOf(parent, String(path[path.length - 1])) : undefined;
  return lines.position(keyOffset ?? offsetOf(node));
}

/** The offset of the scalar at `path`, when the path leads to one. */
export function scalarAt(
  root: PosRef | undefined,
  path: readonly PathSegment[],
): number | undefined {
  let node = root;
  for (const seg of path) {
    if (node === undefined || typeof node === 'number') return undefined;
    node = child(node, seg);
  }
  return typeof node === 'number' ? node : undefined;
}

export function keyIsText(root: PosRef | undefined, path: readonly PathSegment[]): boolean {
  let node = root;
  for (const seg of path.slice(0, -1)) {
    node = node === undefined || typeof node === 'number' ? undefined : child(node, seg);
  }
  if (node === undefined || typeof node === 'number' || path.length === 0) return true;
  return !typedKey(node, String(path[path.length - 1]));
}

function typedKey(node: PosNode, key: string): boolean {
  if (node.typedKeys?.has(key)) return true;
  return (node.merges ?? []).some((m) => typedKey(m, key));
}

export function offsetOf(ref: PosRef): number {
  return typeof ref === 'number' ? ref : ref.offset;
}

function keyOf(node: PosNode, key: string): number | undefined {
  const own = node.keys?.get(key);
  if (own !== undefined) return own;
  for (const m of node.merges ?? []) {
    const found = keyOf(m, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function child(node: PosNode, seg: PathSegment): PosRef | undefined {
  if (node.seq && typeof seg === 'number') return node.seq[seg];
  if (node.seq && typeof seg === 'string' && /^\d+$/.test(seg)) return node.seq[Number(seg)];
  if (node.map) {
    const own = node.map.get(String(seg));
    if (own !== undefined) return own;
    for (const m of node.merges ?? []) {
      const found = child(m, seg);
      if (found) return found;
    }
  }
  return undefined;
}

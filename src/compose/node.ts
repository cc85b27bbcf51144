/**
 * A compose document as a tree in which every value remembers the file, line, column and
 * JSON path it was written at. Interpolation, merging, `extends` and `include` all work on
 * this tree, so a figure read at the very end still names the place the user wrote it.
 */
import type { Source } from '../shared/terms.js';
import { setOwn } from '../shared/records.js';

/** The scalar values YAML's core schema produces. */
export type Scalar = string | number | boolean | null;
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

interface Located {
  /** Where the value was written. */
  src: Source;
  /** Where the key naming this value was written, for values inside a mapping. */
  key?: Source;
}

export interface MapNode extends Located {
  kind: 'map';
  entries: ReadonlyMap<string, CNode>;
}

export interface SeqNode extends Located {
  kind: 'seq';
  items: readonly CNode[];
}

export interface ScalarNode extends Located {
  kind: 'scalar';
  value: Scalar;
  /**
   * Variables that were not set when the value was interpolated, each now an empty string
   * inside it: what a value the check refuses (or a port that loses its host part) owes
   * to them is said with their names.
   */
  unset?: readonly string[];
}

export type CNode = MapNode | SeqNode | ScalarNode;

export function isMap(node: CNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isNull(node: CNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

/** The mapping at `key`, when there is one. */
export function childMap(node: MapNode | undefined, key: string): MapNode | undefined {
  const child = node?.entries.get(key);
  return isMap(child) ? child : undefined;
}

export function withEntry(node: MapNode, key: string, value: CNode): MapNode {
  const entries = new Map(node.entries);
  entries.set(key, value);
  return { ...node, entries };
}

export function withoutEntry(node: MapNode, key: string): MapNode {
  if (!node.entries.has(key)) return node;
  const entries = new Map(node.entries);
  entries.delete(key);
  return { ...node, entries };
}

export function emptyMap(src: Source): MapNode {
  return { kind: 'map', entries: new Map(), src };
}

/** Plain data, for the schema validator and for comparing two definitions. */
export function toPlain(node: CNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      // setOwn: a service named `__proto__` is a key like any other, not the object's
      // prototype (which would hide the service and show its keys as services).
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) setOwn(out, k, toPlain(v));
      return out;
    }
  }
}

/** A path as compose writes it in messages: `services.web.ports[0]`. */
export function dotted(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Whether a concrete path matches a pattern where `*` is any key and `[]` any list index. */
export function matches(path: Path, pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((p, i) => {
    const seg = path[i]!;
    if (p === '[]') return typeof seg === 'number';
    if (p === '*') return typeof seg === 'string';
    return seg === p;
  });
}

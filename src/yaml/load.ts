/**
 * YAML in, plain data plus source positions out.
 *
 * js-yaml 5 gives us a flat event stream with offsets; we walk it once to (a) remember
 * where every value and key was written, so a JSON path can be turned back into
 * file:line:column, and (b) refuse documents that would be expensive or impossible to walk
 * later: alias bombs, aliases that contain themselves, absurd sizes. Only then is the
 * stream turned into data. Flow content indented less than js-yaml allows is parsed the
 * way docker compose's parser reads it (see flow-indent.ts), for manifests and compose
 * files alike: one YAML dialect for every file headroom reads.
 */
import {
  boolCoreTag,
  CORE_SCHEMA,
  EVENT_ID,
  floatCoreTag,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  constructFromEvents,
  getScalarValue,
  mergeTag,
  YAMLException,
  type Event,
  type TagDefinition,
} from 'js-yaml';
import { InputError, type Problem } from '../shared/errors.js';
import { parseLeniently, SourceYamlError } from './flow-indent.js';
import { LineIndex } from './lines.js';
import type { PathSegment } from '../shared/terms.js';

/**
 * Where a collection (and, for mapping entries, each key) was written. A scalar is just its
 * offset: documents have many more scalars than collections, and each is one number.
 */
type PosRef = PosNode | number;

interface PosNode {
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

export interface Position {
  line: number;
  column: number;
}

export interface YamlDocument {
  value: unknown;
  /** Position of the value at `path`, or of the nearest ancestor written in the file. */
  locate(path: readonly PathSegment[], key?: boolean): Position;
  /**
   * Whether the last key of `path` was written as text. The data holds every key as text
   * (`123:` becomes "123"), which is all the manifest needs; compose refuses the others.
   */
  keyIsText(path: readonly PathSegment[]): boolean;
  /**
   * Where something inside the text value at `path` was written: `find` gets the value's
   * source text (quotes, indentation and line breaks as written) and returns the index of
   * what it looks for, or -1. Kept for values written with a `$` only, the ones
   * interpolation reads; undefined for others and when `find` finds nothing.
   */
  locateIn(path: readonly PathSegment[], find: (written: string) => number): Position | undefined;
}

export interface LoadYamlOptions {
  file: string;
  /** Extra tags, such as compose's `!reset` and `!override`. */
  tags?: readonly TagDefinition[];
  /** Most nodes a document may expand to when its aliases are followed. */
  maxNodes?: number;
  maxAliases?: number;
  maxDepth?: number;
}

export const YAML_LIMITS = {
  maxNodes: 1_000_000,
  maxAliases: 10_000,
  maxDepth: 100,
} as const;

interface Frame {
  node: PosNode;
  kind: 'map' | 'seq';
  anchor?: string;
  /** Expanded size of the subtree so far, aliases counted as what they stand for. */
  size: number;
  // Mapping state: the key waiting for its value (kept as fields: there is one per entry).
  hasKey: boolean;
  keyText: string;
  keyOffset: number;
  keyMerge: boolean;
  /** True while this frame is the (complex) key of its parent mapping. */
  isKey?: boolean;
  /** True when this frame is the value of a `<<` key. */
  isMerge?: boolean;
}

/** Turns an offset in the parsed text into a line and column of the file as written. */
interface Positions {
  position(offset: number): Position;
}

function fail(file: string, lines: Positions, offset: number, message: string): never {
  const { line, column } = lines.position(offset);
  throw new InputError([{ file, line, column, message }]);
}

function scalarOffset(ev: Extract<Event, { type: 4 }>): number {
  // Point at the opening quote of a quoted scalar, where the user's eye goes.
  return ev.style === 2 || ev.style === 3 ? ev.valueStart - 1 : ev.valueStart;
}

/** A parser error as a located problem, without the source lines js-yaml quotes. */
function yamlProblem(
  file: string,
  lines: Positions,
  reason: string,
  offset: number | undefined,
): Problem {
  const message = `YAML: ${(reason || 'the YAML could not be read').replace(/\s+/g, ' ')}`;
  return offset === undefined ? { file, message } : { file, ...lines.position(offset), message };
}

export function loadYaml(text: string, options: LoadYamlOptions): YamlDocument[] {
  const { file } = options;
  const maxNodes = options.maxNodes ?? YAML_LIMITS.maxNodes;
  const maxAliases = options.maxAliases ?? YAML_LIMITS.maxAliases;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineIndex = new LineIndex(source);
  const sourceLines: Positions = lineIndex;

  let parsed;
  try {
    parsed = parseLeniently(source, options.maxDepth ?? YAML_LIMITS.maxDepth);
  } catch (e) {
    if (e instanceof SourceYamlError) {
      throw new InputError([yamlProblem(file, sourceLines, e.reason, e.offset)]);
    }
    throw e;
  }
  const { text: parsedText, events, toSource } = parsed;
  const lines: Positions = { position: (offset) => lineIndex.position(toSource(offset)) };

  const scalarEnds = new Map<number, number>();
  const roots = walk(parsedText, events, lines, file, maxNodes, maxAliases, scalarEnds);

  let values: unknown[];
  try {
    values = constructFromEvents(events, {
      source: parsedText,
      filename: file,
      schema: CORE_SCHEMA.withTags(mergeTag, ...(options.tags ?? [])),
      maxAliases,
    });
  } catch (e) {
    if (e instanceof YAMLException) {
      throw new InputError([yamlProblem(file, lines, e.reason, e.mark?.position)]);
    }
    throw e;
  }

  return values.map((value, i) => {
    const root = roots[i];
    return {
      value,
      locate: (path, key = false) => locate(root, path, key, lines),
      keyIsText: (path) => keyIsText(root, path),
      locateIn: (path, find) => {
        const at = scalarAt(root, path);
        const end = at === undefined ? undefined : scalarEnds.get(at);
        if (at === undefined || end === undefined) return undefined;
        const i = find(parsedText.slice(at, end));
        return i < 0 ? undefined : lines.position(at + i);
      },
    };
  });
}

function locate(
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
function scalarAt(root: PosRef | undefined, path: readonly PathSegment[]): number | undefined {
  let node = root;
  for (const seg of path) {
    if (node === undefined || typeof node === 'number') return undefined;
    node = child(node, seg);
  }
  return typeof node === 'number' ? node : undefined;
}

function keyIsText(root: PosRef | undefined, path: readonly PathSegment[]): boolean {
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

const CORE_TYPES = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
const TYPED_TAGS = new Set(['!!null', '!!bool', '!!int', '!!float']);

/**
 * A key scalar that the core schema reads as a null, boolean or number, as the key the
 * data holds (`0x1F:` is "31" there); undefined for a key written as text.
 */
function typedKeyText(
  source: string,
  ev: Extract<Event, { type: 4 }>,
  text: string,
): string | undefined {
  if (ev.tagStart >= 0) {
    const tag = source.slice(ev.tagStart, ev.tagEnd);
    if (!TYPED_TAGS.has(tag)) return undefined;
  } else if (ev.style !== 1) return undefined;
  for (const t of CORE_TYPES) {
    const v: unknown = t.resolve(text, ev.tagStart >= 0, t.tagName);
    if (v !== NOT_RESOLVED) return String(v);
  }
  return ev.tagStart >= 0 ? text : undefined;
}

function offsetOf(ref: PosRef): number {
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

/**
 * The first character at or after `from` that is not blank, a line break or a comment: where
 * the indicator of an empty entry (`-`, `?`, `:`) was written.
 */
function nextMark(source: string, from: number): number {
  let i = Math.max(0, from);
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') i++;
    else if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else break;
  }
  return Math.min(i, Math.max(0, source.length - 1));
}

function walk(
  source: string,
  events: Event[],
  lines: Positions,
  file: string,
  maxNodes: number,
  maxAliases: number,
  scalarEnds: Map<number, number>,
): PosRef[] {
  const roots: PosRef[] = [];
  const anchors = new Map<string, { node: PosRef; size: number }>();
  const open = new Set<string>();
  const stack: Frame[] = [];
  let aliases = 0;
  /** Just past the last thing written, for placing empty values, which have no offset. */
  let prevEnd = 0;
  let docRoot: PosRef | undefined;
  let docSize = 0;

  const anchorName = (start: number, end: number): string | undefined =>
    start >= 0 ? source.slice(start, end) : undefined;

  /**
   * Where an empty value (`key:` with nothing after it, a bare `-`) is said to be: js-yaml
   * gives it no offset, so it is placed at its tag or anchor when it has one, at its key in
   * a mapping, and at the dash (or other indicator) that introduces it otherwise.
   */
  const emptyAt = (ev: Extract<Event, { type: 4 }>, parent: Frame | undefined): number => {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return Math.max(0, ev.anchorStart - 1);
    if (parent?.kind === 'map' && parent.hasKey) return parent.keyOffset;
    return nextMark(source, prevEnd);
  };

  // Places a finished node (scalar, alias target or closed collection) into its parent.
  const attach = (
    node: PosRef,
    size: number,
    keyText?: string,
    keyMerge = false,
    keyAt = offsetOf(node),
  ): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      docRoot = node;
      docSize += size;
      if (docSize > maxNodes) tooLarge(offsetOf(node));
      return;
    }
    parent.size += size;
    if (parent.size > maxNodes) tooLarge(offsetOf(node));
    if (parent.kind === 'seq') {
      parent.node.seq!.push(node);
      const owner = parent.isMerge ? stack[stack.length - 2] : undefined;
      if (owner && typeof node !== 'number') (owner.node.merges ??= []).push(node);
      return;
    }
    if (!parent.hasKey) {
      // This node is a key.
      parent.hasKey = true;
      parent.keyText = keyText ?? '[complex key]';
      parent.keyOffset = keyAt;
      parent.keyMerge = keyMerge;
      return;
    }
    parent.hasKey = false;
    if (parent.keyMerge) {
      parent.node.merges ??= [];
      if (typeof node !== 'number' && !node.seq) parent.node.merges.push(node);
      return;
    }
    parent.node.map!.set(parent.keyText, node);
    parent.node.keys!.set(parent.keyText, parent.keyOffset);
  };

  const tooLarge = (offset: number): never =>
    fail(
      file,
      lines,
      offset,
      `the document expands to more than ${maxNodes.toLocaleString('en-US')} values when its aliases are followed; ` +
        'this looks like an alias bomb and is refused',
    );

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        docRoot = undefined;
        docSize = 0;
        anchors.clear();
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: PosNode =
          ev.type === EVENT_ID.MAPPING
            ? { offset: ev.start, map: new Map(), keys: new Map() }
            : { offset: ev.start, seq: [] };
        // A block collection starts at its first entry's indicator, which an empty first
        // entry is placed at.
        prevEnd = ev.start;
        const parent = stack[stack.length - 1];
        const isKey = parent?.kind === 'map' && !parent.hasKey;
        const isMerge =
          parent?.kind === 'map' &&
          parent.hasKey &&
          parent.keyMerge &&
          ev.type === EVENT_ID.SEQUENCE;
        const anchor = anchorName(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) open.add(anchor);
        stack.push({
          node,
          kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq',
          anchor,
          size: 1,
          isKey,
          isMerge,
          hasKey: false,
          keyText: '',
          keyOffset: 0,
          keyMerge: false,
        });
        break;
      }
      case EVENT_ID.SCALAR: {
        const node = ev.valueStart >= 0 ? scalarOffset(ev) : emptyAt(ev, stack[stack.length - 1]);
        prevEnd = ev.valueStart >= 0 ? ev.valueEnd : Math.max(prevEnd, node + 1);
        for (let i = ev.valueStart; i < ev.valueEnd; i++) {
          if (source.charCodeAt(i) === 36 /* $ */) {
            // The closing quote belongs to the value as written, like the opening one.
            scalarEnds.set(node, ev.style === 2 || ev.style === 3 ? ev.valueEnd + 1 : ev.valueEnd);
            break;
          }
        }
        const anchor = anchorName(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, { node, size: 1 });
        const parent = stack[stack.length - 1];
        const expectingKey = parent?.kind === 'map' && !parent.hasKey;
        if (expectingKey) {
          const text = getScalarValue(source, ev);
          // Only a plain, untagged `<<` is a merge key; a quoted "<<" is an ordinary key.
          const merge = text === '<<' && ev.style === 1 && ev.tagStart < 0;
          const typed = merge ? undefined : typedKeyText(source, ev, text);
          if (typed !== undefined) (parent.node.typedKeys ??= new Set()).add(typed);
          // Recorded under the key the data holds, so a path through it can be located.
          attach(node, 1, typed ?? text, merge);
        } else {
          attach(node, 1);
        }
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = source.slice(ev.anchorStart, ev.anchorEnd);
        const offset = Math.max(0, ev.anchorStart - 1);
        prevEnd = ev.anchorEnd;
        if (++aliases > maxAliases) {
          fail(file, lines, offset, `more than ${maxAliases} aliases in one document; refused`);
        }
        if (open.has(name)) {
          fail(
            file,
            lines,
            offset,
            `the alias *${name} refers to a value that contains it, which would never end`,
          );
        }
        const target = anchors.get(name);
        if (!target)
          fail(file, lines, offset, `the alias *${name} has no anchor &${name} before it`);
        const parent = stack[stack.length - 1];
        const expectingKey = parent?.kind === 'map' && !parent.hasKey;
        attach(target.node, target.size, expectingKey ? `*${name}` : undefined, false, offset);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) {
          roots.push(docRoot ?? 0);
          break;
        }
        if (frame.anchor !== undefined) {
          open.delete(frame.anchor);
          anchors.set(frame.anchor, { node: frame.node, size: frame.size });
        }
        attach(frame.node, frame.size, frame.isKey ? '[complex key]' : undefined);
        break;
      }
    }
  }
  return roots;
}

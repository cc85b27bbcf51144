/**
 * One walk over js-yaml's event stream that records where every value and key was written
 * (a position tree per document) and refuses, before any data is built, documents that
 * would be expensive or impossible to walk later: alias bombs, aliases that contain
 * themselves, too many aliases.
 */
import {
  boolCoreTag,
  EVENT_ID,
  floatCoreTag,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  getScalarValue,
  type Event,
} from 'js-yaml';
import { InputError } from '../shared/errors.js';
import { offsetOf, type PosNode, type PosRef, type Positions } from './position-tree.js';

type CollectionEvent = Extract<Event, { type: typeof EVENT_ID.MAPPING | typeof EVENT_ID.SEQUENCE }>;
type ScalarEvent = Extract<Event, { type: typeof EVENT_ID.SCALAR }>;
type AliasEvent = Extract<Event, { type: typeof EVENT_ID.ALIAS }>;

export interface RecordLimits {
  /** Most nodes a document may expand to when its aliases are followed. */
  maxNodes: number;
  maxAliases: number;
}

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

/**
 * The position tree of each document in `events`. `scalarEnds` gains, for every scalar
 * written with a `$`, where its source text ends, so interpolation can point inside it.
 */
export function recordPositions(
  source: string,
  events: Event[],
  lines: Positions,
  file: string,
  limits: RecordLimits,
  scalarEnds: Map<number, number>,
): PosRef[] {
  const recorder = new PositionRecorder(source, lines, file, limits, scalarEnds);
  for (const ev of events) recorder.event(ev);
  return recorder.roots;
}

function fail(file: string, lines: Positions, offset: number, message: string): never {
  const { line, column } = lines.position(offset);
  throw new InputError([{ file, line, column, message }]);
}

function scalarOffset(ev: ScalarEvent): number {
  // Point at the opening quote of a quoted scalar, where the user's eye goes.
  return ev.style === 2 || ev.style === 3 ? ev.valueStart - 1 : ev.valueStart;
}

const CORE_TYPES = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
const TYPED_TAGS = new Set(['!!null', '!!bool', '!!int', '!!float']);

/**
 * A key scalar that the core schema reads as a null, boolean or number, as the key the
 * data holds (`0x1F:` is "31" there); undefined for a key written as text.
 */
function typedKeyText(source: string, ev: ScalarEvent, text: string): string | undefined {
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

class PositionRecorder {
  readonly roots: PosRef[] = [];
  private readonly anchors = new Map<string, { node: PosRef; size: number }>();
  /** Anchors of collections still being read: an alias to one would contain itself. */
  private readonly open = new Set<string>();
  private readonly stack: Frame[] = [];
  private aliases = 0;
  /** Just past the last thing written, for placing empty values, which have no offset. */
  private prevEnd = 0;
  private docRoot: PosRef | undefined;
  private docSize = 0;

  constructor(
    private readonly source: string,
    private readonly lines: Positions,
    private readonly file: string,
    private readonly limits: RecordLimits,
    private readonly scalarEnds: Map<number, number>,
  ) {}

  event(ev: Event): void {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        this.startDocument();
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        this.openCollection(ev);
        break;
      case EVENT_ID.SCALAR:
        this.scalar(ev);
        break;
      case EVENT_ID.ALIAS:
        this.alias(ev);
        break;
      case EVENT_ID.POP:
        this.close();
        break;
    }
  }

  private startDocument(): void {
    this.docRoot = undefined;
    this.docSize = 0;
    this.anchors.clear();
  }

  private openCollection(ev: CollectionEvent): void {
    const node: PosNode =
      ev.type === EVENT_ID.MAPPING
        ? { offset: ev.start, map: new Map(), keys: new Map() }
        : { offset: ev.start, seq: [] };
    // A block collection starts at its first entry's indicator, which an empty first
    // entry is placed at.
    this.prevEnd = ev.start;
    const parent = this.parent();
    const isKey = parent?.kind === 'map' && !parent.hasKey;
    const isMerge =
      parent?.kind === 'map' && parent.hasKey && parent.keyMerge && ev.type === EVENT_ID.SEQUENCE;
    const anchor = this.anchorName(ev.anchorStart, ev.anchorEnd);
    if (anchor !== undefined) this.open.add(anchor);
    this.stack.push({
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
  }

  private scalar(ev: ScalarEvent): void {
    const { source } = this;
    const node = ev.valueStart >= 0 ? scalarOffset(ev) : this.emptyAt(ev, this.parent());
    this.prevEnd = ev.valueStart >= 0 ? ev.valueEnd : Math.max(this.prevEnd, node + 1);
    for (let i = ev.valueStart; i < ev.valueEnd; i++) {
      if (source.charCodeAt(i) === 36 /* $ */) {
        // The closing quote belongs to the value as written, like the opening one.
        this.scalarEnds.set(node, ev.style === 2 || ev.style === 3 ? ev.valueEnd + 1 : ev.valueEnd);
        break;
      }
    }
    const anchor = this.anchorName(ev.anchorStart, ev.anchorEnd);
    if (anchor !== undefined) this.anchors.set(anchor, { node, size: 1 });
    const parent = this.parent();
    const expectingKey = parent?.kind === 'map' && !parent.hasKey;
    if (expectingKey) {
      const text = getScalarValue(source, ev);
      // Only a plain, untagged `<<` is a merge key; a quoted "<<" is an ordinary key.
      const merge = text === '<<' && ev.style === 1 && ev.tagStart < 0;
      const typed = merge ? undefined : typedKeyText(source, ev, text);
      if (typed !== undefined) (parent.node.typedKeys ??= new Set()).add(typed);
      // Recorded under the key the data holds, so a path through it can be located.
      this.attach(node, 1, typed ?? text, merge);
    } else {
      this.attach(node, 1);
    }
  }

  private alias(ev: AliasEvent): void {
    const { file, lines } = this;
    const name = this.source.slice(ev.anchorStart, ev.anchorEnd);
    const offset = Math.max(0, ev.anchorStart - 1);
    this.prevEnd = ev.anchorEnd;
    if (++this.aliases > this.limits.maxAliases) {
      fail(
        file,
        lines,
        offset,
        `more than ${this.limits.maxAliases} aliases in one document; refused`,
      );
    }
    if (this.open.has(name)) {
      fail(
        file,
        lines,
        offset,
        `the alias *${name} refers to a value that contains it, which would never end`,
      );
    }
    const target = this.anchors.get(name);
    if (!target) fail(file, lines, offset, `the alias *${name} has no anchor &${name} before it`);
    const parent = this.parent();
    const expectingKey = parent?.kind === 'map' && !parent.hasKey;
    this.attach(target.node, target.size, expectingKey ? `*${name}` : undefined, false, offset);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) {
      this.roots.push(this.docRoot ?? 0);
      return;
    }
    if (frame.anchor !== undefined) {
      this.open.delete(frame.anchor);
      this.anchors.set(frame.anchor, { node: frame.node, size: frame.size });
    }
    this.attach(frame.node, frame.size, frame.isKey ? '[complex key]' : undefined);
  }

  private parent(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private anchorName(start: number, end: number): string | undefined {
    return start >= 0 ? this.source.slice(start, end) : undefined;
  }

  /**
   * Where an empty value (`key:` with nothing after it, a bare `-`) is said to be: js-yaml
   * gives it no offset, so it is placed at its tag or anchor when it has one, at its key in
   * a mapping, and at the dash (or other indicator) that introduces it otherwise.
   */
  private emptyAt(ev: ScalarEvent, parent: Frame | undefined): number {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return Math.max(0, ev.anchorStart - 1);
    if (parent?.kind === 'map' && parent.hasKey) return parent.keyOffset;
    return nextMark(this.source, this.prevEnd);
  }

  /** Places a finished node (scalar, alias target or closed collection) into its parent. */
  private attach(
    node: PosRef,
    size: number,
    keyText?: string,
    keyMerge = false,
    keyAt = offsetOf(node),
  ): void {
    const parent = this.parent();
    if (!parent) {
      this.docRoot = node;
      this.docSize += size;
      if (this.docSize > this.limits.maxNodes) this.tooLarge(offsetOf(node));
      return;
    }
    parent.size += size;
    if (parent.size > this.limits.maxNodes) this.tooLarge(offsetOf(node));
    if (parent.kind === 'seq') {
      parent.node.seq!.push(node);
      const owner = parent.isMerge ? this.stack[this.stack.length - 2] : undefined;
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
  }

  private tooLarge(offset: number): never {
    return fail(
      this.file,
      this.lines,
      offset,
      `the document expands to more than ${this.limits.maxNodes.toLocaleString('en-US')} values when its aliases are followed; ` +
        'this looks like an alias bomb and is refused',
    );
  }
}

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
  CORE_SCHEMA,
  constructFromEvents,
  mergeTag,
  YAMLException,
  type TagDefinition,
} from 'js-yaml';
import { InputError, type Problem } from '../shared/errors.js';
import { parseLeniently, SourceYamlError } from './flow-indent.js';
import { LineIndex } from './lines.js';
import type { PathSegment } from '../shared/terms.js';
import { keyIsText, locate, scalarAt, type Position, type Positions } from './position-tree.js';
import { recordPositions } from './record-positions.js';

export interface YamlDocument {
  value: unknown;
  /** Position of the value at `path`, or of the nearest ancestor written in the file. */
  locate: (path: readonly PathSegment[], key?: boolean) => Position;
  /**
   * Whether the last key of `path` was written as text. The data holds every key as text
   * (`123:` becomes "123"), which is all the manifest needs; compose refuses the others.
   */
  keyIsText: (path: readonly PathSegment[]) => boolean;
  /**
   * Where something inside the text value at `path` was written: `find` gets the value's
   * source text (quotes, indentation and line breaks as written) and returns the index of
   * what it looks for, or -1. Kept for values written with a `$` only, the ones
   * interpolation reads; undefined for others and when `find` finds nothing.
   */
  locateIn: (
    path: readonly PathSegment[],
    find: (written: string) => number,
  ) => Position | undefined;
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
  const roots = recordPositions(
    parsedText,
    events,
    lines,
    file,
    { maxNodes, maxAliases },
    scalarEnds,
  );

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

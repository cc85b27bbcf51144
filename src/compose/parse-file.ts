/**
 * Compose file text -> one located tree per YAML document, with the places tagged
 * `!reset` or `!override` listed. Anchors, aliases and `<<` merge keys are resolved by the
 * YAML loader; positions come from it too.
 */
import { InputError } from '../shared/errors.js';
import type { Source } from '../shared/terms.js';
import { toPointer } from '../validation/schema-errors.js';
import { loadYaml, type YamlDocument } from '../yaml/load.js';
import { dotted, type CNode, type MapNode, type Path, type PathSegment } from './node.js';
import { COMPOSE_TAGS, Tagged } from './tags.js';

/** Compose files are small; this caps what a document may expand to through aliases. */
const MAX_NODES = 200_000;

export interface ComposeDocument {
  file: string;
  root: MapNode;
  /**
   * Paths tagged `!reset` or `!override`: both remove what earlier documents set there;
   * an `!override` value then takes its place instead of merging into it.
   */
  resetPaths: readonly Path[];
  yaml: YamlDocument;
}

export function parseComposeFile(text: string, file: string): ComposeDocument[] {
  const docs = loadYaml(text, { file, tags: COMPOSE_TAGS, maxNodes: MAX_NODES });
  const out: ComposeDocument[] = [];
  for (const yaml of docs) {
    // compose-go skips empty documents, as in a file that is only comments.
    if (yaml.value === null || yaml.value === undefined) continue;
    const resetPaths: Path[] = [];
    const builder = new Builder(file, yaml, resetPaths);
    const root = builder.node(yaml.value instanceof Tagged ? yaml.value.value : yaml.value, []);
    if (root.kind !== 'map') {
      const { line, column } = yaml.locate([]);
      throw new InputError([
        { file, line, column, message: 'a compose file must be a mapping at the top level' },
      ]);
    }
    out.push({ file, root, resetPaths, yaml });
  }
  return out;
}

class Builder {
  constructor(
    readonly file: string,
    readonly yaml: YamlDocument,
    readonly resetPaths: Path[],
  ) {}

  src(path: Path, key = false): Source {
    const { line, column } = this.yaml.locate(path, key);
    return { file: this.file, line, column, path: toPointer(path) };
  }

  node(value: unknown, path: PathSegment[]): CNode {
    if (value instanceof Tagged) {
      this.resetPaths.push(path);
      // A tagged item of a list keeps its value: compose-go only removes mapping entries.
      return this.node(value.value, path);
    }
    const src = this.src(path);
    if (Array.isArray(value)) {
      return { kind: 'seq', items: value.map((v, i) => this.node(v, [...path, i])), src };
    }
    if (value !== null && typeof value === 'object') {
      const entries = new Map<string, CNode>();
      for (const [k, v] of Object.entries(value)) {
        const childPath = [...path, k];
        if (!this.yaml.keyIsText(childPath)) {
          // compose-go refuses the document ("non-string key"): keys name things.
          const where = path.length === 0 ? 'at the top level' : `in ${dotted(path)}`;
          throw new InputError([
            {
              ...this.src(childPath, true),
              message: `the key ${k} ${where} is not text (YAML reads it as a number, a boolean or null), which compose refuses; quote it: "${k}"`,
            },
          ]);
        }
        if (v instanceof Tagged && v.tag === 'reset') {
          this.resetPaths.push(childPath);
          continue;
        }
        entries.set(k, { ...this.node(v, childPath), key: this.src(childPath, true) });
      }
      return { kind: 'map', entries, src };
    }
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return { kind: 'scalar', value, src };
    }
    // YAML yields nothing else: what is left is an empty document, read as null.
    return { kind: 'scalar', value: null, src };
  }
}

/**
 * `extends`: a service starts from another service, in the same file or in `file`, and
 * lays its own attributes over it with the merge rules of override files. Bases may
 * extend further; a chain that comes back to a service already in it is refused.
 *
 * Following compose-go: a document's own services are extended before documents are
 * merged, so `extends` without `file` looks only in the same document; `!reset` and
 * `!override` in the extending service remove what the base set; and `file` is relative
 * to the project directory, but inside an extended file to that file's folder (compose-go
 * resolves the relative paths of a file read for `extends` against its own folder). A file
 * read only to supply a
 * base is not checked against the schema (compose-go skips it too, since such files may
 * hold fragments); what it contributes is still checked where it is read.
 */
import type { Source } from '../shared/terms.js';
import { readDocuments, type DocumentContext } from './documents.js';
import { folderOf, resolveFrom } from './file-paths.js';
import { failAt } from './located.js';
import { extendService, mergeMaps } from './merge.js';
import {
  childMap,
  isMap,
  withEntry,
  withoutEntry,
  type CNode,
  type MapNode,
  type Path,
} from './node.js';
import type { ComposeDocument } from './parse-file.js';
import { applyResets, serviceWithoutResets } from './reset.js';
import { append } from '../shared/lists.js';

export interface ExtendsContext extends DocumentContext {
  /** The project directory, which `extends.file` is relative to. */
  baseDir: string;
  /** Files already read for their services, by path. */
  bases: Map<string, Scope>;
}

/** The services of one file (or document) that `extends` can name. */
export interface Scope {
  file: string;
  /** The folder `extends.file` is relative to inside this scope. */
  dir: string;
  services: Map<string, CNode>;
  resetPaths: readonly Path[];
}

export function applyExtends(doc: ComposeDocument, ctx: ExtendsContext): MapNode {
  const services = childMap(doc.root, 'services');
  if (!services) return doc.root;
  const scope: Scope = {
    file: doc.file,
    dir: ctx.baseDir,
    services: new Map(services.entries),
    resetPaths: doc.resetPaths,
  };
  for (const name of services.entries.keys()) resolve(name, scope, [], ctx);
  return withEntry(doc.root, 'services', { ...services, entries: scope.services });
}

interface ChainLink {
  file: string;
  service: string;
}

function text(node: CNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

function resolve(
  name: string,
  scope: Scope,
  chain: ChainLink[],
  ctx: ExtendsContext,
): CNode | undefined {
  const service = scope.services.get(name);
  if (!isMap(service)) return service;
  const ext = service.entries.get('extends');
  if (!ext) return service;

  let ref: string | undefined;
  let fileNode: CNode | undefined;
  if (ext.kind === 'map') {
    ref = text(ext.entries.get('service'));
    fileNode = ext.entries.get('file');
  } else {
    ref = text(ext);
  }
  if (ref === undefined)
    failAt(ext.src, `the \`extends\` of "${name}" needs the name of a service`);

  if (chain.some((l) => l.file === scope.file && l.service === name)) {
    const start = chain.findIndex((l) => l.file === scope.file && l.service === name);
    const loop = [...chain.slice(start), { file: scope.file, service: name }]
      .map((l) => `"${l.service}" (${l.file})`)
      .join(' extends ');
    failAt(ext.src, `\`extends\` goes round in a circle: ${loop}`);
  }

  let baseScope = scope;
  const resets: Path[] = [...scope.resetPaths];
  if (fileNode !== undefined) {
    const file = text(fileNode);
    if (file === undefined) failAt(fileNode.src, '`extends.file` must be a file path');
    const path = resolveFrom(scope.dir, file, fileNode.src, 'extended file');
    baseScope = loadScope(path, fileNode.src, ctx);
    append(resets, baseScope.resetPaths);
    if (!baseScope.services.has(ref)) {
      failAt(ext.src, `"${name}" extends "${ref}", but ${path} defines no service "${ref}"`);
    }
  } else if (!scope.services.has(ref)) {
    failAt(
      ext.src,
      `"${name}" extends "${ref}", but ${scope.file} defines no service "${ref}" in the same document`,
    );
  }

  const base = resolve(ref, baseScope, [...chain, { file: scope.file, service: name }], ctx);
  if (!isMap(base)) {
    const merged = withoutEntry(service, 'extends');
    scope.services.set(name, merged);
    return merged;
  }
  const source = serviceWithoutResets(name, base, resets);
  const merged = withoutEntry(extendService(source, service), 'extends');
  // The extended service is still written where the extending one is.
  const placed: MapNode = {
    ...merged,
    src: service.src,
    ...(service.key ? { key: service.key } : {}),
  };
  scope.services.set(name, placed);
  return placed;
}

function loadScope(path: string, from: Source, ctx: ExtendsContext): Scope {
  const cached = ctx.bases.get(path);
  if (cached) return cached;
  const docs = readDocuments(path, from, ctx, { validate: false });
  let merged: MapNode | undefined;
  const resetPaths: Path[] = [];
  for (const doc of docs) {
    merged = merged ? mergeMaps(applyResets(merged, doc.resetPaths), doc.root, []) : doc.root;
    append(resetPaths, doc.resetPaths);
  }
  const services = childMap(merged, 'services');
  if (!services) failAt(from, `${path} has no \`services\` to extend`);
  const scope: Scope = {
    file: path,
    dir: folderOf(path),
    services: new Map(services.entries),
    resetPaths,
  };
  ctx.bases.set(path, scope);
  return scope;
}

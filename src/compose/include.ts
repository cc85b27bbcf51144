/**
 * `include`: other compose applications pulled into this one. Each entry is loaded as a
 * project of its own (its files merged in order, its own project directory and `.env`),
 * then its services join the including document. As in compose-go (since 2.10), a service
 * defined both here and in an included project is the included one with the local
 * definition merged over it (the local document's `!reset` and `!override` apply to it),
 * and variables already known to the including project win over the included project's
 * env files. Includes are applied before `extends`, so a local service may extend an
 * included one.
 */
import type { Source } from '../shared/terms.js';
import type { Env, EnvFile } from './environment.js';
import { withEnvFiles } from './environment.js';
import { folderOf, joinPath, resolveFrom } from './file-paths.js';
import { failAt } from './located.js';
import { mergeMaps } from './merge.js';
import {
  childMap,
  emptyMap,
  isMap,
  isNull,
  withEntry,
  withoutEntry,
  type CNode,
  type MapNode,
  type Path,
} from './node.js';
import type { ProjectContext, ProjectFile } from './project-context.js';
import { serviceWithoutResets } from './reset.js';

export type LoadProject = (files: readonly ProjectFile[], ctx: ProjectContext) => MapNode;

interface Include {
  files: ProjectFile[];
  envFiles?: EnvFile[];
  projectDir: string;
  src: Source;
}

function strings(node: CNode | undefined): Array<{ value: string; src: Source }> {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  return items.map((n) => {
    if (n.kind !== 'scalar' || typeof n.value !== 'string') failAt(n.src, 'expected a file path');
    return { value: n.value, src: n.src };
  });
}

function readEntry(entry: CNode, ctx: ProjectContext): Include {
  const dir = ctx.baseDir;
  const map = entry.kind === 'map' ? entry : undefined;
  const paths = strings(map ? map.entries.get('path') : entry);
  if (paths.length === 0) failAt(entry.src, 'an `include` entry needs the path of a compose file');
  const files = paths.map((p) => ({
    path: resolveFrom(dir, p.value, p.src, 'included file'),
    from: p.src,
  }));
  const projectDirNode = strings(map?.entries.get('project_directory'))[0];
  const projectDir = projectDirNode
    ? resolveFrom(dir, projectDirNode.value, projectDirNode.src, 'project directory')
    : folderOf(files[0]!.path);
  const envNodes = strings(map?.entries.get('env_file'));
  const out: Include = { files, projectDir, src: entry.src };
  if (envNodes.length > 0) {
    out.envFiles = envNodes
      // compose-go lets /dev/null stand for "no env file".
      .filter((e) => e.value !== '/dev/null')
      .map((e) => ({
        path: resolveFrom(dir, e.value, e.src, 'env file'),
        from: e.src,
        required: true,
      }));
  }
  return out;
}

export function applyInclude(
  root: MapNode,
  file: string,
  resetPaths: readonly Path[],
  ctx: ProjectContext,
  load: LoadProject,
): MapNode {
  const list = root.entries.get('include');
  if (!list) return root;
  let out = withoutEntry(root, 'include');
  const chain = [...ctx.includeChain, file];
  for (const entry of list.kind === 'seq' ? list.items : [list]) {
    const inc = readEntry(entry, ctx);
    const main = inc.files[0]!.path;
    if (chain.includes(main)) {
      failAt(inc.src, `\`include\` goes round in a circle: ${[...chain, main].join(' includes ')}`);
    }
    const env: Env = withEnvFiles(
      ctx.env,
      inc.envFiles ?? [{ path: joinPath(inc.projectDir, '.env'), from: inc.src, required: false }],
      ctx,
    );
    const included = load(inc.files, {
      ...ctx,
      env,
      baseDir: inc.projectDir,
      includeChain: chain,
      bases: new Map(),
    });
    out = importServices(out, childMap(included, 'services'), resetPaths);
  }
  return out;
}

function importServices(
  root: MapNode,
  from: MapNode | undefined,
  resetPaths: readonly Path[],
): MapNode {
  if (!from || from.entries.size === 0) return root;
  const services = childMap(root, 'services') ?? emptyMap(root.src);
  const entries = new Map(services.entries);
  for (const [name, svc] of from.entries) {
    const local = entries.get(name);
    if (!local) {
      entries.set(name, svc);
      continue;
    }
    if (!isMap(local) || !isMap(svc)) {
      if (isNull(local)) entries.set(name, svc);
      continue;
    }
    const merged = mergeMaps(serviceWithoutResets(name, svc, resetPaths), local, [
      'services',
      name,
    ]);
    // The service is still written where the local definition is.
    entries.set(name, { ...merged, src: local.src, ...(local.key ? { key: local.key } : {}) });
  }
  return withEntry(root, 'services', { ...services, entries });
}

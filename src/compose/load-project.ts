/**
 * One compose project, as `docker compose -f a.yml -f b.yml` builds it: every document of
 * every file, in order, is interpolated, checked, has its `include`s pulled in and its
 * services' `extends` resolved, then its `!reset`/`!override` places are cleared from what
 * came before and it is merged over it (compose-go's loadYamlFile, step for step).
 */
import { readDocuments } from './documents.js';
import { applyExtends } from './extends.js';
import { applyInclude } from './include.js';
import { failAt } from './located.js';
import { mergeMaps } from './merge.js';
import type { MapNode } from './node.js';
import type { ProjectContext, ProjectFile } from './project-context.js';
import { applyResets } from './reset.js';

export function loadProject(files: readonly ProjectFile[], ctx: ProjectContext): MapNode {
  let merged: MapNode | undefined;
  for (const f of files) {
    for (const doc of readDocuments(f.path, f.from, ctx, { validate: true })) {
      const withIncludes = applyInclude(doc.root, f.path, doc.resetPaths, ctx, loadProject);
      const root = applyExtends({ ...doc, root: withIncludes }, ctx);
      merged = merged ? mergeMaps(applyResets(merged, doc.resetPaths), root, []) : root;
    }
  }
  if (!merged) {
    failAt(
      files[0]!.from,
      `the compose file${files.length > 1 ? 's' : ''} ${files.map((f) => f.path).join(', ')} define${files.length > 1 ? '' : 's'} nothing`,
    );
  }
  return merged;
}

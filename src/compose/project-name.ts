/**
 * A compose project's name, by compose's precedence: the manifest entry's `project` (like
 * `docker compose -p`), else COMPOSE_PROJECT_NAME, else the top-level `name`, else the
 * project folder's name. Names read from files or folders are normalised as compose does
 * (lower case, only a-z 0-9 _ -, no leading _ or -); the folder of a file at the root of
 * the repository has no name we can know, so such a project is called "default".
 */
import { posix } from 'node:path';
import type { ComposeRef } from '../manifest/types.js';
import type { Env } from './environment.js';
import { failAt } from './located.js';
import type { MapNode } from './node.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function projectName(ref: ComposeRef, env: Env, root: MapNode, projectDir: string): string {
  if (ref.project) return ref.project;
  const fromEnv = env.get('COMPOSE_PROJECT_NAME');
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!VALID.test(fromEnv)) {
      failAt(
        ref.source,
        `COMPOSE_PROJECT_NAME is "${fromEnv.slice(0, 60)}", which is not a valid project name (lower-case letters, digits, _ and -, starting with a letter or digit)`,
      );
    }
    return fromEnv;
  }
  const written = root.entries.get('name');
  if (written?.kind === 'scalar' && typeof written.value === 'string') {
    const n = normalizeProjectName(written.value);
    if (n !== '') return n;
  }
  return normalizeProjectName(posix.basename(projectDir)) || 'default';
}

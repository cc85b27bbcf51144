/**
 * A compose project's name, by compose's precedence: the manifest entry's `project` (like
 * `docker compose -p`), else COMPOSE_PROJECT_NAME, else the top-level `name` (the last one
 * written in the entry's files, interpolated), else the project folder's name. Names read
 * from files or folders are normalised as compose does (lower case, only a-z 0-9 _ -, no
 * leading _ or -); the folder of a file at the root of the repository has no name we can
 * know, so such a project is called "default".
 *
 * The name is settled before the files are interpolated because compose-go then sets
 * COMPOSE_PROJECT_NAME to it, and files may use `${COMPOSE_PROJECT_NAME}`.
 */
import { posix } from 'node:path';
import type { ComposeRef } from '../model/manifest-spec.js';
import type { Env } from './environment.js';
import { failAt } from './located.js';
import type { ComposeDocument } from './parse-file.js';
import { ExpansionBudget, substitute } from './template.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** The top-level `name` the files declare, interpolated, or undefined when none does. */
export function declaredName(docs: readonly ComposeDocument[], env: Env): string | undefined {
  let written: string | undefined;
  for (const doc of docs) {
    const node = doc.root.entries.get('name');
    if (node?.kind !== 'scalar' || node.value === null) continue;
    const raw = String(node.value);
    if (raw === '') continue;
    const r = substitute(raw, (n) => env.get(n), new ExpansionBudget());
    if (!r.ok) failAt(node.src, `cannot interpolate name: ${r.reason}`);
    written = r.value;
  }
  return written;
}

export function projectName(
  ref: ComposeRef,
  env: Env,
  declared: string | undefined,
  projectDir: string,
): string {
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
  if (declared !== undefined) {
    const n = normalizeProjectName(declared);
    if (n !== '') return n;
  }
  return normalizeProjectName(posix.basename(projectDir)) || 'default';
}

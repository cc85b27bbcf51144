/**
 * Which files a manifest's compose entry reads, as `docker compose` would pick them:
 *  - files named in `files` (or a bare path to a file) are read exactly, like `-f`; when a
 *    named default file has an override file beside it that the entry leaves out, an info
 *    finding says so, since `docker compose` run in that folder would read both;
 *  - a folder (`dir:`, or a bare path with no file of that name) is read as `docker compose`
 *    run there: the files COMPOSE_FILE lists, else the first default file by compose's
 *    preference, then the first override file. Unlike compose, parent folders are not
 *    searched.
 * A path that names nothing gets the names close to it that do exist.
 */
import { InputError } from '../shared/errors.js';
import type { ComposeRef } from '../model/manifest-spec.js';
import type { Source } from '../shared/terms.js';
import { resolveRelative } from '../workspace/paths.js';
import type { FileReader } from '../workspace/reader.js';
import type { Env } from './environment.js';
import { folderOf, joinPath, resolveFrom } from './file-paths.js';
import { failAt, findingAt, type Findings } from './located.js';
import type { ProjectFile } from './project-context.js';

/** compose-go's DefaultFileNames, in its order of preference. */
export const DEFAULT_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
] as const;

/** compose-go's DefaultOverrideFileNames, in its order of preference. */
export const OVERRIDE_FILES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

export interface EntryFiles {
  /** The project directory: the folder, or the folder of the first file. */
  projectDir: string;
  /**
   * The files to read, once the project's variables are known: a folder is read as compose
   * reads it, COMPOSE_FILE first (a list of files relative to the folder, split on
   * COMPOSE_PATH_SEPARATOR or `:`), else the default file and its override.
   */
  files(env: Env): ProjectFile[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function listed(names: readonly string[], last = 'and'): string {
  return names.length === 1
    ? names[0]!
    : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

/** Existing files whose path is one slip away from `path`: .yml for .yaml, a sibling default name. */
export function similarPaths(reader: FileReader, path: string): string[] {
  const dir = folderOf(path);
  const name = basename(path);
  const candidates = new Set<string>();
  const swapped = name.endsWith('.yml')
    ? `${name.slice(0, -4)}.yaml`
    : name.endsWith('.yaml')
      ? `${name.slice(0, -5)}.yml`
      : undefined;
  if (swapped) candidates.add(joinPath(dir, swapped));
  for (const group of [DEFAULT_FILES, OVERRIDE_FILES] as const) {
    if ((group as readonly string[]).includes(name)) {
      for (const n of group) candidates.add(joinPath(dir, n));
    }
  }
  candidates.delete(path);
  return [...candidates].filter((c) => reader.exists(c));
}

function hint(found: readonly string[]): string {
  return found.length > 0
    ? `; did you mean ${listed(
        found.map((f) => `"${f}"`),
        'or',
      )}?`
    : '';
}

/**
 * Reads a file named in compose input; when it does not exist, the error names the files
 * close to it that do.
 */
export function readNamed(reader: FileReader, path: string, from: Source): string {
  try {
    return reader.read(path, from);
  } catch (e) {
    if (!(e instanceof InputError) || reader.exists(path)) throw e;
    const found = similarPaths(reader, path);
    if (found.length === 0) throw e;
    throw new InputError(e.problems.map((p) => ({ ...p, message: p.message + hint(found) })));
  }
}

function firstExisting(
  reader: FileReader,
  dir: string,
  names: readonly string[],
  what: string,
  src: Source,
  findings: Findings,
): string | undefined {
  const found = names.map((n) => joinPath(dir, n)).filter((p) => reader.exists(p));
  if (found.length > 1) {
    findings.add(
      findingAt(
        'info',
        'several-compose-files',
        `${dir || 'the repository root'} holds several ${what} (${listed(found)}); docker compose reads ${found[0]}, and so does headroom`,
        src,
      ),
    );
  }
  return found[0];
}

function folderFiles(
  reader: FileReader,
  dir: string,
  src: Source,
  findings: Findings,
  env: Env,
  missing: () => never,
): ProjectFile[] {
  const listedFiles = env.get('COMPOSE_FILE');
  if (listedFiles !== undefined && listedFiles !== '') {
    const sep = env.get('COMPOSE_PATH_SEPARATOR') || ':';
    return listedFiles
      .split(sep)
      .filter((f) => f !== '')
      .map((f) => ({ path: resolveFrom(dir, f, src, 'compose file in COMPOSE_FILE'), from: src }));
  }
  const main = firstExisting(reader, dir, DEFAULT_FILES, 'compose files', src, findings);
  if (main === undefined) return missing();
  const override = firstExisting(reader, dir, OVERRIDE_FILES, 'override files', src, findings);
  return [main, ...(override ? [override] : [])].map((path) => ({ path, from: src }));
}

function manifestPath(manifest: string, target: string, src: Source, what: string): string {
  const r = resolveRelative(manifest, target);
  if (!r.ok) failAt(src, `the ${what} "${target}" is not usable: ${r.reason}`);
  // `app/` names the folder app.
  return r.path.replace(/\/+$/, '');
}

export function entryFiles(
  ref: ComposeRef,
  manifest: string,
  reader: FileReader,
  findings: Findings,
): EntryFiles {
  const src = ref.source;
  if (ref.dir !== undefined) {
    const dir = manifestPath(manifest, ref.dir, src, 'folder');
    return {
      projectDir: dir,
      files: (env) =>
        folderFiles(reader, dir, src, findings, env, () =>
          failAt(
            src,
            `the folder "${ref.dir}" holds no compose file: docker compose looks for ${listed([...DEFAULT_FILES], 'or')}`,
          ),
        ),
    };
  }
  const files = ref.files.map((f) => ({
    path: manifestPath(manifest, f, src, 'compose file'),
    from: src,
  }));
  const first = files[0]!.path;
  // A bare path that ends like a YAML file names a file; any other may name a folder.
  if (ref.fileOrDir && !/\.ya?ml$/i.test(first) && !reader.exists(first)) {
    return {
      projectDir: first,
      files: (env) =>
        folderFiles(reader, first, src, findings, env, () => {
          // Neither: the reader's own reason (missing, refused...) says most, the rest helps.
          const more = `, nor a folder holding ${listed([...DEFAULT_FILES], 'or')}`;
          try {
            reader.read(first, src);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            throw new InputError(e.problems.map((p) => ({ ...p, message: p.message + more })));
          }
          return failAt(src, `"${ref.files[0]}" is not a compose file${more}`);
        }),
    };
  }
  noteUnreadOverrides(files, reader, src, findings);
  return { projectDir: folderOf(first), files: () => files };
}

/** A named default file whose override file stays unread: compose run there would read it. */
function noteUnreadOverrides(
  files: readonly ProjectFile[],
  reader: FileReader,
  src: Source,
  findings: Findings,
): void {
  const named = new Set(files.map((f) => f.path));
  for (const f of files) {
    if (!(DEFAULT_FILES as readonly string[]).includes(basename(f.path))) continue;
    const dir = folderOf(f.path);
    const override = OVERRIDE_FILES.map((n) => joinPath(dir, n)).find((p) => reader.exists(p));
    if (override === undefined || named.has(override)) continue;
    findings.add(
      findingAt(
        'info',
        'override-unread',
        `${override} sits beside ${f.path} but this entry does not read it; docker compose run in ${dir || 'the repository root'} would. Name the folder (\`dir: ${dir || '.'}\`) to read both, or add it to \`files\``,
        src,
      ),
    );
  }
}

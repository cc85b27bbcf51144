/**
 * The manifest input into the list of manifests to check. A plain path is kept as written
 * but for its spelling (`./capacity.yml`, `infra//capacity.yml` are `capacity.yml` and
 * `infra/capacity.yml`, as the glob library writes its matches), so one file named two ways
 * is checked and shown once; a missing file is then reported by the reader, with its name.
 * Globs are expanded inside
 * the workspace, without following symbolic links and never into `.git` or
 * `node_modules`. The glob library is loaded only when a pattern needs it.
 */
import { posix } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { visible } from '../../report/escape.js';

/** Characters that make an entry a pattern rather than a path. */
const GLOB = /[*?[\]{}()]/;

export function isPattern(entry: string): boolean {
  return entry.startsWith('!') || GLOB.test(entry);
}

/** A workspace-relative path spelled one way: forward slashes, no `.` steps or doubled `/`. */
function normalPath(entry: string): string {
  return posix.normalize(entry.replace(/\\/g, '/'));
}

/**
 * A pattern without its leading `./`, which its matches never carry. Only that: normalising
 * a whole pattern could change what it matches (`{a,./b}`).
 */
function withoutDotSlash(pattern: string): string {
  return pattern.replace(/^(?:\.\/+)+/, '');
}

export async function expandManifests(
  entries: readonly string[],
  workspace: string,
): Promise<string[]> {
  const literal = entries.filter((e) => !isPattern(e)).map(normalPath);
  const patterns = entries.filter((e) => isPattern(e) && !e.startsWith('!')).map(withoutDotSlash);
  const excluded = entries.filter((e) => e.startsWith('!')).map((e) => withoutDotSlash(e.slice(1)));
  let matched: string[] = [];
  if (patterns.length > 0) {
    const { glob } = await import(/* webpackMode: "eager" */ 'tinyglobby');
    matched = await glob(patterns, {
      cwd: workspace,
      onlyFiles: true,
      followSymbolicLinks: false,
      expandDirectories: false,
      ignore: ['**/.git/**', '**/node_modules/**', ...excluded],
    });
    if (matched.length === 0) {
      throw new UsageError(
        `input "manifest": no file matches ${patterns.map((p) => `"${visible(p)}"`).join(', ')}`,
      );
    }
    matched.sort();
  }
  // Named paths first, in the order given, then matches in a stable order; each once.
  return [...new Set([...literal, ...matched])];
}

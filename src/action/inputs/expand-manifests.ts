/**
 * The manifest input into the list of manifests to check. A plain path is kept as written
 * (a missing file is then reported by the reader, with its name); globs are expanded inside
 * the workspace, without following symbolic links and never into `.git` or
 * `node_modules`. The glob library is loaded only when a pattern needs it.
 */
import { UsageError } from '../../errors.js';
import { visible } from '../../report/escape.js';

/** Characters that make an entry a pattern rather than a path. */
const GLOB = /[*?[\]{}()]/;

export function isPattern(entry: string): boolean {
  return entry.startsWith('!') || GLOB.test(entry);
}

export async function expandManifests(
  entries: readonly string[],
  workspace: string,
): Promise<string[]> {
  const literal = entries.filter((e) => !isPattern(e)).map((e) => e.replace(/\\/g, '/'));
  const patterns = entries.filter((e) => isPattern(e) && !e.startsWith('!'));
  const excluded = entries.filter((e) => e.startsWith('!')).map((e) => e.slice(1));
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

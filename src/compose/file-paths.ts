/**
 * Paths written inside compose files. As in compose, they are relative to the project
 * directory (the folder of the project's first file); unlike compose, they must stay in
 * the workspace, and remote resources (git, OCI, URLs) are refused rather than fetched.
 */
import { posix } from 'node:path';
import type { Source } from '../shared/terms.js';
import { normalize } from '../workspace/paths.js';
import { failAt } from './located.js';

export function resolveFrom(dir: string, target: string, src: Source, what: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target) || target.startsWith('git@')) {
    failAt(
      src,
      `the ${what} "${target}" is a remote resource; headroom reads only files in the repository`,
    );
  }
  const t = target.replace(/\\/g, '/');
  if (posix.isAbsolute(t) || /^[A-Za-z]:\//.test(t)) {
    failAt(src, `the ${what} "${target}" is absolute; write it relative to the project directory`);
  }
  const r = normalize(posix.join(dir === '' ? '.' : dir, t));
  if (!r.ok) failAt(src, `the ${what} "${target}" is not usable: ${r.reason}`);
  return r.path;
}

/** The folder of a workspace-relative file, '' for the workspace root. */
export function folderOf(path: string): string {
  const d = posix.dirname(path);
  return d === '.' ? '' : d;
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

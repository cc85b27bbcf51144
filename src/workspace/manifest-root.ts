/**
 * Where a manifest named on the command line belongs. Confinement keeps a manifest from
 * reaching out of its repository; it is not about where the user happens to stand, so
 * `cd deploy && headroom check ../capacity.yml` works. The workspace is the top folder of
 * the git repository holding the manifest (the nearest folder above it with a `.git`), or
 * the manifest's own folder when it is in no repository.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../shared/errors.js';

export interface ManifestPlace {
  /** The workspace: every file the manifest names must stay inside it. */
  root: string;
  /** The manifest, relative to the workspace, with forward slashes. */
  manifest: string;
  /** Whether the workspace is a git repository (a base ref can be read from it). */
  repository: boolean;
}

function repositoryTop(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

/** Whether a path is a folder; anything that cannot be followed is left for the reader to explain. */
function isFolder(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** Places the manifest `path`, written relative to `cwd` (or absolute). */
export function placeManifest(cwd: string, path: string): ManifestPlace {
  if (path.includes('\u0000'))
    throw new InputError([{ file: path, message: 'the path contains a NUL character' }]);
  const full = resolve(cwd, path);
  if (isFolder(full)) {
    throw new InputError([
      {
        file: path,
        message: `cannot read this file: it is a directory, not a file; name the manifest in it, such as ${path.replace(/[\\/]+$/, '')}/capacity.yml`,
      },
    ]);
  }
  let folder: string;
  try {
    folder = realpathSync(dirname(full));
  } catch {
    throw new InputError([
      { file: path, message: 'cannot read this file: the folder it should be in does not exist' },
    ]);
  }
  const top = repositoryTop(folder);
  const root = top ?? folder;
  const manifest = relative(root, join(folder, basename(full)))
    .split(sep)
    .join('/');
  return { root, manifest, repository: top !== null };
}

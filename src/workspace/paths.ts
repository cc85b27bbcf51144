/**
 * Workspace-relative paths. Everything the manifest names is resolved against the file
 * that names it and must stay inside the workspace; the result always uses forward slashes
 * and never starts with `./`.
 */
import { posix } from 'node:path';

export type Resolved = { ok: true; path: string } | { ok: false; reason: string };

/** Resolves `target` (as written in the file at `fromFile`) to a workspace-relative path. */
export function resolveRelative(fromFile: string, target: string): Resolved {
  if (target.includes('\u0000')) return { ok: false, reason: 'the path contains a NUL character' };
  const t = target.replace(/\\/g, '/');
  if (posix.isAbsolute(t) || /^[A-Za-z]:\//.test(t)) {
    return {
      ok: false,
      reason: 'the path is absolute; write it relative to the file that names it',
    };
  }
  return normalize(posix.join(posix.dirname(fromFile), t));
}

/** Normalises a workspace-relative path and refuses one that leaves the workspace. */
export function normalize(path: string): Resolved {
  const n = posix.normalize(path.replace(/\\/g, '/'));
  if (n === '..' || n.startsWith('../') || posix.isAbsolute(n)) {
    return { ok: false, reason: 'the path leads outside the workspace' };
  }
  if (n.split('/').includes('.git'))
    return { ok: false, reason: 'the path points into the .git folder' };
  return { ok: true, path: n === '.' ? '' : n.replace(/^\.\//, '') };
}

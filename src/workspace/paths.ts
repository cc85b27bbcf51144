/**
 * Workspace-relative paths. Everything the manifest names is resolved against the file
 * that names it and must stay inside the workspace; the result always uses forward slashes
 * and never starts with `./`.
 */
import { posix } from 'node:path';

export type Resolved = { ok: true; path: string } | { ok: false; reason: string };

/** Why a path cannot name a file in the workspace; each caller words it for its reader. */
export type Refusal = 'absolute' | 'outside' | 'git';

function isAbsolute(path: string): boolean {
  return posix.isAbsolute(path) || /^[A-Za-z]:\//.test(path);
}

/** Why a normalised path leaves the workspace or reaches into `.git`; null when it does neither. */
function escapes(n: string): Refusal | null {
  if (n === '..' || n.startsWith('../') || posix.isAbsolute(n)) return 'outside';
  return n.split('/').includes('.git') ? 'git' : null;
}

/**
 * Why `path`, written relative to the workspace root (a glob too), cannot name a file in the
 * workspace; null when it can.
 */
export function refusal(path: string): Refusal | null {
  const p = path.replace(/\\/g, '/');
  return isAbsolute(p) ? 'absolute' : escapes(posix.normalize(p));
}

/** Resolves `target` (as written in the file at `fromFile`) to a workspace-relative path. */
export function resolveRelative(fromFile: string, target: string): Resolved {
  if (target.includes('\u0000')) return { ok: false, reason: 'the path contains a NUL character' };
  const t = target.replace(/\\/g, '/');
  if (isAbsolute(t)) {
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
  const why = escapes(n);
  if (why === 'outside') return { ok: false, reason: 'the path leads outside the workspace' };
  if (why === 'git') return { ok: false, reason: 'the path points into the .git folder' };
  return { ok: true, path: n === '.' ? '' : n.replace(/^\.\//, '') };
}

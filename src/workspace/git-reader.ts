/**
 * A FileReader over a git commit, for the base side of a comparison: `git cat-file` reads
 * a path as it was at the ref, without touching the work tree. The same rules as on disk
 * apply: inside the workspace, not in .git, a file (not a tree), under the size cap, UTF-8.
 * A symbolic link stored in the commit is followed within the workspace.
 */
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { UsageError } from '../errors.js';
import type { Source } from '../model/types.js';
import { decodeUtf8, refuseFile } from './decode.js';
import { MAX_FILE_BYTES } from './disk-reader.js';
import { normalize } from './paths.js';
import type { FileReader } from './reader.js';

const MAX_LINKS = 8;

function git(cwd: string, args: string[], maxBuffer = 1024 * 1024): Buffer {
  return execFileSync('git', args, { cwd, maxBuffer, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryGit(cwd: string, args: string[]): string | null {
  try {
    return git(cwd, args).toString('utf8').trim();
  } catch {
    return null;
  }
}

/** The commit a ref names, or a UsageError saying the ref is not there. */
export function resolveCommit(cwd: string, ref: string): string {
  if (ref.startsWith('-') || ref.includes('\u0000'))
    throw new UsageError(`"${ref}" is not a git ref`);
  const sha = tryGit(cwd, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  if (!sha) {
    throw new UsageError(
      `the git ref "${ref}" is not in this repository (fetch it first, for instance with fetch-depth: 0)`,
    );
  }
  return sha;
}

export function gitReader(
  workspace: string,
  ref: string,
  maxBytes = MAX_FILE_BYTES,
): FileReader & { commit: string } {
  const commit = resolveCommit(workspace, ref);
  // Paths are workspace-relative; git wants them relative to the repository root.
  const prefix = tryGit(workspace, ['rev-parse', '--show-prefix']) ?? '';

  /** Mode and type of a path at the commit, or null when it is not there. */
  const entry = (path: string): { mode: string; type: string } | null => {
    const line = tryGit(workspace, [
      'ls-tree',
      '-z',
      '--full-tree',
      commit,
      '--',
      `${prefix}${path}`,
    ]);
    if (!line) return null;
    const m = /^(\d+) (\w+) [0-9a-f]+\t/.exec(line);
    return m ? { mode: m[1]!, type: m[2]! } : null;
  };

  const blob = (
    path: string,
    from: Source | undefined,
    depth: number,
  ): { path: string; size: number } => {
    const n = normalize(path);
    if (!n.ok) throw refuseFile(path, n.reason, from);
    const e = entry(n.path);
    if (!e) throw refuseFile(path, `the file does not exist at ${ref}`, from);
    if (e.type === 'tree') throw refuseFile(path, `it is a directory at ${ref}, not a file`, from);
    if (e.type !== 'blob') throw refuseFile(path, `it is not a file at ${ref}`, from);
    if (e.mode === '120000') {
      if (depth >= MAX_LINKS)
        throw refuseFile(path, 'it is a chain of symbolic links too long to follow', from);
      const target = git(workspace, ['cat-file', 'blob', `${commit}:${prefix}${n.path}`]).toString(
        'utf8',
      );
      const next = normalize(posix.join(posix.dirname(n.path), target));
      if (!next.ok || posix.isAbsolute(target))
        throw refuseFile(path, 'it is a symbolic link that leads outside the workspace', from);
      return blob(next.path, from, depth + 1);
    }
    const size = Number(
      tryGit(workspace, ['cat-file', '-s', `${commit}:${prefix}${n.path}`]) ?? '0',
    );
    if (size > maxBytes) {
      throw refuseFile(
        path,
        `it is ${size.toLocaleString('en-US')} bytes at ${ref}, over the ${maxBytes.toLocaleString('en-US')}-byte limit`,
        from,
      );
    }
    return { path: n.path, size };
  };

  return {
    commit,
    read(path, from) {
      const b = blob(path, from, 0);
      const bytes = git(
        workspace,
        ['cat-file', 'blob', `${commit}:${prefix}${b.path}`],
        Math.max(b.size + 1, 1024),
      );
      return decodeUtf8(path, bytes, from);
    },
    exists(path) {
      try {
        blob(path, undefined, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A FileReader over a git commit, for the base side of a comparison: `git cat-file` reads
 * a path as it was at the ref, without touching the work tree. The same rules as on disk
 * apply: inside the workspace, not in .git, a file (not a tree), under the size cap, UTF-8.
 * A symbolic link stored in the commit is followed within the workspace.
 *
 * Paths come from files a pull request can change, so git must take them literally: every
 * command runs with --literal-pathspecs (a path such as `:(top)c.yml` is otherwise pathspec
 * magic), and blobs are read by the object id ls-tree gave, never by `<commit>:<path>`.
 */
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { UsageError } from '../shared/errors.js';
import type { Source } from '../shared/terms.js';
import { decodeUtf8, refuseFile } from './decode.js';
import { MAX_FILE_BYTES } from './disk-reader.js';
import { MAX_SYMLINKS } from './symlinks.js';
import { normalize } from './paths.js';
import type { FileReader } from './reader.js';

function git(cwd: string, args: string[], maxBuffer = 1024 * 1024): Buffer {
  return execFileSync('git', ['--literal-pathspecs', ...args], {
    cwd,
    maxBuffer,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

interface Entry {
  mode: string;
  type: string;
  object: string;
}

export function gitReader(
  workspace: string,
  ref: string,
  maxBytes = MAX_FILE_BYTES,
): FileReader & { commit: string } {
  const commit = resolveCommit(workspace, ref);
  // Paths are workspace-relative; git wants them relative to the repository root.
  const prefix = tryGit(workspace, ['rev-parse', '--show-prefix']) ?? '';

  /** Mode, type and object id of a path at the commit, or null when it is not there. */
  const entry = (path: string): Entry | null => {
    const wanted = `${prefix}${path}`;
    const out = tryGit(workspace, ['ls-tree', '-z', '--full-tree', commit, '--', wanted]);
    if (!out) return null;
    for (const line of out.split('\u0000')) {
      const m = /^(\d+) (\w+) ([0-9a-f]+)\t([^]*)$/.exec(line);
      if (m && m[4] === wanted) return { mode: m[1]!, type: m[2]!, object: m[3]! };
    }
    return null;
  };

  /** The bytes of an object, or a refusal naming the path when git cannot give them. */
  const object = (path: string, id: string, from: Source | undefined, size: number): Buffer => {
    try {
      return git(workspace, ['cat-file', 'blob', id], Math.max(size + 1, 1024));
    } catch {
      throw refuseFile(path, `git could not read it at ${ref}`, from);
    }
  };

  const blob = (path: string, from: Source | undefined): { object: string; size: number } => {
    const seen = new Set<string>();
    let current = path;
    for (;;) {
      const n = normalize(current);
      if (!n.ok) throw refuseFile(path, n.reason, from);
      const e = entry(n.path);
      if (!e) throw refuseFile(path, `the file does not exist at ${ref}`, from);
      if (e.type === 'tree')
        throw refuseFile(path, `it is a directory at ${ref}, not a file`, from);
      if (e.type !== 'blob') throw refuseFile(path, `it is not a file at ${ref}`, from);
      if (e.mode !== '120000') {
        const size = Number(tryGit(workspace, ['cat-file', '-s', e.object]) ?? '0');
        if (size > maxBytes) {
          throw refuseFile(
            path,
            `it is ${size.toLocaleString('en-US')} bytes at ${ref}, over the ${maxBytes.toLocaleString('en-US')}-byte limit`,
            from,
          );
        }
        return { object: e.object, size };
      }
      if (seen.has(n.path))
        throw refuseFile(path, `its symbolic links form a loop at ${ref}`, from);
      seen.add(n.path);
      if (seen.size > MAX_SYMLINKS) {
        throw refuseFile(
          path,
          `it is a chain of more than ${MAX_SYMLINKS} symbolic links at ${ref}, more than are followed`,
          from,
        );
      }
      const target = object(path, e.object, from, 4096).toString('utf8');
      if (posix.isAbsolute(target))
        throw refuseFile(path, 'it is a symbolic link that leads outside the workspace', from);
      const next = normalize(posix.join(posix.dirname(n.path), target));
      if (!next.ok) {
        const where = next.reason.includes('.git')
          ? 'into the .git folder'
          : 'outside the workspace';
        throw refuseFile(path, `it is a symbolic link that leads ${where}`, from);
      }
      current = next.path;
    }
  };

  return {
    commit,
    read(path, from) {
      const b = blob(path, from);
      return decodeUtf8(path, object(path, b.object, from, b.size), from);
    },
    exists(path) {
      try {
        blob(path, undefined);
        return true;
      } catch {
        return false;
      }
    },
  };
}

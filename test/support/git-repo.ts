/**
 * Real git repositories for the comparison tests: a base commit and a head commit on top
 * of it, checked out at the head as actions/checkout leaves the workspace, either with the
 * whole history or shallow (one commit, the default on a runner).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=headroom tests',
      '-c',
      'user.email=tests@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** Files to write; null deletes the file. */
export type Tree = Record<string, string | null>;

function apply(dir: string, files: Tree): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

export interface PullRequestRepo {
  /** The checkout, at the head commit. */
  workspace: string;
  baseSha: string;
  headSha: string;
}

function commit(dir: string, files: Tree, message: string): string {
  apply(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * A repository whose `main` has `base`, and whose checked-out head changes it by `head`.
 * `shallow`: the workspace is a depth-1 clone, which does not have the base commit, with
 * an `origin` it can fetch the base from, as actions/checkout leaves it. `'offline'`: the
 * same, but its `origin` cannot be reached (as without credentials), so git cannot fetch.
 */
export function pullRequestRepo(
  base: Tree,
  head: Tree,
  shallow: boolean | 'offline' = false,
): PullRequestRepo {
  const origin = mkdtempSync(join(tmpdir(), 'headroom-repo-'));
  git(origin, 'init', '-q');
  const baseSha = commit(origin, base, 'base');
  git(origin, 'checkout', '-q', '-b', 'feature');
  const headSha = commit(origin, head, 'the pull request');
  if (!shallow) return { workspace: origin, baseSha, headSha };
  const workspace = mkdtempSync(join(tmpdir(), 'headroom-shallow-'));
  git(workspace, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, '.');
  if (shallow === 'offline') {
    git(workspace, 'remote', 'set-url', 'origin', `file://${origin}-unreachable`);
  }
  return { workspace, baseSha, headSha };
}

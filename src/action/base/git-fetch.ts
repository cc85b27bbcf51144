/**
 * Fetching the pull request's base commit into a checkout that lacks it, as
 * dorny/paths-filter does: actions/checkout clones one commit by default and leaves an
 * `origin` with the job's credentials, so one shallow fetch of that commit is enough for
 * git to read the base. Anything that goes wrong (no git, not a checkout, no origin, no
 * credentials, no network) is a reason, not an error: the contents API is the fallback.
 */
import { execFile } from 'node:child_process';

/** A fetch that has not finished by then is given up, whatever the API deadline. */
const FETCH_TIMEOUT_MS = 60_000;

export type FetchOutcome = { ok: true } | { ok: false; reason: string };

function git(cwd: string, args: string[], timeout: number): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout,
        // Never wait for a password: a checkout without credentials fails at once.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never' },
        maxBuffer: 1024 * 1024,
      },
      (error, _stdout, stderr) => {
        if (!error) return resolve({ ok: true });
        const killed = (error as { killed?: boolean }).killed;
        const last = String(stderr).trim().split('\n').at(-1) ?? '';
        resolve({
          ok: false,
          reason: killed
            ? `git ${args[0]} did not finish within ${Math.round(timeout / 1000)} s`
            : last.replace(/^(fatal|error): /, '').slice(0, 300) || `git ${args[0]} failed`,
        });
      },
    );
  });
}

/** Fetches `sha` (a full commit id) from `origin` into the checkout at `workspace`. */
export async function fetchCommit(
  workspace: string,
  sha: string,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<FetchOutcome> {
  const origin = await git(workspace, ['remote', 'get-url', 'origin'], timeoutMs);
  if (!origin.ok) return { ok: false, reason: 'the checkout has no git remote "origin"' };
  return git(
    workspace,
    ['fetch', '--depth=1', '--no-tags', '--no-recurse-submodules', '--quiet', 'origin', sha],
    timeoutMs,
  );
}

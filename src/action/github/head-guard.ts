import { ApiError } from './api-error.js';
import type { GitHubApi, WriteGuard } from './client.js';

/**
 * The guard for a pull_request run: write only while the pull request's head is still the
 * commit this run checked. Once it has moved on, the run for the newer commit posts, and
 * this one must not write its older report over that one's. A token that may not read the
 * pull request (a narrow custom token) gets no guard rather than no comment.
 */
export function headGuard(
  api: GitHubApi,
  issue: number,
  headSha: string,
  log: (line: string) => void,
): WriteGuard {
  let unreadable = false;
  return async () => {
    if (unreadable) return null;
    let sha: string | null;
    try {
      sha = (await api.pullHead(issue)).sha;
    } catch (e) {
      if (!(e instanceof ApiError && (e.status === 403 || e.status === 404))) throw e;
      unreadable = true;
      log(`${e.message}; posting without checking for a newer commit`);
      return null;
    }
    if (sha === null || sha === headSha) return null;
    return `pull request #${issue} has moved on from ${headSha.slice(0, 7)} to ${sha.slice(0, 7)}; the run for the newer commit posts its report instead`;
  };
}

/**
 * The GitHub client: @actions/github's octokit (GitHub Enterprise through GITHUB_API_URL,
 * the runner's proxy settings, the REST methods and pagination), with the octokit retry
 * plugin for 5xx and dropped connections and four plugins of ours (./plugins): one
 * deadline for the whole run, guarded and spaced writes, rate limits waited out as GitHub
 * asks, and pages refused when cut off. On top, the few calls the action makes, each
 * checked to answer with what was asked for.
 *
 * Failures leave here as ApiError, never as octokit's own error, which holds the request
 * and with it the token.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { VERSION } from '../../shared/version.js';
import { ApiError, StoodDown } from './api-error.js';
import { deadline } from './plugins/deadline.js';
import { guardedWrites, type WriteGuard } from './plugins/guarded-writes.js';
import { githubMessage, rateLimitWait, rateLimits } from './plugins/rate-limits.js';
import type { ClientTuning } from './plugins/tuning.js';
import { INCOMPLETE, wholePages } from './plugins/whole-pages.js';
import type { CommentApi, IssueComment } from './sticky-comment.js';

export type { WriteGuard } from './plugins/guarded-writes.js';

export interface ApiOptions {
  token: string;
  apiUrl: string;
  /** owner/name */
  repository: string;
  /** Milliseconds per second of retry wait (see Settings.retryBaseMs). */
  retryBaseMs: number;
  log: (line: string) => void;
  /** Every request of the run is abandoned after this long, so a hung API cannot hang the check. */
  deadlineMs: number;
}

export interface PullHead {
  sha: string | null;
  /** owner/name of the head's repository; null when it was deleted. */
  repository: string | null;
  branch: string | null;
}

/** A repository's files at a commit, as the contents API gives them. */
export interface RepoFiles {
  /** GitHub's answer for a path at a commit (parsed JSON), or null when it answered 404. */
  contents(path: string, ref: string): Promise<unknown>;
  /** A blob's bytes by its id: the contents answer leaves out files over 1 MB. */
  blob(sha: string): Promise<Uint8Array>;
  /** Whether the token can see the commit. */
  hasCommit(sha: string): Promise<boolean>;
}

export interface GitHubApi {
  comments(issue: number, options?: { guard?: WriteGuard }): CommentApi;
  /** Where the pull request's head is now. */
  pullHead(issue: number): Promise<PullHead>;
  /** The repository's files at a commit, for the base of a pull request. */
  files: RepoFiles;
}

/** How the run reaches GitHub; the tests give the action a stand-in. */
export type Connect = (options: ApiOptions) => Promise<GitHubApi>;

/** 100 pages of 100: a pull request with more comments than this is not read to the end. */
const MAX_PAGES = 100;

interface RawComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type: string } | null;
}

function toComment(c: RawComment): IssueComment {
  if (typeof c?.id !== 'number' || typeof c.html_url !== 'string') {
    throw new Error('GitHub answered with something that is not a comment');
  }
  return {
    id: c.id,
    body: c.body ?? '',
    login: c.user?.login ?? null,
    bot: c.user?.type === 'Bot',
    url: c.html_url,
  };
}

interface ClientError {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

function apiError(operation: string, e: unknown): ApiError {
  const err = e as ClientError;
  // Without a response the request never got an answer (reset, refused, timed out).
  const status = err?.response && typeof err.status === 'number' ? err.status : null;
  const fromGitHub = githubMessage(err?.response?.data);
  const message =
    fromGitHub || (status === null && typeof err?.message === 'string' ? err.message : '');
  let failure: ApiError['failure'] = null;
  const wait = rateLimitWait(e, Date.now());
  if (wait !== null) failure = 'rate-limit';
  else if (status === 422 && /too long/i.test(fromGitHub)) failure = 'too-long';
  return new ApiError(
    operation,
    status,
    wait !== null ? `${message || 'rate limited'}; GitHub asks to wait ${wait} s` : message,
    failure,
  );
}

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

type Octokit = ReturnType<typeof getOctokit>;

/** One GitHub call: its failure made an ApiError that says what was being done. */
type Call = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

interface Repo {
  owner: string;
  repo: string;
}

// Async though nothing here waits: a client that cannot be built is a rejected Connect,
// as for every other failure to reach GitHub.
// eslint-disable-next-line @typescript-eslint/require-await
export async function connectGitHub(options: ApiOptions): Promise<GitHubApi> {
  const [owner, repo] = options.repository.split('/') as [string, string];
  const headroom: ClientTuning = {
    deadline: AbortSignal.timeout(options.deadlineMs),
    deadlineAt: Date.now() + options.deadlineMs,
    retryBaseMs: options.retryBaseMs,
    log: options.log,
  };
  const octokit = createOctokit(options, headroom);
  const call = failuresAsApiErrors(headroom.deadline, options.deadlineMs);
  const where = { owner, repo };
  return {
    comments: (issue, commentOptions = {}) =>
      commentsApi(octokit, where, call, issue, commentOptions.guard),
    pullHead: (issue) => pullHead(octokit, where, call, issue),
    files: repoFiles(octokit, where, call),
  };
}

function createOctokit(options: ApiOptions, headroom: ClientTuning): Octokit {
  const quiet = () => {};
  // Plugins wrap in the order given, the first innermost: the deadline around each attempt,
  // the guard and spacing once per attempt, the retries, whole pages, the rate-limit waits
  // around it all.
  return getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl,
      userAgent: `headroom/${VERSION}`,
      log: { debug: quiet, info: quiet, warn: options.log, error: options.log },
      // 403 and 429 are rate limits or refusals: the rate-limit plugin tells which.
      retry: {
        retryAfterBaseValue: options.retryBaseMs,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      headroom,
    },
    deadline,
    guardedWrites,
    retry,
    wholePages,
    rateLimits,
  );
}

function failuresAsApiErrors(signal: AbortSignal, deadlineMs: number): Call {
  return async (operation, fn) => {
    try {
      return await fn();
    } catch (e) {
      // Already ours: a write's guard that stood down or could not ask.
      if (e instanceof StoodDown || e instanceof ApiError) throw e;
      if (signal.aborted) {
        throw new ApiError(
          operation,
          null,
          `GitHub did not answer within the run's deadline of ${duration(deadlineMs)}`,
          'deadline',
        );
      }
      throw apiError(operation, e);
    }
  };
}

/** The answer, or null when GitHub says there is no such thing (404, or 422 for a bad id). */
async function found<T>(call: Call, operation: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await call(operation, fn);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 422)) return null;
    throw e;
  }
}

function commentsApi(
  octokit: Octokit,
  { owner, repo }: Repo,
  call: Call,
  issue: number,
  guard: WriteGuard | undefined,
): CommentApi {
  return {
    viewer: () =>
      call('asking who the token belongs to', async () => {
        try {
          const { data } = await octokit.rest.users.getAuthenticated();
          if (typeof data?.login !== 'string') throw new Error(INCOMPLETE);
          return data.login;
        } catch (e) {
          // An app's token (GITHUB_TOKEN) has no user: GitHub answers 403 (not a rate limit).
          const status = (e as ClientError).status;
          if (status === 403 && rateLimitWait(e, Date.now()) === null) return null;
          throw e;
        }
      }),
    list: () =>
      call(`listing the comments on #${issue}`, async () => {
        let pages = 0;
        const all = await octokit.paginate(
          octokit.rest.issues.listComments,
          { owner, repo, issue_number: issue, per_page: 100 },
          (response) => {
            pages++;
            if (pages >= MAX_PAGES && /rel="next"/.test(response.headers.link ?? '')) {
              throw new Error(`more than ${MAX_PAGES * 100} comments; not reading them all`);
            }
            return response.data;
          },
        );
        return (all as unknown as RawComment[]).map(toComment);
      }),
    create: (body) =>
      call(`creating a comment on #${issue}`, async () => {
        const { data } = await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: issue,
          body,
          // Never retried by the plugin: see sticky-comment.ts for how a failed create is handled.
          request: { retries: 0, guard },
        });
        return toComment(data);
      }),
    update: (id, body) =>
      call(`updating comment ${id}`, async () => {
        const { data } = await octokit.rest.issues.updateComment({
          owner,
          repo,
          comment_id: id,
          body,
          request: { guard },
        });
        return toComment(data);
      }),
    remove: (id) =>
      call(`deleting comment ${id}`, async () => {
        try {
          await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id });
        } catch (e) {
          // Already gone is what was wanted.
          if ((e as ClientError).status === 404 && (e as ClientError).response) return;
          throw e;
        }
      }),
  };
}

function pullHead(octokit: Octokit, { owner, repo }: Repo, call: Call, issue: number) {
  return call(`reading pull request #${issue}`, async (): Promise<PullHead> => {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: issue });
    if (typeof data?.head !== 'object' || data.head === null) throw new Error(INCOMPLETE);
    return {
      sha: data.head?.sha ?? null,
      repository: data.head?.repo?.full_name ?? null,
      branch: data.head?.ref ?? null,
    };
  });
}

function repoFiles(octokit: Octokit, { owner, repo }: Repo, call: Call): RepoFiles {
  return {
    contents: (path, ref) =>
      found(call, `reading "${path}" at ${ref.slice(0, 7)}`, async () => {
        // Segments encoded one by one: the slashes stay, and no character of a file name
        // can be read as part of the route template.
        const route = path.split('/').map(encodeURIComponent).join('/');
        // A route built at run time has no typed answer: the caller checks its shape.
        const answer: { data: unknown } = await octokit.request(
          `GET /repos/{owner}/{repo}/contents/${route}`,
          { owner, repo, ref },
        );
        return answer.data;
      }),
    blob: (sha) =>
      call(`reading blob ${sha.slice(0, 7)}`, async () => {
        const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
        return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
      }),
    hasCommit: async (sha) =>
      (await found(call, `looking up commit ${sha.slice(0, 7)}`, async () => {
        await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha });
        return true;
      })) === true,
  };
}

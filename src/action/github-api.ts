/**
 * The GitHub client, loaded only when a comment is to be posted: a run that only computes
 * never pays for loading it. Requests go through @octokit/core on Node's own fetch, to
 * GITHUB_API_URL (GitHub Enterprise too), with the octokit retry plugin (5xx and dropped
 * connections, with back-off), the throttling plugin (primary and secondary rate limits,
 * honouring retry-after) and pagination. @actions/github would bring its own HTTP stack
 * (undici, about 1 MB of the bundle); Node 24 routes fetch through HTTP(S)_PROXY itself once
 * asked to, so self-hosted runners behind a proxy keep working. Failures leave here as
 * ApiError, never as the client's own error, which holds the request and with it the token.
 */
import { VERSION } from '../version.js';
import { ApiError } from './api-error.js';
import type { CommentApi, IssueComment } from './comment.js';
import type { RepoFiles } from './contents-api.js';

export interface ApiOptions {
  token: string;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as the runner sets them. */
  env?: Readonly<Record<string, string>>;
  apiUrl: string;
  /** owner/name */
  repository: string;
  /** Milliseconds per second of retry wait (see Settings.retryBaseMs). */
  retryBaseMs: number;
  log: (line: string) => void;
  /** Every request of the run is abandoned after this long, so a hung API cannot hang the check. */
  deadlineMs?: number;
}

export interface PullHead {
  sha: string | null;
  /** owner/name of the head's repository; null when it was deleted. */
  repository: string | null;
  branch: string | null;
}

export interface GitHubApi {
  comments(issue: number): CommentApi;
  /** Where the pull request's head is now. */
  pullHead(issue: number): Promise<PullHead>;
  /** The repository's files at a commit, for the base of a pull request. */
  files: RepoFiles;
}

/** Rate-limit waits longer than this are not waited out: the comment is given up instead. */
const MAX_RATE_LIMIT_WAIT_S = 60;
const RATE_LIMIT_RETRIES = 2;
const DEFAULT_DEADLINE_MS = 5 * 60 * 1000;

interface RawComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type: string } | null;
}

function toComment(c: RawComment): IssueComment {
  return {
    id: c.id,
    body: c.body ?? '',
    login: c.user?.login ?? null,
    bot: c.user?.type === 'Bot',
    url: c.html_url,
  };
}

function apiError(operation: string, e: unknown): ApiError {
  const err = e as { status?: unknown; response?: { data?: unknown }; message?: unknown };
  // Without a response the request never got an answer (reset, refused, timed out).
  const status = err?.response && typeof err.status === 'number' ? err.status : null;
  const data = err?.response?.data as { message?: unknown } | undefined;
  const message =
    typeof data?.message === 'string'
      ? data.message
      : status === null && typeof err?.message === 'string'
        ? err.message
        : '';
  return new ApiError(operation, status, message);
}

/**
 * Sends fetch through the proxy the runner names, as @actions/http-client would. Node 24
 * does this when asked (http.setGlobalProxyFromEnv); older runtimes go direct.
 */
async function useProxyFromEnvironment(
  env: Readonly<Record<string, string | undefined>> | undefined,
): Promise<void> {
  if (!env) return;
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k]);
  if (!proxied) return;
  const http = (await import('node:http')) as { setGlobalProxyFromEnv?: (env?: object) => unknown };
  http.setGlobalProxyFromEnv?.({ ...env });
}

export async function connectGitHub(options: ApiOptions): Promise<GitHubApi> {
  const [{ Octokit }, { paginateRest }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-paginate-rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  await useProxyFromEnvironment(options.env);
  const [owner, repo] = options.repository.split('/') as [string, string];
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      const retrying = count < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      options.log(
        `GitHub's ${kind} rate limit answered ${request.method} ${request.url}; ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return retrying;
    };
  const quiet = () => {};
  const Client = Octokit.plugin(paginateRest, retry, throttling);
  const octokit = new Client({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: `headroom/${VERSION}`,
    log: { debug: quiet, info: quiet, warn: options.log, error: options.log },
    // 429 is the throttling plugin's to handle, with GitHub's retry-after.
    retry: {
      retryAfterBaseValue: options.retryBaseMs,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      retryAfterBaseValue: options.retryBaseMs,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  });
  const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  octokit.hook.before('request', (req) => {
    req.request = { ...req.request, signal: deadline };
  });

  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw apiError(operation, e);
    }
  };
  /** The answer, or null when GitHub says there is no such thing (404, or 422 for a bad id). */
  const found = async <T>(operation: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await call(operation, fn);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 422)) return null;
      throw e;
    }
  };

  return {
    comments(issue) {
      return {
        async viewer() {
          try {
            const { data } = await octokit.request('GET /user');
            return data.login;
          } catch (e) {
            const err = apiError('asking who the token belongs to', e);
            // An app's token (GITHUB_TOKEN) has no user: GitHub answers 403.
            if (err.status === 403) return null;
            throw err;
          }
        },
        list: () =>
          call(`listing the comments on #${issue}`, async () => {
            const all = await octokit.paginate(
              'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
              {
                owner,
                repo,
                issue_number: issue,
                per_page: 100,
              },
            );
            return (all as RawComment[]).map(toComment);
          }),
        create: (body) =>
          call(`creating a comment on #${issue}`, async () => {
            const { data } = await octokit.request(
              'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
              {
                owner,
                repo,
                issue_number: issue,
                body,
                // Never retried by the plugin: see comment.ts for how a failed create is handled.
                request: { retries: 0 },
              },
            );
            return toComment(data as RawComment);
          }),
        update: (id, body) =>
          call(`updating comment ${id}`, async () => {
            const { data } = await octokit.request(
              'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
              {
                owner,
                repo,
                comment_id: id,
                body,
              },
            );
            return toComment(data as RawComment);
          }),
      };
    },
    pullHead: (issue) =>
      call(`reading pull request #${issue}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: issue,
        });
        return {
          sha: data.head?.sha ?? null,
          repository: data.head?.repo?.full_name ?? null,
          branch: data.head?.ref ?? null,
        };
      }),
    files: {
      contents: (path, ref) =>
        found(`reading "${path}" at ${ref.slice(0, 7)}`, async () => {
          // Segments encoded one by one: the slashes stay, and no character of a file name
          // can be read as part of the route template.
          const route = path.split('/').map(encodeURIComponent).join('/');
          const { data } = await octokit.request(`GET /repos/{owner}/{repo}/contents/${route}`, {
            owner,
            repo,
            ref,
          });
          return data as unknown;
        }),
      blob: (sha) =>
        call(`reading blob ${sha.slice(0, 7)}`, async () => {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
            owner,
            repo,
            file_sha: sha,
          });
          return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
        }),
      hasCommit: async (sha) =>
        (await found(`looking up commit ${sha.slice(0, 7)}`, async () => {
          await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
            owner,
            repo,
            commit_sha: sha,
          });
          return true;
        })) === true,
    },
  };
}

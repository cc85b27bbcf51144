/**
 * The GitHub client, loaded only when a comment is to be posted: a run that only computes
 * never pays for loading it. Requests go through @octokit/core on Node's own fetch, to
 * GITHUB_API_URL (GitHub Enterprise too), with the octokit retry plugin (5xx and dropped
 * connections, with back-off). @actions/github would bring its own HTTP stack
 * (undici, about 1 MB of the bundle); Node 24 routes fetch through HTTP(S)_PROXY itself once
 * asked to, so self-hosted runners behind a proxy keep working.
 *
 * Rate limits are handled here rather than by the throttling plugin, which honours
 * `retry-after` only on messages that say "secondary rate limit" (a plain 429 went
 * unanswered) and spaces writes by seconds of wall-clock time that no setting shortens.
 * Here: a 403 or 429 with `retry-after`, with `x-ratelimit-remaining: 0`, or saying it is a
 * secondary rate limit, is waited out as GitHub asks when the wait is short, twice at most;
 * writes are spaced a second apart, as GitHub asks of integrations.
 *
 * Pages of comments are followed here too, not by the pagination plugin: it reads a page
 * whose body was cut off (a connection dropped mid-answer) as an empty page, and "no
 * comment of ours" is exactly the answer that makes a duplicate. Every answer is checked
 * to be what was asked for; one that is not is an error, never an empty list.
 *
 * Every request of the run shares one deadline: once it passes, the request in flight is
 * abandoned and nothing more is sent, so a hung API cannot hang the check.
 *
 * A write may be guarded: the guard is asked before every attempt (retries included) and a
 * reason it gives stops the write with StoodDown; see comment.ts for why.
 *
 * Failures leave here as ApiError, never as the client's own error, which holds the request
 * and with it the token.
 */
import { VERSION } from '../version.js';
import { ApiError, StoodDown } from './api-error.js';
import type { CommentApi, IssueComment } from './comment.js';
import type { RepoFiles } from './contents-api.js';
import { DEFAULT_API_DEADLINE_MS } from './settings.js';

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

/** Asked before every attempt at a write: a reason not to make it, or null to go on. */
export type WriteGuard = () => Promise<string | null>;

export interface GitHubApi {
  comments(issue: number, options?: { guard?: WriteGuard }): CommentApi;
  /** Where the pull request's head is now. */
  pullHead(issue: number): Promise<PullHead>;
  /** The repository's files at a commit, for the base of a pull request. */
  files: RepoFiles;
}

/** Rate-limit waits longer than this are not waited out: the comment is given up instead. */
export const MAX_RATE_LIMIT_WAIT_S = 60;
export const RATE_LIMIT_RETRIES = 2;
/** GitHub asks integrations to leave a second between writes. */
const WRITE_GAP_S = 1;
/** GitHub's advice when a secondary rate limit names no wait: at least a minute. */
const SECONDARY_DEFAULT_WAIT_S = 60;
/** 100 pages of 100: a pull request with more comments than this is not read to the end. */
const MAX_PAGES = 100;
/** A page whose answer was cut off is asked for this many times in all. */
const PAGE_ATTEMPTS = 3;

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

/** GitHub's message, with the details of a validation failure (which field, what is wrong). */
function githubMessage(data: unknown): string {
  const d = data as { message?: unknown; errors?: unknown } | undefined;
  if (typeof d?.message !== 'string') return '';
  const details = (Array.isArray(d.errors) ? d.errors : [])
    .map((x) => (typeof x === 'string' ? x : (x as { message?: unknown })?.message))
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  const text = details.length > 0 ? `${d.message} (${details.join('; ')})` : d.message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Seconds GitHub asks us to wait before trying again, when the answer is a rate limit
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api); null when
 * it is not one.
 */
export function rateLimitWait(e: unknown, nowMs: number): number | null {
  const err = e as ClientError;
  if (!err?.response || (err.status !== 403 && err.status !== 429)) return null;
  const headers = err.response.headers ?? {};
  const after = headers['retry-after'];
  if (after !== undefined && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset)
      ? Math.max(0, Math.ceil(reset - nowMs / 1000) + 1)
      : SECONDARY_DEFAULT_WAIT_S;
  }
  const message = githubMessage(err.response.data);
  if (err.status === 429 || /\bsecondary rate limit/i.test(message)) {
    return SECONDARY_DEFAULT_WAIT_S;
  }
  return null;
}

function apiError(operation: string, e: unknown): ApiError {
  const err = e as ClientError;
  // Without a response the request never got an answer (reset, refused, timed out).
  const status = err?.response && typeof err.status === 'number' ? err.status : null;
  const fromGitHub = githubMessage(err?.response?.data);
  const message =
    fromGitHub ||
    (status === null && typeof err?.message === 'string' ? (err.message as string) : '');
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

/** The error a request meets once the run's deadline has passed; never retried. */
function deadlineError(): Error {
  const e = new Error('the deadline passed');
  // octokit passes an AbortError through as it is, and the retry plugin leaves it alone.
  e.name = 'AbortError';
  return e;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(deadlineError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(deadlineError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
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

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

const INCOMPLETE = 'GitHub answered with something incomplete (the connection may have dropped)';

/** A page of a list, asked for again when its answer is not a whole list. */
async function whole<T extends { data: unknown }>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await request();
    if (Array.isArray(response.data)) return response;
    if (attempt >= PAGE_ATTEMPTS) throw new Error(INCOMPLETE);
  }
}

export async function connectGitHub(options: ApiOptions): Promise<GitHubApi> {
  const [{ Octokit }, { retry }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-retry'),
  ]);
  await useProxyFromEnvironment(options.env);
  const [owner, repo] = options.repository.split('/') as [string, string];
  const base = options.retryBaseMs;
  const deadlineMs = options.deadlineMs ?? DEFAULT_API_DEADLINE_MS;
  const deadline = AbortSignal.timeout(deadlineMs);
  const deadlineAt = Date.now() + deadlineMs;

  const timedFetch: typeof fetch = async (input, init) => {
    if (deadline.aborted) throw deadlineError();
    try {
      return await fetch(input, { ...init, signal: deadline });
    } catch (e) {
      if (deadline.aborted) throw deadlineError();
      throw e;
    }
  };

  // Runs inside the retry plugin, so once per attempt: the write guard, then the spacing
  // between writes.
  let lastWrite = 0;
  const attempts = (octokit: InstanceType<typeof Octokit>) => {
    octokit.hook.wrap('request', async (request, opts) => {
      const guard = opts.request?.guard as WriteGuard | undefined;
      if (guard) {
        let reason: string | null;
        try {
          reason = await guard();
        } catch (e) {
          throw e instanceof ApiError ? e.unsent() : e;
        }
        if (reason !== null) throw new StoodDown(reason);
      }
      if (isWrite(opts.method)) {
        const wait = lastWrite + WRITE_GAP_S * base - Date.now();
        if (wait > 0) await sleep(wait, deadline);
        lastWrite = Date.now();
      }
      return request(opts);
    });
  };

  const quiet = () => {};
  const Client = Octokit.plugin(attempts, retry);
  const octokit = new Client({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: `headroom/${VERSION}`,
    log: { debug: quiet, info: quiet, warn: options.log, error: options.log },
    request: { fetch: timedFetch },
    // 403 and 429 are rate limits or refusals: the wrapper below tells which.
    retry: {
      retryAfterBaseValue: base,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
  });
  // Outside the retry plugin: a rate-limited request is sent again whole, guard included.
  octokit.hook.wrap('request', async (request, opts) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(opts);
      } catch (e) {
        const wait = rateLimitWait(e, Date.now());
        if (wait === null) throw e;
        const kind =
          (e as ClientError).response?.headers?.['x-ratelimit-remaining'] === '0'
            ? 'primary'
            : 'secondary';
        const retrying =
          attempt < RATE_LIMIT_RETRIES &&
          wait <= MAX_RATE_LIMIT_WAIT_S &&
          Date.now() + wait * base < deadlineAt;
        options.log(
          `GitHub's ${kind} rate limit answered ${opts.method} ${opts.url}; ${retrying ? `retrying in ${wait} s` : `it asks to wait ${wait} s, giving up`}`,
        );
        if (!retrying) throw e;
        await sleep(wait * base, deadline);
      }
    }
  });

  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      // Already ours: a write's guard that stood down or could not ask.
      if (e instanceof StoodDown || e instanceof ApiError) throw e;
      if (deadline.aborted) {
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
    comments(issue, commentOptions = {}) {
      const guard = commentOptions.guard;
      return {
        viewer: () =>
          call('asking who the token belongs to', async () => {
            try {
              const { data } = await octokit.request('GET /user');
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
            type Page = { data: unknown; headers: { link?: string } };
            const all: RawComment[] = [];
            let next: (() => Promise<Page>) | null = () =>
              octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                owner,
                repo,
                issue_number: issue,
                per_page: 100,
              });
            for (let page = 1; next; page++) {
              if (page > MAX_PAGES) {
                throw new Error(`more than ${MAX_PAGES * 100} comments; not reading them all`);
              }
              const response: Page = await whole(next);
              all.push(...(response.data as RawComment[]));
              const url: string | undefined = /<([^<>]+)>;\s*rel="next"/.exec(
                response.headers.link ?? '',
              )?.[1];
              next = url ? () => octokit.request({ method: 'GET', url }) : null;
            }
            return all.map(toComment);
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
                request: { retries: 0, guard },
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
                request: { guard },
              },
            );
            return toComment(data as RawComment);
          }),
        remove: (id) =>
          call(`deleting comment ${id}`, async () => {
            try {
              await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                owner,
                repo,
                comment_id: id,
              });
            } catch (e) {
              // Already gone is what was wanted.
              if ((e as ClientError).status === 404 && (e as ClientError).response) return;
              throw e;
            }
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
        if (typeof data?.head !== 'object' || data.head === null) throw new Error(INCOMPLETE);
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

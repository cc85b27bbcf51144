/**
 * GitHub's rate limits, waited out as GitHub asks
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api): a 403 or
 * 429 with `retry-after`, with `x-ratelimit-remaining: 0`, or saying it is a secondary rate
 * limit, is sent again after the wait when the wait is short, twice at most, and never past
 * the run's deadline. Registered after the retry plugin, so a rate-limited request is sent
 * again whole, its write guard asked again.
 *
 * Not @octokit/plugin-throttling: it honours `retry-after` only on messages that say
 * "secondary rate limit" (a plain 429 goes unanswered) and spaces writes by seconds of
 * wall-clock time that no setting shortens.
 */
import { sleep, tuning, type OctokitPlugin } from './tuning.js';

/** Rate-limit waits longer than this are not waited out: the comment is given up instead. */
export const MAX_RATE_LIMIT_WAIT_S = 60;
export const RATE_LIMIT_RETRIES = 2;
/** GitHub's advice when a secondary rate limit names no wait: at least a minute. */
const SECONDARY_DEFAULT_WAIT_S = 60;

interface ClientError {
  status?: unknown;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

/** GitHub's message, with the details of a validation failure (which field, what is wrong). */
export function githubMessage(data: unknown): string {
  const d = data as { message?: unknown; errors?: unknown } | undefined;
  if (typeof d?.message !== 'string') return '';
  const details = (Array.isArray(d.errors) ? d.errors : [])
    .map((x) => (typeof x === 'string' ? x : (x as { message?: unknown })?.message))
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  const text = details.length > 0 ? `${d.message} (${details.join('; ')})` : d.message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Seconds GitHub asks us to wait before trying again, when the answer is a rate limit; null when it is not one. */
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

export const rateLimits: OctokitPlugin = (octokit, options) => {
  const t = tuning(options);
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
          Date.now() + wait * t.retryBaseMs < t.deadlineAt;
        t.log(
          `GitHub's ${kind} rate limit answered ${opts.method} ${opts.url}; ${retrying ? `retrying in ${wait} s` : `it asks to wait ${wait} s, giving up`}`,
        );
        if (!retrying) throw e;
        await sleep(wait * t.retryBaseMs, t.deadline);
      }
    }
  });
};

/**
 * Writes that ask first, and keep their distance. A request may carry a guard
 * (`request: { guard }`): it is asked before every attempt, retries included, and a reason
 * it gives stops the write with StoodDown (see sticky-comment.ts for why). Writes are
 * spaced a second apart, as GitHub asks of integrations. Registered before the retry
 * plugin, so both happen once per attempt.
 */
import { ApiError, StoodDown } from '../api-error.js';
import { sleep, tuning, type OctokitPlugin } from './tuning.js';

/** Asked before every attempt at a write: a reason not to make it, or null to go on. */
export type WriteGuard = () => Promise<string | null>;

/** GitHub asks integrations to leave a second between writes. */
const WRITE_GAP_S = 1;

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

export const guardedWrites: OctokitPlugin = (octokit, options) => {
  const t = tuning(options);
  let lastWrite = 0;
  octokit.hook.wrap('request', async (request, opts) => {
    const guard = (opts.request as { guard?: WriteGuard } | undefined)?.guard;
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
      const wait = lastWrite + WRITE_GAP_S * t.retryBaseMs - Date.now();
      if (wait > 0) await sleep(wait, t.deadline);
      lastWrite = Date.now();
    }
    return request(opts);
  });
};

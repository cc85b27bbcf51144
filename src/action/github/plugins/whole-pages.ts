/**
 * A page of a list (a request that asks for `per_page`) must come back as a list. An answer
 * cut off mid-body reaches octokit as text, which its pagination would add to the list as
 * if it were an entry, and "no comment of ours" is exactly the answer that makes a
 * duplicate: such a page is asked for again, three times in all, then it is an error.
 */
import type { OctokitPlugin } from './tuning.js';

/** A page whose answer was cut off is asked for this many times in all. */
export const PAGE_ATTEMPTS = 3;

export const INCOMPLETE =
  'GitHub answered with something incomplete (the connection may have dropped)';

function asksForPage(opts: { url: string; per_page?: unknown }): boolean {
  return opts.per_page !== undefined || /[?&]per_page=/.test(opts.url);
}

export const wholePages: OctokitPlugin = (octokit) => {
  octokit.hook.wrap('request', async (request, opts) => {
    if (opts.method !== 'GET' || !asksForPage(opts)) return request(opts);
    for (let attempt = 1; ; attempt++) {
      const response = await request(opts);
      if (Array.isArray(response.data)) return response;
      if (attempt >= PAGE_ATTEMPTS) throw new Error(INCOMPLETE);
    }
  });
};

/**
 * One deadline for every request of the run: each attempt carries the run's abort signal
 * (so a request in flight, or a body that stops half-way, is abandoned when it passes),
 * and once it has passed nothing more is sent. The error it leaves has no request attached,
 * so the retry plugin does not try again. Registered first, so it wraps each single attempt.
 */
import { deadlineError, tuning, type OctokitPlugin } from './tuning.js';

export const deadline: OctokitPlugin = (octokit, options) => {
  const { deadline: signal } = tuning(options);
  octokit.hook.wrap('request', async (request, opts) => {
    if (signal.aborted) throw deadlineError();
    // Set on the options themselves: the hooks inside this one (the token's) were handed
    // this object when the request started and read it, not what is passed to them here.
    opts.request = { ...opts.request, signal };
    try {
      return await request(opts);
    } catch (e) {
      if (signal.aborted) throw deadlineError();
      throw e;
    }
  });
};

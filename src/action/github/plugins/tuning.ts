/**
 * What headroom's octokit plugins share for one run, passed as the client option
 * `headroom`: the run's deadline, the unit of retry waits, and where to log.
 */
import type { getOctokit } from '@actions/github';

export type OctokitPlugin = NonNullable<Parameters<typeof getOctokit>[2]>;

export interface ClientTuning {
  /** Aborts once every request of the run together has taken too long. */
  deadline: AbortSignal;
  /** When the deadline passes, in Date.now() milliseconds. */
  deadlineAt: number;
  /** Milliseconds per second of retry wait (see Settings.retryBaseMs). */
  retryBaseMs: number;
  log: (line: string) => void;
}

export function tuning(options: object): ClientTuning {
  const t = (options as { headroom?: ClientTuning }).headroom;
  if (!t) throw new Error('the GitHub client was created without its headroom options');
  return t;
}

/** The error a request meets once the run's deadline has passed; never retried. */
export function deadlineError(): Error {
  const e = new Error('the deadline passed');
  e.name = 'AbortError';
  return e;
}

/** Waits `ms`, or rejects with the deadline error as soon as the deadline passes. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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

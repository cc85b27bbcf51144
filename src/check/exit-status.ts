import type { Verdict } from '../shared/terms.js';

/**
 * The exit statuses of the CLI and the action alike: 0 passed (or only warned), 1 the check
 * failed, 2 the input is invalid, 3 a bug in headroom.
 */
export const EXIT = { pass: 0, failed: 1, invalid: 2, internal: 3 } as const;

/** What `--fail-on` and the action's `fail-on` input accept, in the order their messages list it. */
export const FAIL_ON = ['fail', 'warn', 'never', 'regression'] as const;

export type FailOn = (typeof FAIL_ON)[number];

/**
 * 1 when the verdict reaches the fail-on level, else 0. With `regression`, only a pull
 * request that makes a required scenario worse fails; without a base to compare with,
 * `regression` judges like `fail`.
 */
export function exitStatus(verdict: Verdict, failOn: FailOn, regression?: boolean): 0 | 1 {
  if (failOn === 'never') return 0;
  if (failOn === 'regression' && regression !== undefined) return regression ? 1 : 0;
  if (verdict === 'fail') return 1;
  return verdict === 'warn' && failOn === 'warn' ? 1 : 0;
}

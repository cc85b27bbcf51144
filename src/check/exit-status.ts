import type { Verdict } from '../shared/terms.js';

export type FailOn = 'fail' | 'warn' | 'never' | 'regression';

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

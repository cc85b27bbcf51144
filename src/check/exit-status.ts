import type { Verdict } from '../model/types.js';

export type FailOn = 'fail' | 'warn' | 'never';

/** 1 when the verdict reaches the fail-on level, else 0. */
export function exitStatus(verdict: Verdict, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  if (verdict === 'fail') return 1;
  return verdict === 'warn' && failOn === 'warn' ? 1 : 0;
}

// Types for the fuzzer's entry points, so the TypeScript tests can drive it.
export interface FailureClass {
  count: number;
  first: number;
  detail: string;
  known?: boolean;
  reproducer?: string;
}

export interface FuzzOptions {
  cases?: number;
  seed?: number;
  workers?: number;
  repeatEvery?: number;
  coldEvery?: number;
  shrinkSeconds?: number;
  strict?: boolean;
  keep?: boolean;
  quiet?: boolean;
  replay?: number;
  /** The folder holding the bundles to test (default: the repository's dist/). */
  dist?: string;
}

export interface FuzzResult {
  seed: number;
  cases: number;
  seconds: number;
  classes: Map<string, FailureClass>;
  statuses?: Map<string, number>;
}

export const CLI: string;
export function fuzz(options?: FuzzOptions): Promise<FuzzResult>;

// Types for the oracle, for its tests.
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakMb?: number;
  peakMbBefore?: number;
  crashed?: string;
  stdoutBytes?: number;
  stderrBytes?: number;
}

export interface Failure {
  class: string;
  detail: string;
}

export const BOUNDS: {
  slowMs: number;
  peakMb: number;
  outputBytes: (inputBytes: number) => number;
};
export function normalize(text: string): string;
export function judgeRun(input: {
  run: Run;
  report: string | null | undefined;
  root: string;
  argv: string[];
  inputs: string[];
}): Failure[];

// Types for the oracle, for its tests.
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  heapMb?: number;
  crashed?: string;
  stdoutBytes?: number;
  stderrBytes?: number;
}

export interface Failure {
  class: string;
  detail: string;
}

export const BOUNDS: { slowMs: number; heapMb: number; outputBytes: number };
export function normalize(text: string): string;
export function judgeRun(input: {
  run: Run;
  report: string | null | undefined;
  root: string;
  argv: string[];
  inputs: string[];
}): Failure[];

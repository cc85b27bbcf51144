// Types for the reproducer, for its tests.
export interface FuzzCase {
  project: string;
  files: Record<string, string | { base64: string }>;
  special: Array<{ kind: 'dir' | 'symlink' | 'fifo'; path: string; target?: string }>;
  git: { base: Record<string, string | { base64: string }> } | null;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
  report: string | null;
}

export function minimizeCase(
  c: FuzzCase,
  stillFails: (c: FuzzCase) => Promise<boolean>,
  budget?: number,
): Promise<FuzzCase>;
export function reproducerScript(
  c: FuzzCase,
  where: { failureClass: string; seed: number; index: number },
): string;

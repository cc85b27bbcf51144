// Types for the model's invariants, for their tests.
export function brokenInvariant(
  report: unknown,
  options?: { named?: boolean },
): { invariant: string; where: string } | null;

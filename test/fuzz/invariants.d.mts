// Types for the model's invariants, for their tests.
export function brokenInvariant(report: unknown): { invariant: string; where: string } | null;

/** The action's exit statuses, the CLI's: 0 passed (or only warned), 1 the check failed, 2 the input is invalid, 3 a bug in headroom. */
export const EXIT = { pass: 0, failed: 1, invalid: 2, internal: 3 } as const;

/** How a mode ended: the exit status, and the line that says why. */
export interface ModeResult {
  status: number;
  summary: string;
}

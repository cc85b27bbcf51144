/**
 * What each mode of the action works with (the settings, the run's context, the edges), and
 * what it answers with.
 */
import type { Connect } from '../github/client.js';
import type { RunContext } from '../inputs/context.js';
import type { Settings } from '../inputs/settings.js';
import type { RunnerOutputs } from '../runner/outputs.js';

export interface ModeIo {
  settings: Settings;
  context: RunContext;
  /** The job's environment (compose files see it filtered: see interpolation-env.ts). */
  env: Readonly<Record<string, string | undefined>>;
  connect: Connect;
  outputs: RunnerOutputs;
}

/** How a mode ended: the exit status, and the line that says why. */
export interface ModeResult {
  status: number;
  summary: string;
}

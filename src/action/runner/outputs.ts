/**
 * Outputs and the job summary, through @actions/core. A summary that cannot be written (a
 * runner without GITHUB_STEP_SUMMARY, a file that cannot be written) gets a warning, once,
 * and the run goes on: it is not worth failing a check for. Outputs on a runner without
 * GITHUB_OUTPUT go through the toolkit's fallback, the older `set-output` command.
 */
import * as core from '@actions/core';
import { annotate } from './log.js';

export interface RunnerOutputs {
  /** Sets the outputs in the order given; false when they could not be written. */
  set(values: Readonly<Record<string, string>>): boolean;
  /** Appends Markdown to the job summary; false when it could not be written. */
  appendSummary(markdown: string): Promise<boolean>;
}

function failure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? 'an error';
}

/** The outputs and summary of one run: each kind of failure is warned about once per run. */
export function runnerOutputs(): RunnerOutputs {
  const warned = new Set<string>();
  const warnOnce = (variable: string, message: string): void => {
    if (warned.has(variable)) return;
    warned.add(variable);
    annotate('warning', message, { title: 'headroom' });
  };

  return {
    set(values) {
      try {
        for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
        return true;
      } catch (e) {
        warnOnce(
          'GITHUB_OUTPUT',
          `the outputs could not be written to the file GITHUB_OUTPUT names (${failure(e)})`,
        );
        return false;
      }
    },

    async appendSummary(markdown) {
      try {
        await core.summary.addRaw(markdown).write();
        return true;
      } catch (e) {
        // The summary keeps what it could not write: drop it, or the next write repeats it.
        core.summary.emptyBuffer();
        warnOnce(
          'GITHUB_STEP_SUMMARY',
          process.env.GITHUB_STEP_SUMMARY
            ? `the job summary could not be written to the file GITHUB_STEP_SUMMARY names (${failure(e)})`
            : 'GITHUB_STEP_SUMMARY is not set, so the job summary cannot be written',
        );
        return false;
      }
    },
  };
}

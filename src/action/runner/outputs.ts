/**
 * Outputs and the job summary, through @actions/core. A runner without GITHUB_OUTPUT or
 * GITHUB_STEP_SUMMARY (an old self-hosted one, a local test), or one whose file cannot be
 * written, gets a warning, once, and the run goes on: neither is worth failing a check for.
 * (Without GITHUB_OUTPUT, core would fall back to the retired `set-output` command, which
 * such runners print as a deprecation warning of their own.)
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
  return err?.code ?? err?.message ?? 'an error';
}

/** The outputs and summary of one run: each missing file is warned about once per run. */
export function runnerOutputs(): RunnerOutputs {
  const warned = new Set<string>();
  const warnOnce = (variable: string, message: string): void => {
    if (warned.has(variable)) return;
    warned.add(variable);
    annotate('warning', message, { title: 'headroom' });
  };
  return { set, appendSummary };

  function set(values: Readonly<Record<string, string>>): boolean {
    if (!process.env.GITHUB_OUTPUT) {
      warnOnce('GITHUB_OUTPUT', 'GITHUB_OUTPUT is not set, so the outputs cannot be written');
      return false;
    }
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
  }

  async function appendSummary(markdown: string): Promise<boolean> {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      warnOnce(
        'GITHUB_STEP_SUMMARY',
        'GITHUB_STEP_SUMMARY is not set, so the job summary cannot be written',
      );
      return false;
    }
    try {
      await core.summary.addRaw(markdown).write();
      return true;
    } catch (e) {
      // The summary keeps what it could not write: drop it, or the next write repeats it.
      core.summary.emptyBuffer();
      warnOnce(
        'GITHUB_STEP_SUMMARY',
        `the job summary could not be written to the file GITHUB_STEP_SUMMARY names (${failure(e)})`,
      );
      return false;
    }
  }
}

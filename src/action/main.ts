/**
 * The action's imperative shell: inputs in, one of the two modes run, exit status out.
 * This is the one place where the action turns errors into messages and statuses, as
 * src/cli/main.ts is for the CLI: bad input is 2, a bug in headroom is 3, and nothing
 * the GitHub API does changes the status (post-comment.ts makes those warnings).
 */
import { tmpdir } from 'node:os';
import { InputError, UsageError, type Problem } from '../errors.js';
import { invalidInputMarkdown } from './comment-body.js';
import { checkRun, type ModeIo } from './check-run.js';
import { contextFrom, readEventPayload } from './context.js';
import { EXIT } from './exit.js';
import { clipPath } from './problem-text.js';
import { lazyConnect, type Connect } from './post-comment.js';
import { createRunner, type Runner } from './runner.js';
import { readSettings } from './settings.js';

export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  tmpdir: string;
  stdout: (text: string) => void;
  /** How to reach GitHub; the real client is imported only when a comment is posted. */
  connect: Connect;
  /** Random tokens for output delimiters and stop-commands. */
  token?: () => string;
}

export function processIo(): ActionIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    tmpdir: tmpdir(),
    stdout: (text) => void process.stdout.write(text),
    connect: lazyConnect,
  };
}

export async function run(io: ActionIo = processIo()): Promise<number> {
  const runner = createRunner({ env: io.env, stdout: io.stdout, token: io.token });
  try {
    const settings = readSettings({
      input: runner.input,
      env: io.env,
      cwd: io.cwd,
      tmpdir: io.tmpdir,
    });
    const payload = readEventPayload(io.env);
    if (payload === null && io.env.GITHUB_EVENT_PATH) {
      runner.annotate(
        'warning',
        'the event payload (GITHUB_EVENT_PATH) could not be read, so no pull request is known to comment on',
        { title: 'headroom' },
      );
    }
    const context = contextFrom(io.env, payload);
    const mode: ModeIo = { runner, settings, context, env: io.env, connect: io.connect };
    if (settings.postReport !== null) {
      const { postReportRun } = await import('./post-report.js');
      return await postReportRun(mode);
    }
    return await checkRun(mode);
  } catch (e) {
    return failure(runner, e, io.env);
  }
}

function failure(runner: Runner, e: unknown, env: ActionIo['env']): number {
  if (e instanceof InputError || e instanceof UsageError) {
    const problems: Problem[] = e instanceof InputError ? [...e.problems] : [];
    const omitted = e instanceof InputError ? e.omitted : 0;
    for (const p of problems) {
      runner.annotate('error', p.path ? `${p.message} (at ${clipPath(p.path)})` : p.message, {
        title: 'headroom: invalid input',
        file: p.file,
        line: p.line,
        col: p.column,
      });
    }
    if (omitted > 0) runner.annotate('error', `... and ${omitted} more problem(s)`);
    if (e instanceof UsageError)
      runner.annotate('error', e.message, { title: 'headroom: invalid input' });
    runner.appendSummary(
      invalidInputMarkdown(e instanceof UsageError ? [e.message] : [], problems, omitted),
    );
    // Steps after this one may branch on the verdict: they still get one.
    for (const [name, value] of [
      ['verdict', 'invalid'],
      ['report', ''],
      ['min-headroom', ''],
      ['comment-url', ''],
    ] as const)
      runner.setOutput(name, value);
    return EXIT.invalid;
  }
  const err = e as Error;
  runner.annotate(
    'error',
    `internal error: ${err?.message ?? String(e)}. This is a bug in headroom; please report it.`,
    { title: 'headroom: internal error' },
  );
  if (env.HEADROOM_DEBUG) runner.verbatim(err?.stack ?? '');
  return EXIT.internal;
}

/**
 * The action's imperative shell: inputs in, one of the two modes run, exit status out.
 * This is the one place where the action turns errors into messages and statuses, as
 * src/cli/main.ts is for the CLI: bad input is 2, a bug in headroom is 3, and nothing
 * the GitHub API does changes the status (comment-step.ts makes those warnings).
 * src/index.ts only calls run(); @github/local-action calls it the same way.
 */
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { InputError, UsageError, type Problem } from './shared/errors.js';
import { EXIT } from './check/exit-status.js';
import { ApiError } from './action/github/api-error.js';
import type { Connect } from './action/github/client.js';
import { contextFrom, eventContext, type EventContext } from './action/inputs/context.js';
import { isUnexpanded, readSettings } from './action/inputs/settings.js';
import { checkMode } from './action/modes/check.js';
import type { ModeIo, ModeResult } from './action/modes/mode-io.js';
import { postReportMode } from './action/modes/post-report.js';
import { invalidInputMarkdown } from './action/render/comment-and-summary.js';
import { problemAnnotation } from './action/render/annotations.js';
import { annotate, debug, verbatim } from './action/runner/log.js';
import { runnerOutputs, type RunnerOutputs } from './action/runner/outputs.js';

/** What tests put in place of GitHub; a workflow run gets @actions/github's. */
export interface RunOptions {
  /** The run's context, instead of @actions/github's. */
  event?: EventContext;
  /** How to reach GitHub, instead of @actions/github's client. */
  connect?: Connect;
}

interface Toolkit {
  event: EventContext;
  connect: Connect;
}

/** The GitHub client, loaded with the toolkit it is built on. */
const toolkitConnect: Connect = async (options) =>
  (await import(/* webpackMode: "eager" */ './action/github/client.js')).connectGitHub(options);

const UNREADABLE_PAYLOAD =
  'the event payload (GITHUB_EVENT_PATH) could not be read, so no pull request is known to comment on';

/**
 * @actions/github reads the event payload when it is loaded and throws on one that is not
 * JSON; loading it here, inside the run, makes that a warning rather than a crash.
 */
async function loadToolkit(): Promise<Toolkit> {
  try {
    const { context } = await import(/* webpackMode: "eager" */ '@actions/github');
    const event = eventContext(context);
    const payload = event.payload as Record<string, unknown>;
    if (process.env.GITHUB_EVENT_PATH && Object.keys(payload ?? {}).length === 0) {
      annotate('warning', UNREADABLE_PAYLOAD, { title: 'headroom' });
    }
    return { event, connect: toolkitConnect };
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    annotate('warning', UNREADABLE_PAYLOAD, { title: 'headroom' });
    const env = process.env;
    return {
      event: {
        eventName: env.GITHUB_EVENT_NAME,
        sha: env.GITHUB_SHA,
        runId: Number(env.GITHUB_RUN_ID),
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        payload: {},
        repository: env.GITHUB_REPOSITORY,
      },
      connect: () =>
        Promise.reject(new ApiError('connecting to GitHub', null, 'the event payload is not JSON')),
    };
  }
}

export async function run(options: RunOptions = {}): Promise<void> {
  const outputs = runnerOutputs();
  let result: ModeResult;
  try {
    // Masked before it is checked, line by line, so even a token refused as malformed (one
    // holding a line break, say) cannot show in the log.
    const rawToken = core.getInput('github-token');
    if (!isUnexpanded(rawToken)) {
      for (const line of rawToken.split(/[\r\n]+/)) {
        if (line.trim() !== '') core.setSecret(line.trim());
      }
    }
    const settings = readSettings({
      input: (name) => core.getInput(name),
      lines: (name) => core.getMultilineInput(name),
      env: process.env,
      cwd: process.cwd(),
      tmpdir: tmpdir(),
    });
    debug(`settings: ${JSON.stringify({ ...settings, token: settings.token ? '(set)' : '' })}`);
    const toolkit: Toolkit =
      options.event && options.connect
        ? { event: options.event, connect: options.connect }
        : await loadToolkit();
    const mode: ModeIo = {
      settings,
      context: contextFrom(options.event ?? toolkit.event),
      env: process.env,
      connect: options.connect ?? toolkit.connect,
      outputs,
    };
    result = settings.postReport !== null ? await postReportMode(mode) : await checkMode(mode);
  } catch (e) {
    result = await failure(outputs, e);
  }
  if (result.status === EXIT.pass) {
    core.info(result.summary);
  } else {
    core.setFailed(result.summary);
  }
  // setFailed says 1; the documented statuses tell bad input (2) and a bug (3) apart.
  process.exitCode = result.status;
}

async function failure(outputs: RunnerOutputs, e: unknown): Promise<ModeResult> {
  if (e instanceof InputError || e instanceof UsageError) {
    const problems: Problem[] = e instanceof InputError ? [...e.problems] : [];
    const omitted = e instanceof InputError ? e.omitted : 0;
    for (const a of problems.map(problemAnnotation)) {
      annotate(a.level, a.message, { title: a.title, file: a.file, line: a.line, col: a.col });
    }
    if (omitted > 0) annotate('error', `... and ${omitted} more problem(s)`);
    if (e instanceof UsageError) annotate('error', e.message, { title: 'headroom: invalid input' });
    await outputs.appendSummary(
      invalidInputMarkdown(e instanceof UsageError ? [e.message] : [], problems, omitted),
    );
    // Steps after this one may branch on the verdict: they still get one.
    outputs.set({ verdict: 'invalid', report: '', 'min-headroom': '', 'comment-url': '' });
    return {
      status: EXIT.invalid,
      summary: 'headroom: the input could not be checked (see the errors above), exit status 2',
    };
  }
  const err = e as Error;
  if (process.env.HEADROOM_DEBUG) verbatim(err?.stack ?? '');
  return {
    status: EXIT.internal,
    summary: `internal error: ${err?.message ?? String(e)}. This is a bug in headroom; please report it.`,
  };
}

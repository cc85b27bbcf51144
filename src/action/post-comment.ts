/**
 * Posting the comment as a step that cannot fail the check: the verdict is already known,
 * and a comment GitHub will not take (a fork's read-only token, a missing permission, an
 * outage) is an infrastructure limit, reported as a warning that says what to change.
 */
import { ApiError } from './api-error.js';
import { commentBody } from './comment-body.js';
import { upsertComment } from './comment.js';
import type { RunContext } from './context.js';
import type { ActionReport } from './envelope.js';
import type { ApiOptions, GitHubApi } from './github-api.js';
import type { Runner } from './runner.js';
import type { Settings } from './settings.js';

export type Connect = (options: ApiOptions) => Promise<GitHubApi>;

/** The GitHub client, imported on first use only. */
export const lazyConnect: Connect = async (options) =>
  (await import('./github-api.js')).connectGitHub(options);

export interface PostTarget {
  repository: string;
  issue: number;
  /** The pull request comes from a fork (its head is in another repository). */
  fork: boolean;
}

/** Why GitHub would not take the comment, and what the user can do about it. */
export function explainFailure(e: ApiError, target: PostTarget): string {
  const what = `${e.message}.`;
  switch (e.status) {
    case 401:
      return `${what} The github-token input was refused: check that it is a valid token. The comment is not posted.`;
    case 403:
      return target.fork
        ? `${what} This pull request comes from a fork, and GitHub gives such runs a read-only token, so the comment is not posted; the job summary has the report. To comment on pull requests from forks, let a workflow_run workflow post the report (post-report input).`
        : `${what} The token may not comment on this pull request: grant the job "permissions: pull-requests: write" (or pass a token that may). The comment is not posted.`;
    case 404:
      return `${what} The token cannot see this repository or pull request. The comment is not posted.`;
    case 422:
      return `${what} GitHub refused the comment as written. The comment is not posted.`;
    default:
      return `${what} GitHub did not take the comment after retrying; it is not posted this time (the check's verdict stands).`;
  }
}

export interface CommentStep {
  runner: Runner;
  settings: Settings;
  context: RunContext;
  report: ActionReport;
  target: PostTarget;
  connect: Connect;
  /** Asked with the client before posting; a reason not to post, or null to go on. */
  precheck?: (api: GitHubApi) => Promise<string | null>;
}

/** Posts or updates the comment; returns its address, or '' when none was posted. */
export async function commentStep(step: CommentStep): Promise<string> {
  const { runner, settings, target } = step;
  if (settings.comment === 'off') return '';
  if (!settings.token) {
    runner.annotate('warning', 'the github-token input is empty, so the comment is not posted', {
      title: 'headroom',
    });
    return '';
  }
  const log = (line: string) => runner.info(line);
  try {
    const api = await step.connect({
      token: settings.token,
      apiUrl: settings.apiUrl,
      repository: target.repository,
      retryBaseMs: settings.retryBaseMs,
      env: settings.proxyEnv,
      log,
    });
    const reason = step.precheck ? await step.precheck(api) : null;
    if (reason !== null) {
      runner.annotate('notice', reason, { title: 'headroom' });
      return '';
    }
    const body = commentBody(step.report, { runUrl: step.context.runUrl });
    const result = await upsertComment(api.comments(target.issue), body, settings.comment, log);
    runner.info(
      result.action === 'unchanged'
        ? `the comment is up to date: ${result.url}`
        : `comment ${result.action}: ${result.url}`,
    );
    return result.url;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    runner.annotate('warning', explainFailure(e, target), {
      title: 'headroom: comment not posted',
    });
    return '';
  }
}

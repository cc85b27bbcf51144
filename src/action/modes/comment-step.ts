/**
 * Posting the comment as a step that cannot fail the check: the verdict is already known,
 * and a comment GitHub will not take (a fork's read-only token, a missing permission, a
 * rate limit, an outage, an API that does not answer) is an infrastructure limit, reported
 * as a warning that says what to change.
 */
import { ApiError } from '../github/api-error.js';
import {
  RETRY_COMMENT_LIMIT_BYTES,
  commentBody,
  type ReportOrigin,
} from '../render/comment-and-summary.js';
import { upsertComment, type CommentResult } from '../github/sticky-comment.js';
import type { RunContext } from '../inputs/context.js';
import type { ActionReport } from '../report/action-report.js';
import { apiOptions } from '../github/api-options.js';
import type { Connect, GitHubApi, WriteGuard } from '../github/client.js';
import type { Settings } from '../inputs/settings.js';
import { annotate, info } from '../runner/log.js';

export interface PostTarget {
  repository: string;
  issue: number;
  /** The pull request comes from a fork (its head is in another repository). */
  fork: boolean;
}

/** Why GitHub would not take the comment, and what the user can do about it. */
export function explainFailure(e: ApiError, target: PostTarget): string {
  const what = `${e.message}.`;
  if (e.failure === 'deadline') {
    return `${what} The comment is not posted, or not brought up to date; the job summary has the report (the check's verdict stands).`;
  }
  if (e.failure === 'rate-limit') {
    return `${what} GitHub's rate limit for this token is used up for now, so the comment is not posted this time; the job summary has the report (the check's verdict stands).`;
  }
  if (e.failure === 'too-long') {
    return `${what} GitHub refused the comment as too long, even cut to ${RETRY_COMMENT_LIMIT_BYTES.toLocaleString('en-US')} bytes, so it is not posted; the job summary has the report. Please report this as a bug in headroom.`;
  }
  switch (e.status) {
    case 401:
      return `${what} The github-token input was refused: check that it is a valid token that has not expired. The comment is not posted.`;
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
  settings: Settings;
  context: RunContext;
  report: ActionReport;
  /** Set when the report is another run's (post-report mode), for the comment to say so. */
  origin?: ReportOrigin;
  target: PostTarget;
  connect: Connect;
  /**
   * Makes the guard asked before every attempt at creating or editing the comment: a reason
   * not to write (the comment stands down with a notice), or null to go on.
   */
  guard?: (api: GitHubApi, log: (line: string) => void) => WriteGuard;
}

/** Posts or updates the comment; returns its address, or '' when none was posted. */
export async function commentStep(step: CommentStep): Promise<string> {
  const { settings, target } = step;
  const mode = settings.comment;
  if (mode === 'off') return '';
  if (!settings.token) {
    annotate('warning', 'the github-token input is empty, so the comment is not posted', {
      title: 'headroom',
    });
    return '';
  }
  const log = (line: string) => info(line);
  try {
    const api = await step.connect(apiOptions(settings, target.repository, log));
    const comments = api.comments(target.issue, { guard: step.guard?.(api, log) });
    const post = (body: string) => upsertComment(comments, body, mode, log);
    const origin = step.origin ? { origin: step.origin } : {};
    const body = commentBody(step.report, { runUrl: step.context.runUrl, ...origin });
    let result: CommentResult;
    try {
      result = await post(body);
    } catch (e) {
      // GitHub does not say how it counts; one more try, cut well under any count of it.
      const shorter = commentBody(step.report, {
        runUrl: step.context.runUrl,
        limit: RETRY_COMMENT_LIMIT_BYTES,
        measure: (t) => Buffer.byteLength(t, 'utf8'),
        ...origin,
      });
      if (!(e instanceof ApiError && e.failure === 'too-long') || shorter === body) throw e;
      result = await post(shorter);
      annotate(
        'notice',
        `${e.message}. The comment was cut to ${RETRY_COMMENT_LIMIT_BYTES.toLocaleString('en-US')} bytes and posted; the job summary has the whole report.`,
        { title: 'headroom' },
      );
    }
    if (result.action === 'stood-down') {
      annotate('notice', result.reason, { title: 'headroom' });
      return '';
    }
    info(
      result.action === 'unchanged'
        ? `the comment is up to date: ${result.url}`
        : `comment ${result.action}: ${result.url}`,
    );
    return result.url;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    annotate('warning', explainFailure(e, target), {
      title: 'headroom: comment not posted',
    });
    return '';
  }
}

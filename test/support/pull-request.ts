/**
 * The fixture most end-to-end tests share: a stand-in GitHub API started before each test
 * and closed after it, knowing pull request #7 at HEAD_SHA (and, when asked, a base commit
 * with no manifest yet, so runs compare with it through the API), and a way to run the
 * bundled action on that pull request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import {
  BASE_SHA,
  HEAD_SHA,
  REPO,
  pullRequestEvent,
  runAction,
  shownLog,
  type ActionResult,
  type RunOptions,
} from './action-run.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

export const PR = 7;

export interface PullRequestFixture {
  /** The stand-in API of the running test. */
  readonly api: FakeGitHub;
  /** Runs the action on the pull request, in `workspace`. */
  onPullRequest(workspace: string, extra?: Partial<RunOptions>): Promise<ActionResult>;
  /** Everything a run left for anyone to read: logs, summary, outputs, report, comments. */
  everything(run: ActionResult): string;
}

export function usePullRequest(options: { baseCommit?: boolean } = {}): PullRequestFixture {
  let api: FakeGitHub | undefined;
  beforeEach(async () => {
    api = await startFakeGitHub();
    api.setPull(REPO, PR, HEAD_SHA);
    if (options.baseCommit) api.setCommit(REPO, BASE_SHA, {});
  });
  afterEach(async () => {
    await api?.close();
  });
  const current = (): FakeGitHub => {
    if (!api) throw new Error('the stand-in API runs only inside a test');
    return api;
  };
  return {
    get api() {
      return current();
    },
    onPullRequest: (workspace, extra = {}) =>
      runAction({ workspace, api: current(), event: pullRequestEvent({ number: PR }), ...extra }),
    everything: (run) => {
      const report = run.outputs.report && existsSync(run.outputs.report);
      return [
        shownLog(run.stdout),
        run.stderr,
        run.summary,
        JSON.stringify(run.outputs),
        report ? readFileSync(run.outputs.report!, 'utf8') : '',
        ...current()
          .comments(REPO, PR)
          .map((c) => c.body),
      ].join('\n');
    },
  };
}

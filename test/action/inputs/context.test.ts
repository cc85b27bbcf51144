import { describe, expect, it } from 'vitest';
import { contextFrom } from '../../../src/action/inputs/context.js';
import { eventFrom } from '../../support/event-context.js';
import {
  HEAD_SHA,
  BASE_SHA,
  pullRequestEvent,
  workflowRunEvent,
} from '../../support/action-run.js';

const ENV = {
  GITHUB_REPOSITORY: 'acme/platform',
  GITHUB_SHA: 'c'.repeat(40),
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '99',
};

describe('the run context', () => {
  it('on a pull request: number, head and base, not a fork', () => {
    const e = pullRequestEvent({ number: 12 });
    expect(contextFrom(eventFrom({ ...ENV, GITHUB_EVENT_NAME: e.name }, e.payload))).toEqual({
      event: 'pull_request',
      repository: 'acme/platform',
      pullRequest: 12,
      headSha: HEAD_SHA,
      baseSha: BASE_SHA,
      baseRef: 'main',
      headRepository: 'acme/platform',
      triggeringRun: null,
      runUrl: 'https://github.com/acme/platform/actions/runs/99',
    });
  });

  it('tells a fork by its head repository', () => {
    const e = pullRequestEvent({ fork: true });
    const c = contextFrom(eventFrom({ ...ENV, GITHUB_EVENT_NAME: e.name }, e.payload));
    expect(c.headRepository).toBe('contributor/platform');
  });

  it('treats pull_request_target as a pull request', () => {
    const e = pullRequestEvent({ number: 3 });
    expect(
      contextFrom(eventFrom({ ...ENV, GITHUB_EVENT_NAME: 'pull_request_target' }, e.payload))
        .pullRequest,
    ).toBe(3);
  });

  it('on push: the pushed commit, no pull request', () => {
    const c = contextFrom(
      eventFrom({ ...ENV, GITHUB_EVENT_NAME: 'push' }, { ref: 'refs/heads/main' }),
    );
    expect(c).toMatchObject({ event: 'push', pullRequest: null, headSha: 'c'.repeat(40) });
  });

  it('on workflow_run: the triggering run’s commit and pull requests', () => {
    const e = workflowRunEvent({ pullRequests: [5] });
    expect(
      contextFrom(eventFrom({ ...ENV, GITHUB_EVENT_NAME: e.name }, e.payload)).triggeringRun,
    ).toEqual({
      headSha: HEAD_SHA,
      headRepository: 'contributor/platform',
      headBranch: 'feature',
      pullRequests: [5],
      event: 'pull_request',
    });
  });

  it('ignores fields of the wrong shape instead of trusting them', () => {
    const c = contextFrom(
      eventFrom(
        {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_REPOSITORY: 'not a repo',
          GITHUB_RUN_ID: '1;x',
        },
        { pull_request: { number: '7', head: { sha: 'zzz', repo: { full_name: 'a/b/c' } } } },
      ),
    );
    expect(c).toMatchObject({
      repository: null,
      pullRequest: null,
      headSha: null,
      headRepository: null,
      runUrl: null,
    });
  });

  it('keeps a base branch name only when it is one git allows', () => {
    const named = (ref: unknown) =>
      contextFrom(
        eventFrom(
          { GITHUB_EVENT_NAME: 'pull_request' },
          { pull_request: { number: 1, base: { ref, sha: BASE_SHA } } },
        ),
      ).baseRef;
    expect(named('release/2.x')).toBe('release/2.x');
    expect(named('main\n::warning::x')).toBeNull();
    expect(named('a b')).toBeNull();
    expect(named('x'.repeat(101))).toBeNull();
    expect(named(7)).toBeNull();
  });

  it('takes the repository from the payload when GITHUB_REPOSITORY is not set, as the toolkit does', () => {
    const e = pullRequestEvent({ number: 4 });
    const c = contextFrom(eventFrom({ GITHUB_EVENT_NAME: e.name, GITHUB_RUN_ID: '5' }, e.payload));
    expect(c).toMatchObject({
      repository: 'acme/platform',
      pullRequest: 4,
      runUrl: 'https://github.com/acme/platform/actions/runs/5',
    });
  });

  it('has no repository, and no link to the run, when neither names one', () => {
    const c = contextFrom(eventFrom({ GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '5' }));
    expect(c).toMatchObject({ event: 'push', repository: null, runUrl: null });
  });
});

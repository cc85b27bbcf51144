/**
 * The action's shell in process, as @github/local-action runs it: run() with the runner's
 * variables in the environment, @actions/core writing to stdout and the runner's files,
 * and the GitHub client replaced by a fake.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/action/github/api-error.js';
import type { CommentApi } from '../../src/action/github/sticky-comment.js';
import type { RepoFiles } from '../../src/action/github/client.js';
import type { GitHubApi } from '../../src/action/github/client.js';
import { run } from '../../src/main.js';
import {
  makeWorkspace,
  parseCommands,
  parseOutputFile,
  pullRequestEvent,
  shownLog,
} from '../support/action-run.js';
import { eventFrom } from '../support/event-context.js';
import { passingManifest } from '../support/manifests.js';
import { seedText } from '../support/model.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function harness(options: {
  inputs?: Record<string, string>;
  files?: Record<string, string>;
  event?: { name: string; payload: unknown };
  comments?: Partial<CommentApi>;
  /** The files at the pull request's base, served as the contents API would. */
  baseFiles?: Record<string, string>;
  repoFiles?: Partial<RepoFiles>;
}) {
  const ws = makeWorkspace(options.files ?? { 'capacity.yml': passingManifest() });
  const scratch = mkdtempSync(join(tmpdir(), 'headroom-main-'));
  const event = options.event ?? { name: 'push', payload: {} };
  writeFileSync(join(scratch, 'event.json'), JSON.stringify(event.payload));
  writeFileSync(join(scratch, 'out'), '');
  writeFileSync(join(scratch, 'summary'), '');
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: scratch,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: join(scratch, 'event.json'),
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_OUTPUT: join(scratch, 'out'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    'INPUT_GITHUB-TOKEN': 'ghp_SECRETVALUE',
  };
  for (const [k, v] of Object.entries(options.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  let stdout = '';
  const connects: string[] = [];
  const connect = async (o: { repository: string }): Promise<GitHubApi> => {
    connects.push(o.repository);
    const fail = () => Promise.reject(new Error('not in this test'));
    return {
      comments: () => ({
        viewer: async () => null,
        list: async () => [],
        create: fail,
        update: fail,
        remove: fail,
        ...options.comments,
      }),
      pullHead: fail,
      files: {
        contents: async (path) => {
          const text = options.baseFiles?.[path];
          if (text === undefined) return null;
          const content = Buffer.from(text).toString('base64');
          return { type: 'file', size: text.length, encoding: 'base64', content };
        },
        blob: fail,
        hasCommit: async () => true,
        ...options.repoFiles,
      },
    };
  };
  /** Runs the action; its exit status. */
  const go = async (): Promise<number> => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await run({ event: eventFrom(env, event.payload), connect });
    } finally {
      write.mockRestore();
    }
    return Number(process.exitCode ?? 0);
  };
  return {
    env,
    run: go,
    connects,
    stdout: () => stdout,
    commands: () => parseCommands(stdout),
    annotations: () =>
      parseCommands(stdout).filter((c) => ['error', 'warning', 'notice'].includes(c.name)),
    outputs: () => parseOutputFile(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
  };
}

describe('the action', () => {
  it('does not connect to GitHub on push; with comment off, only to read the base', async () => {
    const push = harness({});
    expect(await push.run()).toBe(0);
    expect(push.connects).toEqual([]);
    let listed = 0;
    const off = harness({
      event: pullRequestEvent(),
      inputs: { comment: 'off' },
      comments: { list: async () => (listed++, []) },
    });
    expect(await off.run()).toBe(0);
    expect(off.connects).toEqual(['acme/platform']);
    expect(listed).toBe(0);
  });

  it('a refused token is a warning that says so, and the verdict decides the status', async () => {
    const h = harness({
      event: pullRequestEvent(),
      comments: {
        create: () =>
          Promise.reject(new ApiError('creating a comment on #7', 401, 'Bad credentials')),
      },
    });
    expect(await h.run()).toBe(0);
    expect(h.connects).toEqual(['acme/platform']);
    const warning = h.commands().find((c) => c.name === 'warning')!;
    expect(warning.message).toBe(
      'creating a comment on #7 failed: HTTP 401: Bad credentials. The github-token input was refused: check that it is a valid token that has not expired. The comment is not posted.',
    );
    expect(shownLog(h.stdout())).not.toContain('ghp_SECRETVALUE');
    expect(h.outputs()['comment-url']).toBe('');
  });

  it('an empty token is a warning, not an error, for the comment and for the base', async () => {
    const h = harness({ event: pullRequestEvent(), inputs: { 'GITHUB-TOKEN': '' } });
    expect(await h.run()).toBe(0);
    expect(h.connects).toEqual([]);
    expect(h.annotations().map((c) => [c.name, c.message])).toEqual([
      [
        'warning',
        'not compared with the base main (bbbbbbb): the base commit is not in the checkout, and without a github-token it cannot be read through the API. Check out with fetch-depth: 0 (or fetch the base commit) to compare with git.',
      ],
      ['warning', 'the github-token input is empty, so the comment is not posted'],
    ]);
  });

  it('a bug is exit 3 with a message that says it is one', async () => {
    const h = harness({
      event: pullRequestEvent(),
      comments: { list: () => Promise.reject(new TypeError('x is not a function')) },
    });
    expect(await h.run()).toBe(3);
    expect(h.commands().at(-1)).toMatchObject({
      name: 'error',
      message: 'internal error: x is not a function. This is a bug in headroom; please report it.',
    });
  });

  it('a wrong input is exit 2, and the outputs still say invalid', async () => {
    const h = harness({ inputs: { comment: 'always' } });
    expect(await h.run()).toBe(2);
    expect(h.outputs()).toEqual({
      verdict: 'invalid',
      report: '',
      'min-headroom': '',
      'comment-url': '',
    });
  });
});

describe('the base of a pull request', () => {
  const report = (h: ReturnType<typeof harness>) =>
    JSON.parse(readFileSync(h.outputs().report!, 'utf8'));

  it('is read through the API when the checkout does not have it, and compared', async () => {
    const h = harness({
      event: pullRequestEvent(),
      files: { 'capacity.yml': passingManifest('2GB') },
      baseFiles: { 'capacity.yml': passingManifest('1GB') },
      inputs: { comment: 'off' },
    });
    expect(await h.run()).toBe(0);
    const r = report(h);
    expect(r.comparison).toEqual({ status: 'compared', ref: 'main (bbbbbbb)', via: 'api' });
    expect(r.manifests[0].base).toMatchObject({ status: 'ok', ref: 'main (bbbbbbb)' });
    expect(r.manifests[0].changes.resources[0]).toMatchObject({
      scenario: 'today',
      host: 'web-1',
      resource: 'memory',
      delta: { worst: -1e9 },
    });
    expect(h.stdout()).toContain(
      'comparing with the base main (bbbbbbb), 1 file(s) read through the API',
    );
  });

  it('that the API fails to give is a warning; the check goes on by the verdict', async () => {
    const h = harness({
      event: pullRequestEvent(),
      inputs: { comment: 'off' },
      repoFiles: {
        contents: () =>
          Promise.reject(new ApiError('reading "capacity.yml" at bbbbbbb', 500, 'boom')),
      },
    });
    expect(await h.run()).toBe(0);
    const warning = h.commands().find((c) => c.name === 'warning')!;
    expect(warning.properties.title).toBe('headroom: no comparison');
    expect(warning.message).toContain(
      'the base commit is not in the checkout, and reading it through the API failed: reading "capacity.yml" at bbbbbbb failed: HTTP 500: boom',
    );
    const r = report(h);
    expect(r.comparison).toMatchObject({ status: 'unavailable', ref: 'main (bbbbbbb)' });
    expect(r.manifests[0].changes).toBeUndefined();
  });

  it('missing, fail-on regression judges like fail', async () => {
    const failing = {
      event: pullRequestEvent(),
      files: { 'capacity.yml': seedText() },
      inputs: { comment: 'off', 'fail-on': 'regression' },
    };
    const unreadable = harness({
      ...failing,
      repoFiles: { hasCommit: async () => false },
    });
    expect(await unreadable.run()).toBe(1);
    expect(unreadable.stdout()).toContain(
      'judged like fail where there is no base to compare with), exit status 1',
    );
    // The same failing manifest, unchanged at a base that has it, is not a regression.
    const same = harness({ ...failing, baseFiles: { 'capacity.yml': seedText() } });
    expect(await same.run()).toBe(0);
    expect(report(same).manifests[0].changes.regression).toBe(false);
  });
});

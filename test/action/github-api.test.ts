/** The real GitHub client (octokit with the retry and throttling plugins) against the stand-in API, in process. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/action/api-error.js';
import { connectGitHub, type ApiOptions } from '../../src/action/github-api.js';
import { TOKEN, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const REPO = 'acme/platform';
let api: FakeGitHub;
let logged: string[];

beforeEach(async () => {
  api = await startFakeGitHub();
  logged = [];
});
afterEach(async () => {
  await api.close();
});

const connect = (options: Partial<ApiOptions> = {}) =>
  connectGitHub({
    token: TOKEN,
    apiUrl: api.url,
    repository: REPO,
    retryBaseMs: 1,
    log: (l) => logged.push(l),
    ...options,
  });

describe('the GitHub client', () => {
  it('lists every page of comments, oldest first', async () => {
    for (let i = 0; i < 230; i++) api.addComment(REPO, 3, `c${i}`, { login: 'u', type: 'User' });
    const list = await (await connect()).comments(3).list();
    expect(list).toHaveLength(230);
    expect(list[229]).toMatchObject({ body: 'c229', login: 'u', bot: false });
    expect(api.requests.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2', '3']);
    expect(api.requests.every((r) => r.query.get('per_page') === '100')).toBe(true);
  });

  it('has no user for an app token (403 on /user) and the user for a personal one', async () => {
    expect(await (await connect()).comments(3).viewer()).toBeNull();
    api.actor = { login: 'octocat', type: 'User' };
    expect(await (await connect()).comments(3).viewer()).toBe('octocat');
  });

  it('turns a refusal into an ApiError with GitHub’s message and no request inside', async () => {
    const e = await (
      await connect({ token: 'wrong' })
    )
      .comments(3)
      .create('x')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      status: 401,
      message: 'creating a comment on #3 failed: HTTP 401: Bad credentials',
    });
    expect(JSON.stringify(e)).not.toContain('wrong');
  });

  it('does not retry a create by itself (comment.ts decides), but retries reads and edits', async () => {
    api.fail({ method: 'POST', status: 500 });
    await expect((await connect()).comments(3).create('x')).rejects.toMatchObject({ status: 500 });
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    const c = api.addComment(REPO, 3, 'old', { login: 'github-actions[bot]', type: 'Bot' });
    api.fail({ method: 'PATCH', status: 502, times: 2 });
    expect(await (await connect()).comments(3).update(c.id, 'new')).toMatchObject({ body: 'new' });
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([
      502, 502, 200,
    ]);
  });

  it('waits out a secondary rate limit as GitHub asks, then goes on', async () => {
    api.fail({
      method: 'GET',
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
      headers: { 'retry-after': '3' },
    });
    const list = await (await connect({ retryBaseMs: 10 })).comments(3).list();
    expect(list).toEqual([]);
    expect(api.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(logged[0]).toContain("GitHub's secondary rate limit answered GET");
  });

  it('reads where a pull request’s head is', async () => {
    api.setPull(REPO, 3, 'f'.repeat(40));
    expect(await (await connect()).pullHead(3)).toEqual({
      sha: 'f'.repeat(40),
      repository: 'contributor/platform',
      branch: 'feature',
    });
  });

  it('gives up on an API that does not answer once the run’s deadline passes', async () => {
    api.fail({ method: 'GET', delayMs: 5_000, status: 200, body: [] });
    const started = Date.now();
    const e = await (
      await connect({ deadlineMs: 300 })
    )
      .comments(3)
      .list()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

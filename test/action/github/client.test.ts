/** The real GitHub client (@actions/github's octokit with the retry plugin and ours) against the stand-in API, in process. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, StoodDown } from '../../../src/action/github/api-error.js';
import { connectGitHub, type ApiOptions } from '../../../src/action/github/client.js';
import { rateLimitWait } from '../../../src/action/github/plugins/rate-limits.js';
import { TOKEN, startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';

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
    deadlineMs: 60_000,
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
    api.fail({ method: 'GET', hang: true });
    const started = Date.now();
    const e = await (
      await connect({ deadlineMs: 300 })
    )
      .comments(3)
      .list()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      status: null,
      failure: 'deadline',
      transient: false,
      message:
        "listing the comments on #3 failed: no response: GitHub did not answer within the run's deadline of 300 ms",
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('sends nothing more once the deadline has passed, not even the retries', async () => {
    api.fail({ method: 'POST', hang: true });
    const client = await connect({ deadlineMs: 200 });
    await expect(client.comments(3).create('x')).rejects.toMatchObject({ failure: 'deadline' });
    await expect(client.comments(3).list()).rejects.toMatchObject({ failure: 'deadline' });
    expect(api.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('a body that stops half-way is abandoned at the deadline too', async () => {
    // Headers, then a body that never ends.
    const { createServer } = await import('node:http');
    const half = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id": 1,');
    });
    await new Promise<void>((resolve) => half.listen(0, '127.0.0.1', resolve));
    const port = (half.address() as { port: number }).port;
    try {
      const e = await (
        await connect({ apiUrl: `http://127.0.0.1:${port}`, deadlineMs: 300 })
      )
        .comments(3)
        .list()
        .catch((x: unknown) => x);
      expect(e).toMatchObject({ failure: 'deadline', status: null });
    } finally {
      half.closeAllConnections();
      half.close();
    }
  });
});

describe('answers cut off', () => {
  it('a page of comments cut off mid-answer is asked for again, never read as empty', async () => {
    for (let i = 0; i < 120; i++) api.addComment(REPO, 3, `c${i}`, { login: 'u', type: 'User' });
    api.fail({ method: 'GET', path: /\/comments$/, partial: true, times: 2 });
    const list = await (await connect()).comments(3).list();
    expect(list).toHaveLength(120);
    expect(api.requests.map((r) => `${r.query.get('page') ?? '1'} ${r.status}`)).toEqual([
      '1 null',
      '1 null',
      '1 200',
      '2 200',
    ]);
  });

  it('a page that stays cut off is an error, not an empty list', async () => {
    api.addComment(REPO, 3, 'c', { login: 'u', type: 'User' });
    api.fail({ method: 'GET', path: /\/comments$/, partial: true, times: 5 });
    const e = await (
      await connect()
    )
      .comments(3)
      .list()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: null, transient: true });
    expect((e as ApiError).message).toContain('GitHub answered with something incomplete');
  });

  it('a cut-off answer about the token or the pull request is an error too', async () => {
    api.actor = { login: 'octocat', type: 'User' };
    api.setPull(REPO, 3, 'f'.repeat(40));
    api.fail({ method: 'GET', path: /^\/user$/, partial: true, times: 5 });
    api.fail({ method: 'GET', path: /\/pulls\//, partial: true, times: 5 });
    const client = await connect();
    await expect(client.comments(3).viewer()).rejects.toBeInstanceOf(ApiError);
    await expect(client.pullHead(3)).rejects.toBeInstanceOf(ApiError);
  });
});

describe('rate limits', () => {
  const secondary = {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  };

  it('a 429 with retry-after is waited out, whatever its message says', async () => {
    api.fail({
      method: 'GET',
      status: 429,
      body: { message: 'Too Many Requests' },
      headers: { 'retry-after': '2' },
    });
    const started = Date.now();
    expect(await (await connect({ retryBaseMs: 40 })).comments(3).list()).toEqual([]);
    expect(api.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(logged[0]).toContain("GitHub's secondary rate limit answered GET");
    expect(logged[0]).toContain('retrying in 2 s');
  });

  it('a used-up primary limit waits until the reset GitHub names', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    api.fail({
      method: 'GET',
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    expect(await (await connect()).comments(3).list()).toEqual([]);
    expect(api.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(logged[0]).toMatch(/primary rate limit answered GET .*; retrying in [23] s/);
  });

  it('a rate-limited create is sent again (GitHub did not carry it out), and only once', async () => {
    api.fail({ method: 'POST', status: 403, body: secondary, headers: { 'retry-after': '1' } });
    const c = await (await connect()).comments(3).create('x');
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([
      403, 201,
    ]);
    expect(api.comments(REPO, 3).map((x) => x.id)).toEqual([c.id]);
  });

  it('gives up at once when GitHub asks for a longer wait than a check should take', async () => {
    api.fail({ method: 'POST', status: 429, body: secondary, headers: { 'retry-after': '3600' } });
    const started = Date.now();
    const e = await (
      await connect({ retryBaseMs: 1000 })
    )
      .comments(3)
      .create('x')
      .catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 429, failure: 'rate-limit' });
    expect((e as ApiError).message).toContain('GitHub asks to wait 3600 s');
    expect(logged[0]).toContain('it asks to wait 3600 s, giving up');
  });

  it('gives up after two waits', async () => {
    api.fail({
      method: 'GET',
      status: 429,
      body: secondary,
      headers: { 'retry-after': '1' },
      times: 5,
    });
    await expect((await connect()).comments(3).list()).rejects.toMatchObject({ status: 429 });
    expect(api.requests).toHaveLength(3);
  });

  it('a 403 that is no rate limit is a refusal, not waited on', async () => {
    api.canWrite = false;
    const e = await (
      await connect()
    )
      .comments(3)
      .create('x')
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 403, failure: null });
    expect(api.requests).toHaveLength(1);
  });

  it('reads every form of the answer', () => {
    const err = (status: number, headers: Record<string, string>, message = 'x') => ({
      status,
      response: { headers, data: { message } },
    });
    const now = Date.UTC(2026, 0, 1);
    expect(rateLimitWait(err(429, { 'retry-after': '7' }), now)).toBe(7);
    expect(rateLimitWait(err(403, { 'retry-after': '0.2' }), now)).toBe(1);
    expect(
      rateLimitWait(err(429, { 'retry-after': new Date(now + 30_000).toUTCString() }), now),
    ).toBe(30);
    expect(
      rateLimitWait(
        err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 10) }),
        now,
      ),
    ).toBe(11);
    expect(rateLimitWait(err(403, {}, 'You have exceeded a secondary rate limit'), now)).toBe(60);
    expect(rateLimitWait(err(429, {}), now)).toBe(60);
    expect(rateLimitWait(err(403, {}, 'Resource not accessible by integration'), now)).toBeNull();
    expect(rateLimitWait(err(500, { 'retry-after': '1' }), now)).toBeNull();
    expect(rateLimitWait(new Error('socket hang up'), now)).toBeNull();
  });
});

describe('writes', () => {
  it('are spaced one retry base apart, as GitHub asks of integrations', async () => {
    const client = (await connect({ retryBaseMs: 300 })).comments(3);
    // From before the first write is sent: a lower bound that holds however slow the
    // machine, while two unspaced writes to a local server take a fraction of it.
    const started = Date.now();
    const a = await client.create('a');
    await client.update(a.id, 'b');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('ask the guard before every attempt, retries included, and stop when it refuses', async () => {
    const c = api.addComment(REPO, 3, 'old', { login: 'github-actions[bot]', type: 'Bot' });
    api.fail({ method: 'PATCH', status: 502 });
    let asked = 0;
    const guard = async () => (++asked >= 2 ? 'moved on' : null);
    const e = await (
      await connect()
    )
      .comments(3, { guard })
      .update(c.id, 'new')
      .catch((x) => x);
    expect(e).toBeInstanceOf(StoodDown);
    expect((e as StoodDown).reason).toBe('moved on');
    expect(asked).toBe(2);
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([502]);
    expect(api.comments(REPO, 3)[0]!.body).toBe('old');
  });

  it('ask the guard again after a rate-limit wait', async () => {
    api.fail({
      method: 'POST',
      status: 429,
      body: { message: 'slow down' },
      headers: { 'retry-after': '1' },
    });
    let asked = 0;
    const guard = async () => (++asked >= 2 ? 'moved on' : null);
    await expect((await connect()).comments(3, { guard }).create('x')).rejects.toBeInstanceOf(
      StoodDown,
    );
    expect(api.comments(REPO, 3)).toEqual([]);
  });

  it('a delete of a comment that is already gone succeeds', async () => {
    const c = api.addComment(REPO, 3, 'x', { login: 'github-actions[bot]', type: 'Bot' });
    const client = (await connect()).comments(3);
    await client.remove(c.id);
    await client.remove(c.id);
    expect(api.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'DELETE 204',
      'DELETE 404',
    ]);
    expect(api.comments(REPO, 3)).toEqual([]);
  });

  it('a 422 for length is told from other validation failures', async () => {
    api.fail({
      method: 'POST',
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'unprocessable',
            field: 'data',
            message: 'Body is too long (maximum is 65536 characters)',
          },
        ],
      },
    });
    const client = (await connect()).comments(3);
    const long = await client.create('x').catch((x: unknown) => x);
    expect(long).toMatchObject({
      status: 422,
      failure: 'too-long',
      message:
        'creating a comment on #3 failed: HTTP 422: Validation Failed (Body is too long (maximum is 65536 characters))',
    });
    const empty = await client.create('').catch((x: unknown) => x);
    expect(empty).toMatchObject({ status: 422, failure: null });
  });
});

/**
 * The bundled action against a GitHub API that misbehaves: refused tokens, missing
 * permissions, a comment deleted mid-run, a body refused as too long, rate limits, server
 * errors, dropped connections, answers cut off half-way, and an API that never answers.
 * Each case: no duplicate comment, no half-written state, the documented exit status (the
 * verdict's: nothing the API does fails the check), a warning that says what happened and
 * what to do, and the summary and outputs written all the same.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MARKER } from '../../src/action/comment-marker.js';
import { REPO, makeWorkspace, seedManifest, type ActionResult } from '../support/action-run.js';
import { PR, usePullRequest } from '../support/pull-request.js';
import { ACTIONS_BOT, BODY_TOO_LONG } from '../support/fake-github.js';
import { hugeManifest, passingManifest } from '../support/manifests.js';

const pr = usePullRequest({ baseCommit: true });
const { onPullRequest } = pr;

const ours = () => pr.api.comments(REPO, PR).filter((c) => c.body.includes(MARKER));
const sent = (method: string, path: RegExp = /\/comments/) =>
  pr.api.requests.filter((r) => r.method === method && path.test(r.path));
const statuses = (method: string, path?: RegExp) => sent(method, path).map((r) => r.status);
/** The warnings about the comment (a manifest's findings can be warnings too). */
const warnings = (run: ActionResult) =>
  run.annotations
    .filter((a) => a.name === 'warning' && a.properties.title === 'headroom: comment not posted')
    .map((a) => a.message);

const { everything } = pr;

/** What a run that could not post must still have done, and must not have done. */
function expectCheckedWithoutComment(run: ActionResult, verdict = 'pass'): void {
  expect(run.status).toBe(verdict === 'fail' ? 1 : 0);
  expect(run.stderr).toBe('');
  expect(run.summary).toContain(`headroom: ${verdict}`);
  expect(run.outputs).toMatchObject({ verdict, 'comment-url': '' });
  expect(existsSync(run.outputs.report!)).toBe(true);
  expect(warnings(run)).toHaveLength(1);
}

/** A comment of ours with an earlier report on it, as a previous run left it. */
function earlierComment() {
  return pr.api.addComment(REPO, PR, `${MARKER}\nan earlier report`, ACTIONS_BOT);
}

describe('a token GitHub refuses (401)', () => {
  const WRONG = 'ghp_revokedButStillASecret0123456789abcdef';

  it('is a warning that says to check the token, and the token is printed nowhere', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await onPullRequest(ws, { inputs: { 'github-token': WRONG } });

    // The verdict decides the status: the seed example fails.
    expectCheckedWithoutComment(run, 'fail');
    expect(warnings(run)[0]).toBe(
      'asking who the token belongs to failed: HTTP 401: Bad credentials. The github-token input was refused: check that it is a valid token that has not expired. The comment is not posted.',
    );
    // It reached the server, and nowhere else.
    expect(pr.api.requests[0]!.headers.authorization).toBe(`token ${WRONG}`);
    expect(everything(run)).not.toContain(WRONG);
    expect(everything(run)).not.toContain(WRONG.slice(4, 20));
    expect(pr.api.writes()).toHaveLength(0);
    // The base read and the comment each asked once: a 401 is not retried.
    expect(pr.api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /repos/${REPO}/contents/capacity.yml 401`,
      'GET /user 401',
    ]);
  });

  it('revoked between listing and creating: one attempt, no retry, nothing written', async () => {
    pr.api.fail({ method: 'POST', status: 401, body: { message: 'Bad credentials' } });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toContain(
      'creating a comment on #7 failed: HTTP 401: Bad credentials',
    );
    expect(statuses('POST')).toEqual([401]);
    expect(pr.api.comments(REPO, PR)).toEqual([]);
  });
});

describe('a token that cannot be sent at all', () => {
  const SECRET = 'ghp_pastedWithALineBreak0123456789abcdef';

  it('is refused at once as invalid input (exit 2), with no request made and the token printed nowhere', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const started = Date.now();
    const run = await onPullRequest(ws, {
      inputs: { 'github-token': `${SECRET.slice(0, 20)}\n${SECRET.slice(20)}` },
    });

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe(2);
    expect(run.outputs.verdict).toBe('invalid');
    const errors = run.annotations.filter((a) => a.name === 'error').map((a) => a.message);
    expect(errors).toEqual([
      'input "github-token" holds a line break (character 21 of 41), so it is not a token; give the token alone, such as ${{ github.token }} or ${{ secrets.NAME }}',
    ]);
    expect(run.summary).toContain('holds a line break');
    expect(run.annotations.filter((a) => a.name === 'warning')).toEqual([]);
    expect(pr.api.requests).toHaveLength(0);
    // Each line is masked for the runner, and shown nowhere else.
    const masked = run.commands.filter((c) => c.name === 'add-mask').map((c) => c.message);
    expect(masked).toEqual([SECRET.slice(0, 20), SECRET.slice(20)]);
    for (const part of [SECRET.slice(0, 20), SECRET.slice(20), SECRET.slice(8, 16)])
      expect(everything(run)).not.toContain(part);
  });
});

describe('a token without pull-requests: write (403) on a same-repository pull request', () => {
  it('leaves the earlier comment exactly as it was and names the permission to grant', async () => {
    const earlier = earlierComment();
    pr.api.canWrite = false;
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toBe(
      `updating comment ${earlier.id} failed: HTTP 403: Resource not accessible by integration. The token may not comment on this pull request: grant the job "permissions: pull-requests: write" (or pass a token that may). The comment is not posted.`,
    );
    expect(statuses('PATCH')).toEqual([403]);
    expect(sent('POST')).toHaveLength(0);
    expect(ours().map((c) => c.body)).toEqual([earlier.body]);
  });
});

describe('reading the pull request, to stand down for a newer commit', () => {
  it('a token that may not read it (403) still posts, without the check', async () => {
    pr.api.fail({
      method: 'GET',
      path: /\/pulls\//,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(run.stdout).toContain(
      'reading pull request #7 failed: HTTP 403: Resource not accessible by integration; posting without checking for a newer commit',
    );
  });

  it('an outage while reading it writes nothing and says so', async () => {
    pr.api.fail({ method: 'GET', path: /\/pulls\//, status: 502, times: 10 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toBe(
      "reading pull request #7 failed: HTTP 502: Server Error. GitHub did not take the comment after retrying; it is not posted this time (the check's verdict stands).",
    );
    expect(pr.api.writes()).toHaveLength(0);
    // The read is retried by the client; the create it guards is not tried again.
    expect(pr.api.requests.filter((r) => r.path.includes('/pulls/'))).toHaveLength(4);
  });
});

describe('our comment deleted between listing and updating (404)', () => {
  it('creates exactly one new comment in its place', async () => {
    const earlier = earlierComment();
    pr.api.onRequest((r, server) => {
      if (r.method !== 'PATCH') return;
      const list = server.comments(REPO, PR);
      list.splice(list.indexOf(earlier), 1);
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(warnings(run)).toEqual([]);
    expect(statuses('PATCH')).toEqual([404]);
    expect(statuses('POST')).toEqual([201]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).not.toBe(earlier.id);
    expect(ours()[0]!.body).toContain('## ✅ headroom: pass');
    expect(run.outputs['comment-url']).toBe(ours()[0]!.html_url);
    expect(run.stdout).toContain(`comment ${earlier.id} is gone (deleted meanwhile)`);
  });
});

/** A manifest whose comment is under 65,536 characters but over 65,536 bytes. */
function wideManifest(): string {
  const name = (kind: string, i: number) =>
    `${kind}-${String(i).padStart(3, '0')}-容量规划服务器主机名称很长很长很长`;
  const lines = ['version: 1', 'hosts:'];
  for (let i = 0; i < 110; i++)
    lines.push(`  ${name('主机', i)}: { cpus: 4, memory: 8GB, disk: 100GB }`);
  lines.push('services:');
  for (let i = 0; i < 110; i++)
    lines.push(`  ${name('服务', i)}: { memory: 1GB, cpus: 1, disk: 1GB }`);
  lines.push('scenarios:');
  for (let i = 0; i < 110; i++) {
    lines.push(`  s${i}:`, `    host: ${name('主机', i)}`, `    services: [${name('服务', i)}]`);
  }
  return lines.join('\n') + '\n';
}

describe('a body GitHub refuses as too long (422)', () => {
  const tooLong = BODY_TOO_LONG;

  it('when GitHub counts more strictly than characters: cut harder, posted once, with a notice', async () => {
    pr.api.bodyMeasure = 'bytes';
    const ws = makeWorkspace({ 'capacity.yml': wideManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    const [first, second] = sent('POST').map((r) => (r.body as { body: string }).body);
    expect(first!.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(first!)).toBeGreaterThan(65_536);
    expect(statuses('POST')).toEqual([422, 201]);
    expect(Buffer.byteLength(second!)).toBeLessThanOrEqual(32_768);
    expect(ours()).toHaveLength(1);
    const body = ours()[0]!.body;
    expect(body.startsWith(`${MARKER}\n## ✅ headroom: pass`)).toBe(true);
    expect(body).toContain(
      '| Scenario | Verdict | Tightest | Worst-case headroom | Monthly cost |',
    );
    expect(body).toContain("shortened to fit GitHub's size limit");
    expect(warnings(run)).toEqual([]);
    expect(run.annotations.find((a) => a.name === 'notice')?.message).toBe(
      'creating a comment on #7 failed: HTTP 422: Validation Failed (body is too long (maximum is 65536 characters)). The comment was cut to 32,768 bytes and posted; the job summary has the whole report.',
    );
    expect(run.outputs['comment-url']).toBe(ours()[0]!.html_url);
    expect(run.summary).toContain('s109');
  });

  it('refused again when cut harder: a warning, no comment, the summary whole', async () => {
    pr.api.fail({ method: 'POST', ...tooLong, times: 2 });
    const ws = makeWorkspace({ 'capacity.yml': hugeManifest(150) });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toContain(
      'GitHub refused the comment as too long, even cut to 32,768 bytes',
    );
    expect(statuses('POST')).toEqual([422, 422]);
    expect(pr.api.comments(REPO, PR)).toEqual([]);
    expect(run.summary).toContain('`scenario-149`');
  });

  it('on an update, the comment is edited once more, shorter, and stays one comment', async () => {
    const earlier = earlierComment();
    pr.api.fail({ method: 'PATCH', ...tooLong });
    const ws = makeWorkspace({ 'capacity.yml': hugeManifest(150) });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('PATCH')).toEqual([422, 200]);
    expect(sent('POST')).toHaveLength(0);
    expect(ours().map((c) => c.id)).toEqual([earlier.id]);
    expect(Buffer.byteLength(ours()[0]!.body)).toBeLessThanOrEqual(32_768);
  });

  it('a small report refused as too long is not sent again the same', async () => {
    pr.api.fail({ method: 'POST', ...tooLong });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(statuses('POST')).toEqual([422]);
  });
});

describe('rate limits', () => {
  const secondary = {
    message:
      'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
  };

  it('a 429 with retry-after on create is waited out and the comment created once', async () => {
    pr.api.fail({
      method: 'POST',
      status: 429,
      body: { message: 'Too Many Requests' },
      headers: { 'retry-after': '2' },
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('POST')).toEqual([429, 201]);
    expect(ours()).toHaveLength(1);
    expect(run.stdout).toContain("GitHub's secondary rate limit answered POST");
    expect(run.outputs['comment-url']).toBe(ours()[0]!.html_url);
  });

  it('a secondary rate limit (403 with retry-after) while listing is waited out', async () => {
    pr.api.fail({
      method: 'GET',
      path: /\/comments$/,
      status: 403,
      body: secondary,
      headers: { 'retry-after': '1' },
    });
    earlierComment();
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('GET', /\/comments$/)).toEqual([403, 200]);
    expect(statuses('PATCH')).toEqual([200]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('headroom: pass');
  });

  it('a used-up primary limit (x-ratelimit-remaining: 0) on an edit waits for the reset', async () => {
    const earlier = earlierComment();
    pr.api.fail({
      method: 'PATCH',
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3),
      },
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('PATCH')).toEqual([403, 200]);
    expect(ours().map((c) => c.id)).toEqual([earlier.id]);
    expect(run.stdout).toContain("GitHub's primary rate limit answered PATCH");
  });

  it('a limit that asks for an hour is given up at once, with the right advice', async () => {
    pr.api.fail({
      method: 'POST',
      status: 403,
      body: secondary,
      headers: { 'retry-after': '3600' },
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const started = Date.now();
    const run = await onPullRequest(ws);

    expect(Date.now() - started).toBeLessThan(10_000);
    expectCheckedWithoutComment(run);
    const warning = warnings(run)[0]!;
    expect(warning).toContain('GitHub asks to wait 3600 s');
    expect(warning).toContain("GitHub's rate limit for this token is used up for now");
    // A rate limit is not a missing permission.
    expect(warning).not.toContain('permissions');
    expect(statuses('POST')).toEqual([403]);
    expect(pr.api.comments(REPO, PR)).toEqual([]);
  });
});

describe('server errors and dropped connections', () => {
  it('a 502 on an edit is retried in place: one comment, edited once', async () => {
    const earlier = earlierComment();
    pr.api.fail({ method: 'PATCH', status: 502, times: 2 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('PATCH')).toEqual([502, 502, 200]);
    expect(sent('POST')).toHaveLength(0);
    expect(ours().map((c) => c.id)).toEqual([earlier.id]);
    expect(ours()[0]!.body).toContain('headroom: pass');
  });

  it('a create that keeps failing is given up after three looks, and nothing is left behind', async () => {
    pr.api.fail({ method: 'POST', status: 503, times: 10 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toContain(
      'creating a comment on #7 failed: HTTP 503: Server Error. GitHub did not take the comment after retrying',
    );
    expect(statuses('POST')).toEqual([503, 503, 503]);
    // Listed before each new attempt, to find a create that landed.
    expect(statuses('GET', /\/comments$/)).toEqual([200, 200, 200]);
    expect(pr.api.comments(REPO, PR)).toEqual([]);
  });

  it('a 500 when asking who the token is, then an answer: the run goes on', async () => {
    pr.api.fail({ method: 'GET', path: /^\/user$/, status: 500 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(ours()).toHaveLength(1);
  });

  it('a connection reset while listing is retried', async () => {
    earlierComment();
    pr.api.fail({ method: 'GET', path: /\/comments$/, reset: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('GET', /\/comments$/)).toEqual([null, 200]);
    expect(ours()).toHaveLength(1);
    expect(sent('POST')).toHaveLength(0);
  });

  it('a list cut off half-way is read again, never as "no comment of ours" (which would duplicate)', async () => {
    const earlier = earlierComment();
    pr.api.fail({ method: 'GET', path: /\/comments$/, partial: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('GET', /\/comments$/)).toEqual([null, 200]);
    expect(sent('POST')).toHaveLength(0);
    expect(ours().map((c) => c.id)).toEqual([earlier.id]);
    expect(ours()[0]!.body).toContain('headroom: pass');
  });

  it('a create whose connection drops before GitHub has it: looked for, then created once', async () => {
    pr.api.fail({ method: 'POST', reset: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('POST')).toEqual([null, 201]);
    expect(ours()).toHaveLength(1);
    expect(run.outputs['comment-url']).toBe(ours()[0]!.html_url);
  });

  it('a create whose connection drops after GitHub made it: found, not posted again', async () => {
    pr.api.fail({ method: 'POST', reset: true, afterEffect: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('POST')).toEqual([null]);
    expect(ours()).toHaveLength(1);
    expect(run.outputs['comment-url']).toBe(ours()[0]!.html_url);
  });

  it('an edit whose connection drops is sent again (an edit twice is the same edit)', async () => {
    const earlier = earlierComment();
    pr.api.fail({ method: 'PATCH', reset: true, afterEffect: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(statuses('PATCH')).toEqual([null, 200]);
    expect(ours().map((c) => c.id)).toEqual([earlier.id]);
  });
});

describe('an API that never answers', () => {
  const deadline = { HEADROOM_API_DEADLINE_MS: '600' };

  it('cannot hang the check: the deadline ends the wait, with a warning', async () => {
    pr.api.fail({ method: 'GET', path: /\/comments$/, hang: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const started = Date.now();
    const run = await onPullRequest(ws, { env: deadline });

    expect(Date.now() - started).toBeLessThan(5_000);
    expectCheckedWithoutComment(run);
    expect(warnings(run)[0]).toBe(
      "listing the comments on #7 failed: no response: GitHub did not answer within the run's deadline of 600 ms. The comment is not posted, or not brought up to date; the job summary has the report (the check's verdict stands).",
    );
    expect(pr.api.writes()).toHaveLength(0);
  });

  it('a create that never returns is not sent again after the deadline', async () => {
    pr.api.fail({ method: 'POST', hang: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const started = Date.now();
    // Long enough for the reads before the create on a busy machine: the create must be sent.
    const run = await onPullRequest(ws, { env: { HEADROOM_API_DEADLINE_MS: '3000' } });

    expect(Date.now() - started).toBeLessThan(20_000);
    expectCheckedWithoutComment(run);
    expect(sent('POST')).toHaveLength(1);
    expect(pr.api.requests.at(-1)!.method).toBe('POST');
  });

  it('the deadline is checked as an input: a wrong value is exit 2', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws, { env: { HEADROOM_API_DEADLINE_MS: 'soon' } });

    expect(run.status).toBe(2);
    expect(run.annotations[0]?.message).toBe(
      'HEADROOM_API_DEADLINE_MS must be a whole number of milliseconds from 1 to 3600000; got "soon"',
    );
    expect(pr.api.requests).toHaveLength(0);
  });
});

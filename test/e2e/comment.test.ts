/**
 * The bundled action against the stand-in GitHub API, as the runner would start it on a
 * pull_request event: the sticky comment's life (create, update, leave alone), the fork's
 * read-only token, retries without duplicates, pagination and the size limit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER } from '../../src/action/comment-marker.js';
import {
  REPO,
  makeWorkspace,
  pullRequestEvent,
  runAction,
  seedManifest,
} from '../support/action-run.js';
import { PR, usePullRequest } from '../support/pull-request.js';
import { ACTIONS_BOT } from '../support/fake-github.js';
import { hugeManifest, passingManifest } from '../support/manifests.js';

const NOT_POSTED = 'headroom: comment not posted';
const pr = usePullRequest();
const { onPullRequest } = pr;

const ours = () => pr.api.comments(REPO, PR).filter((c) => c.body.includes(MARKER));
const posts = () => pr.api.requests.filter((r) => r.method === 'POST');
const patches = () => pr.api.requests.filter((r) => r.method === 'PATCH');

describe('the sticky comment', () => {
  it('is created on the first run, with the marker, the verdict first and the table', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(1); // the seed example fails its standard scenario
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.path).toBe(`/repos/${REPO}/issues/${PR}/comments`);
    expect(posts()[0]!.headers.authorization).toMatch(/^token ghs_/);
    const comments = pr.api.comments(REPO, PR);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body.split('\n')[1]).toBe('## ❌ headroom: fail — the planned services do not fit');
    expect(body).toContain('| `standard` | ❌ fail | memory on `tencent-lh` | -350 MB (-9.7%) |');
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  it('is updated in place on the next run when the report changed', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest('1GB') });
    await onPullRequest(ws);
    const first = ours()[0]!;
    writeFileSync(join(ws, 'capacity.yml'), passingManifest('2GB'));
    const second = await onPullRequest(ws);

    expect(second.status).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.path).toBe(`/repos/${REPO}/issues/comments/${first.id}`);
    expect(ours()[0]!.id).toBe(first.id);
    expect(ours()[0]!.body).toContain('2 GB');
    expect(second.outputs['comment-url']).toBe(first.html_url);
  });

  it('is not written at all when the report did not change', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    await onPullRequest(ws);
    const writesBefore = pr.api.writes().length;
    const again = await onPullRequest(ws);

    expect(again.status).toBe(0);
    expect(pr.api.writes()).toHaveLength(writesBefore);
    expect(again.outputs['comment-url']).toBe(ours()[0]!.html_url);
    expect(again.stdout).toContain('the comment is up to date');
  });

  it('leaves a human comment that quotes the marker alone and writes its own', async () => {
    pr.api.addComment(REPO, PR, `${MARKER}\nI copied this from the bot`, {
      login: 'someone',
      type: 'User',
    });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    await onPullRequest(ws);

    expect(patches()).toHaveLength(0);
    expect(posts()).toHaveLength(1);
    expect(ours().map((c) => c.user.login)).toEqual(['someone', ACTIONS_BOT.login]);
  });

  it('finds its comment on page 2 of 150 and updates it, never creating a second', async () => {
    for (let i = 0; i < 150; i++) {
      if (i === 120) {
        pr.api.addComment(REPO, PR, `${MARKER}\nan older report`, ACTIONS_BOT);
      } else {
        pr.api.addComment(REPO, PR, `comment ${i}`, { login: `user${i % 7}`, type: 'User' });
      }
    }
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    const lists = pr.api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
    expect(lists.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(posts()).toHaveLength(0);
    expect(patches()).toHaveLength(1);
    expect(pr.api.comments(REPO, PR)).toHaveLength(150);
    expect(ours()[0]!.body).toContain('## ✅ headroom: pass');
  });

  it('cuts an oversize report under the limit, keeping the verdict and the table', async () => {
    const ws = makeWorkspace({ 'capacity.yml': hugeManifest(150) });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.status).toBe(201); // the stand-in refuses bodies over 65,536 with 422
    const body = ours()[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('## ✅ headroom: pass');
    expect(body).toContain(
      '| Scenario | Verdict | Tightest | Worst-case headroom | Monthly cost |',
    );
    expect(body).toContain('| `scenario-000` | ✅ pass |');
    expect(body).toContain("shortened to fit GitHub's size limit");
    expect(body).toContain('https://github.com/acme/platform/actions/runs/99');
    // The job summary has room for all of it.
    expect(run.summary).toContain('`scenario-149`');
    expect(run.summary.length).toBeGreaterThan(65_536);
  });
});

describe('when GitHub will not take the comment', () => {
  it('on a fork (read-only token, 403) warns, exits by the verdict, and still writes the summary and outputs', async () => {
    pr.api.canWrite = false;
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await runAction({
      workspace: ws,
      api: pr.api,
      event: pullRequestEvent({ number: PR, fork: true }),
    });

    expect(run.status).toBe(0);
    const warning = run.annotations.find((a) => a.properties.title === NOT_POSTED);
    expect(warning?.message).toMatch(/HTTP 403.*comes from a fork.*post-report/s);
    expect(run.summary).toContain('## ✅ headroom: pass');
    expect(run.outputs).toMatchObject({ verdict: 'pass', 'comment-url': '' });
    expect(pr.api.comments(REPO, PR)).toHaveLength(0);
    expect(posts()).toHaveLength(1); // tried once, not retried
  });

  it('a 403 on a same-repository pull request names the permission to grant', async () => {
    pr.api.canWrite = false;
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(run.annotations.find((a) => a.properties.title === NOT_POSTED)?.message).toContain(
      'permissions: pull-requests: write',
    );
  });

  it('a 500 on create is retried after looking again, and exactly one comment results', async () => {
    pr.api.fail({ method: 'POST', path: /\/comments$/, status: 500 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(posts().map((r) => r.status)).toEqual([500, 201]);
    const order = pr.api.requests
      .filter((r) => r.path.includes('/comments'))
      .map((r) => `${r.method} ${r.status}`);
    // list, create (500), list again, create (201), list for a twin from another run
    expect(order).toEqual(['GET 200', 'POST 500', 'GET 200', 'POST 201', 'GET 200']);
    expect(pr.api.comments(REPO, PR)).toHaveLength(1);
    expect(run.outputs['comment-url']).toBe(pr.api.comments(REPO, PR)[0]!.html_url);
  });

  it('a create that landed but answered 502 is found on the second look, not posted twice', async () => {
    pr.api.fail({ method: 'POST', path: /\/comments$/, status: 502, afterEffect: true });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(pr.api.comments(REPO, PR)).toHaveLength(1);
    expect(run.outputs['comment-url']).toBe(pr.api.comments(REPO, PR)[0]!.html_url);
  });

  it('a 503 while listing is retried by the client', async () => {
    pr.api.fail({ method: 'GET', path: /\/comments$/, status: 503, times: 2 });
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(pr.api.comments(REPO, PR)).toHaveLength(1);
  });
});

/**
 * Two runs of the bundled action on one pull request at the same time, as two quick pushes
 * make them: the run for the older commit and the run for the newer one, each with its own
 * token (as each workflow run has), against one stand-in API. The stand-in holds requests
 * back until the other run has reached a given point, which forces the interleavings that
 * matter: both listing before either creates, in either order of creating; the older run
 * reaching its write only after the newer run has finished; the older run retrying a
 * failed edit after the newer run has written. Every case ends with exactly one comment,
 * and it shows the newer commit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/action/comment-marker.js';
import {
  BASE_SHA,
  REPO,
  makeWorkspace,
  pullRequestEvent,
  runAction,
  type ActionResult,
} from '../support/action-run.js';
import {
  ACTIONS_BOT,
  TOKEN,
  startFakeGitHub,
  type FakeGitHub,
  type RecordedRequest,
} from '../support/fake-github.js';
import { passingManifest } from '../support/manifests.js';

const PR = 7;
const OLD_SHA = 'a'.repeat(40);
const NEW_SHA = 'd'.repeat(40);
const NEW_TOKEN = 'ghs_secondRunsTokenForTests0123456';

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
  api.acceptToken(NEW_TOKEN);
  // The pull request as the older push left it.
  api.setPull(REPO, PR, OLD_SHA);
  // The base commit, with no manifest yet: each run compares with it through the API.
  api.setCommit(REPO, BASE_SHA, {});
});
afterEach(async () => {
  await api.close();
});

const byOld = (r: RecordedRequest) => r.headers.authorization === `token ${TOKEN}`;
const byNew = (r: RecordedRequest) => r.headers.authorization === `token ${NEW_TOKEN}`;
const isList = (r: RecordedRequest) => r.method === 'GET' && r.path.endsWith('/comments');
const isHeadCheck = (r: RecordedRequest) => r.method === 'GET' && r.path.includes('/pulls/');
const isCreate = (r: RecordedRequest) => r.method === 'POST';

/** The older commit's run: the report with a 1 GB estimate. */
function olderRun(): Promise<ActionResult> {
  return runAction({
    workspace: makeWorkspace({ 'capacity.yml': passingManifest('1GB') }),
    api,
    event: pullRequestEvent({ number: PR, headSha: OLD_SHA }),
  });
}

/** The newer push: the pull request moves on, then its run starts (2 GB). */
function newerRun(): Promise<ActionResult> {
  api.setPull(REPO, PR, NEW_SHA);
  return runAction({
    workspace: makeWorkspace({ 'capacity.yml': passingManifest('2GB') }),
    api,
    event: pullRequestEvent({ number: PR, headSha: NEW_SHA }),
    inputs: { 'github-token': NEW_TOKEN },
  });
}

/** Resolves with the promise, or after fifteen seconds with holdTimedOut set. */
function hold(promise: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      api.holdTimedOut = true;
      resolve();
    }, 15_000);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const ours = () => api.comments(REPO, PR).filter((c) => c.body.includes(MARKER));
const notice = (run: ActionResult) => run.annotations.find((a) => a.name === 'notice')?.message;

/** The end every case must reach: one comment, the newer run's, and nobody failed. */
function expectNewerWins(older: ActionResult, newer: ActionResult): void {
  expect(api.holdTimedOut).toBe(false);
  expect(older.status).toBe(0);
  expect(newer.status).toBe(0);
  expect(older.stderr + newer.stderr).toBe('');
  expect(ours()).toHaveLength(1);
  const body = ours()[0]!.body;
  expect(body).toContain(`commit \`${NEW_SHA.slice(0, 7)}\``);
  expect(body).not.toContain(OLD_SHA.slice(0, 7));
  expect(body).toContain('2 GB');
  expect(newer.outputs['comment-url']).toBe(ours()[0]!.html_url);
  // Neither run's warnings are about the comment.
  for (const run of [older, newer])
    expect(run.annotations.filter((a) => a.name === 'warning')).toEqual([]);
}

describe('two runs on one pull request', () => {
  it('both list before either creates, the older creates first: its comment stays and gets the newer body', async () => {
    let newerChecked!: () => void;
    const newerAtItsWrite = new Promise<void>((r) => (newerChecked = r));
    api.onRequest(async (r) => {
      // The older run's create waits until the newer run has listed and checked the head.
      if (byOld(r) && isCreate(r)) await hold(newerAtItsWrite);
      // The newer run's create waits for the older one's to land.
      if (byNew(r) && isCreate(r)) await hold(api.answered((x) => byOld(x) && isCreate(x)));
    });
    api.onRequest((r) => {
      if (byNew(r) && isHeadCheck(r)) newerChecked();
    });

    const older = olderRun();
    // The push happens after the older run has checked the head, before it creates.
    await hold(api.answered((r) => byOld(r) && isHeadCheck(r)));
    const newer = newerRun();
    const [o, n] = await Promise.all([older, newer]);

    expectNewerWins(o, n);
    const creates = api.answers.filter(isCreate);
    expect(creates.map((r) => [byOld(r) ? 'older' : 'newer', r.status])).toEqual([
      ['older', 201],
      ['newer', 201],
    ]);
    // Both listed before either created.
    const firstCreate = api.answers.indexOf(creates[0]!);
    expect(api.answers.slice(0, firstCreate).filter(isList).map(byNew)).toEqual([false, true]);
    // The older run's comment (the first id the stand-in gives) is the one left; the newer
    // run moved its body there and deleted its own.
    expect(ours()[0]!.id).toBe(1000);
    const writes = api
      .writes()
      .map((r) => `${r.method} ${r.path.split('/').pop()} ${byOld(r) ? 'older' : 'newer'}`);
    expect(writes.filter((w) => !w.startsWith('POST'))).toEqual([
      'PATCH 1000 newer',
      'DELETE 1001 newer',
    ]);
    expect(o.outputs['comment-url']).toBe(ours()[0]!.html_url);
    expect(n.stdout).toContain('was created by another run at the same time');
  });

  it('both list before either creates, the newer creates first and the older finishes last: the older deletes its own', async () => {
    let newerFinished!: () => void;
    const newerDone = new Promise<void>((r) => (newerFinished = r));
    api.onRequest(async (r) => {
      // The older run's create lands only after the newer run's.
      if (byOld(r) && isCreate(r)) await hold(api.answered((x) => byNew(x) && isCreate(x)));
      // The older run settles only after the newer run has finished.
      if (byOld(r) && isList(r) && api.requests.filter((x) => byOld(x) && isList(x)).length > 1)
        await hold(newerDone);
    });

    const older = olderRun();
    await hold(api.answered((r) => byOld(r) && isHeadCheck(r)));
    const newer = newerRun().then((run) => {
      newerFinished();
      return run;
    });
    const [o, n] = await Promise.all([older, newer]);

    expectNewerWins(o, n);
    const creates = api.answers.filter(isCreate);
    expect(creates.map((r) => (byOld(r) ? 'older' : 'newer'))).toEqual(['newer', 'older']);
    // Both listed before either created.
    const firstCreate = api.answers.indexOf(creates[0]!);
    expect(api.answers.slice(0, firstCreate).filter(isList).map(byNew)).toEqual([false, true]);
    const deletes = api.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => [byOld(r) ? 'older' : 'newer', r.status])).toEqual([['older', 204]]);
    // The older run wrote nothing over the newer comment.
    expect(api.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(notice(o)).toBe(
      `pull request #${PR} has moved on from aaaaaaa to ddddddd; the run for the newer commit posts its report instead`,
    );
    expect(o.outputs['comment-url']).toBe('');
  });

  it('the older run reaches its edit after the newer run has finished: it stands down', async () => {
    const earlier = api.addComment(
      REPO,
      PR,
      `${MARKER}\nthe report of an earlier push`,
      ACTIONS_BOT,
    );
    let newerFinished!: () => void;
    const newerDone = new Promise<void>((r) => (newerFinished = r));
    api.onRequest(async (r) => {
      if (byOld(r) && isHeadCheck(r)) await hold(newerDone);
    });

    const older = olderRun();
    // The older run has listed (and seen the earlier comment) when the push happens.
    await hold(api.answered((r) => byOld(r) && isList(r)));
    const newer = newerRun().then((run) => {
      newerFinished();
      return run;
    });
    const [o, n] = await Promise.all([older, newer]);

    expectNewerWins(o, n);
    expect(ours()[0]!.id).toBe(earlier.id);
    expect(api.writes().map((r) => [r.method, byOld(r) ? 'older' : 'newer'])).toEqual([
      ['PATCH', 'newer'],
    ]);
    expect(notice(o)).toContain('has moved on from aaaaaaa to ddddddd');
  });

  it('the older run reaches its create after the newer run has finished: it creates nothing', async () => {
    let newerFinished!: () => void;
    const newerDone = new Promise<void>((r) => (newerFinished = r));
    api.onRequest(async (r) => {
      if (byOld(r) && isHeadCheck(r)) await hold(newerDone);
    });

    const older = olderRun();
    await hold(api.answered((r) => byOld(r) && isList(r)));
    const newer = newerRun().then((run) => {
      newerFinished();
      return run;
    });
    const [o, n] = await Promise.all([older, newer]);

    expectNewerWins(o, n);
    expect(api.writes().map((r) => [r.method, byOld(r) ? 'older' : 'newer'])).toEqual([
      ['POST', 'newer'],
    ]);
  });

  it('the older run’s edit fails and the newer run writes meanwhile: the retry stands down', async () => {
    const earlier = api.addComment(
      REPO,
      PR,
      `${MARKER}\nthe report of an earlier push`,
      ACTIONS_BOT,
    );
    // The older run's first edit fails; GitHub did not carry it out.
    api.fail({ method: 'PATCH', status: 502 });
    let newerFinished!: () => void;
    const newerDone = new Promise<void>((r) => (newerFinished = r));
    api.onRequest(async (r) => {
      // Its check before the retry waits until the newer run has finished.
      if (
        byOld(r) &&
        isHeadCheck(r) &&
        api.requests.filter((x) => byOld(x) && isHeadCheck(x)).length > 1
      )
        await hold(newerDone);
    });

    const older = olderRun();
    await hold(api.answered((r) => byOld(r) && r.method === 'PATCH'));
    const newer = newerRun().then((run) => {
      newerFinished();
      return run;
    });
    const [o, n] = await Promise.all([older, newer]);

    expectNewerWins(o, n);
    expect(ours()[0]!.id).toBe(earlier.id);
    expect(api.writes().map((r) => [r.method, byOld(r) ? 'older' : 'newer', r.status])).toEqual([
      ['PATCH', 'older', 502],
      ['PATCH', 'newer', 200],
    ]);
    expect(notice(o)).toContain('has moved on from aaaaaaa to ddddddd');
  });

  it('a re-run of the older commit’s workflow, long after, leaves the newer report alone', async () => {
    const n = await newerRun();
    const o = await olderRun();

    expectNewerWins(o, n);
    expect(api.writes().map((r) => [r.method, byOld(r) ? 'older' : 'newer'])).toEqual([
      ['POST', 'newer'],
    ]);
    expect(notice(o)).toContain('has moved on from aaaaaaa to ddddddd');
  });
});

/**
 * The bundled action on pull requests in real git repositories: a base commit, a head commit
 * on top, the event naming both. The comment leads with what the pull request changes;
 * `fail-on: regression` judges the change, not the state; the base is read with git when
 * the checkout has it, fetched with git when it is shallow, read through the contents API
 * when git cannot fetch it, and a base that cannot be read at all is said so without
 * failing the check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/action/comment-marker.js';
import {
  REPO,
  makeWorkspace,
  pullRequestEvent,
  runAction,
  seedManifest,
  workflowRunEvent,
  type RunOptions,
} from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo, type Tree } from '../support/git-repo.js';
import { INVALID_MANIFEST, passingManifest } from '../support/manifests.js';

const PR = 7;
let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
});
afterEach(async () => {
  await api.close();
});

const seed = seedManifest();
/** The seed with one service's standard memory up by 300 MB: `standard` fails by more. */
const grown = seed.replace(
  'standard: 600MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
  'standard: 900MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
);

async function onPullRequest(repo: PullRequestRepo, extra: Partial<RunOptions> = {}) {
  const run = await runAction({
    workspace: repo.workspace,
    api,
    event: pullRequestEvent({ number: PR, headSha: repo.headSha, baseSha: repo.baseSha }),
    env: { PATH: process.env.PATH ?? '' },
    ...extra,
  });
  const comment = api.comments(REPO, PR)[0]?.body ?? '';
  const report = run.outputs.report ? JSON.parse(readFileSync(run.outputs.report, 'utf8')) : null;
  return { run, comment, report };
}

const short = (sha: string) => sha.slice(0, 7);
const contentsRequests = () => api.requests.filter((r) => r.path.includes('/contents/'));

describe('the comment on a pull request', () => {
  it('leads with the headroom before, after and the change, read from the base commit with git', async () => {
    expect(grown).not.toBe(seed);
    const repo = pullRequestRepo({ 'capacity.yml': seed }, { 'capacity.yml': grown });
    const { run, comment, report } = await onPullRequest(repo);

    expect(run.status).toBe(1);
    const lines = comment.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('## ❌ headroom: fail — the planned services do not fit');
    expect(lines[3]).toBe('### What this pull request changes');
    expect(comment).toContain(`Compared with \`main (${short(repo.baseSha)})\`:`);
    expect(comment).toContain(
      '- memory on `tencent-lh`, `standard`: -350 MB (-9.7%) → -650 MB (-18.1%), -300 MB',
    );
    expect(comment).toContain(
      '**This pull request makes things worse: "standard" already failed and loses more headroom (memory on "tencent-lh").**',
    );
    // What changed comes before the state of things.
    expect(comment.indexOf('What this pull request changes')).toBeLessThan(
      comment.indexOf('| Scenario | Verdict |'),
    );
    expect(run.summary).toContain('### What this pull request changes');
    // Read with git: the API was asked for nothing but the comment.
    expect(contentsRequests()).toEqual([]);
    expect(run.stdout).toContain(
      `comparing with the base main (${short(repo.baseSha)}), read with git`,
    );

    expect(report.comparison).toEqual({
      status: 'compared',
      ref: `main (${short(repo.baseSha)})`,
      via: 'git',
    });
    const m = report.manifests[0];
    expect(m.base.status).toBe('ok');
    expect(m.base.report.scenarios.map((s: { name: string }) => s.name)).toContain('standard');
    const standard = m.scenarios.find((s: { name: string }) => s.name === 'standard');
    expect(standard.hosts[0].resources.memory.delta.headroom.worst).toBe(-300e6);
    expect(m.changes.regression).toBe(true);
  });

  it('says "no change" when the pull request leaves the capacity alone', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': passingManifest(), 'README.md': 'a' },
      { 'README.md': 'b' },
    );
    const { run, comment } = await onPullRequest(repo);

    expect(run.status).toBe(0);
    expect(comment).toContain('- No change in headroom or verdicts.');
    expect(comment).toContain('**No required scenario got worse.**');
  });
});

describe('fail-on: regression', () => {
  const regression = { inputs: { 'fail-on': 'regression' } };

  it('passes a pull request that leaves an already failing scenario as it was', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': seed },
      { 'capacity.yml': seed.replace('# The first user', '# Reworded: the first user') },
    );
    const { run, comment, report } = await onPullRequest(repo, regression);

    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(report.manifests[0].changes.regression).toBe(false);
    expect(comment).toContain('**No required scenario got worse.**');
    expect(run.stdout).toContain('headroom: fail (fail-on: regression), exit status 0');
  });

  it('fails a pull request that lowers headroom below the warning threshold', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': passingManifest('1GB') },
      { 'capacity.yml': passingManifest('7GB') },
    );
    const { run, comment } = await onPullRequest(repo, regression);

    expect(run.status).toBe(1);
    expect(run.outputs.verdict).toBe('warn');
    expect(comment).toContain('- `today`: ⚠️ warn (was ✅ pass)');
    expect(comment).toContain(
      '- memory on `web-1`, `today`: 6.49 GB (81.1%) → 488 MB (6.1%), -6 GB',
    );
    expect(comment).toContain(
      '**This pull request makes things worse: "today" went from pass to warn.**',
    );
    // The same change under fail-on fail only warns.
    const plain = await onPullRequest(repo);
    expect(plain.run.status).toBe(0);
  });

  it('fails one that makes an already failing scenario fail by more', async () => {
    const repo = pullRequestRepo({ 'capacity.yml': seed }, { 'capacity.yml': grown });
    expect((await onPullRequest(repo, regression)).run.status).toBe(1);
  });

  it('with several manifests, fails when any one of them got worse', async () => {
    const repo = pullRequestRepo(
      { 'a/capacity.yml': seed, 'b/capacity.yml': passingManifest('1GB') },
      { 'b/capacity.yml': passingManifest('7GB') },
    );
    const { run, comment } = await onPullRequest(repo, {
      inputs: { 'fail-on': 'regression', manifest: '*/capacity.yml' },
    });

    expect(run.status).toBe(1);
    expect(comment).toContain('| Manifest | Verdict | Worst-case headroom | Since the base |');
    expect(comment).toContain('| `a/capacity.yml` | ❌ fail | -9.7% (was -9.7%) | not worse |');
    expect(comment).toContain('| `b/capacity.yml` | ⚠️ warn | 6.1% (was 62.5%) | ❌ worse |');
  });
});

describe('a shallow checkout', () => {
  it('fetches the base commit with git, once, and reads it there', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': passingManifest('1GB') },
      { 'capacity.yml': passingManifest('2GB') },
      true,
    );
    expect(() => git(repo.workspace, 'cat-file', '-e', `${repo.baseSha}^{commit}`)).toThrow();
    const { run, comment, report } = await onPullRequest(repo);

    expect(run.status).toBe(0);
    expect(report.comparison).toEqual({
      status: 'compared',
      ref: `main (${short(repo.baseSha)})`,
      via: 'git',
    });
    expect(run.stdout).toContain(
      `comparing with the base main (${short(repo.baseSha)}), fetched and read with git`,
    );
    expect(comment).toContain('- memory on `web-1`, `today`:');
    // The API was asked for nothing but the comment; the commit is in the checkout now.
    expect(contentsRequests()).toEqual([]);
    expect(git(repo.workspace, 'cat-file', '-t', repo.baseSha)).toBe('commit');
  });

  function serveBase(repo: PullRequestRepo, files: Record<string, string>) {
    api.setCommit(REPO, repo.baseSha, files);
  }

  it('reads the base through the contents API at the base commit', async () => {
    const base: Tree = {
      'infra/capacity.yml': passingManifest('1GB').replace(
        'services:',
        'compose:\n  - compose/docker-compose.yml\nservices:',
      ),
      'infra/compose/docker-compose.yml':
        'services:\n  cache:\n    image: redis\n    mem_limit: 256m\n',
    };
    const head: Tree = {
      'infra/compose/docker-compose.yml':
        'services:\n  cache:\n    image: redis\n    mem_limit: 768m\n',
    };
    const repo = pullRequestRepo(base, head, 'offline');
    serveBase(repo, base as Record<string, string>);
    const { run, comment, report } = await onPullRequest(repo, {
      inputs: { manifest: 'infra/capacity.yml' },
    });

    expect(run.status).toBe(0);
    expect(report.comparison).toMatchObject({ status: 'compared', via: 'api' });
    expect(run.stdout).toContain('could not be fetched with git');
    const read = contentsRequests().map((r) => decodeURIComponent(r.path.split('/contents/')[1]!));
    expect(read[0]).toBe('infra/capacity.yml');
    // The compose file, the .env compose would read beside it and the override files it
    // would read in that folder, to say when one is left unread (none there: 404s).
    expect(read.sort()).toEqual([
      'infra/capacity.yml',
      'infra/compose/.env',
      'infra/compose/compose.override.yaml',
      'infra/compose/compose.override.yml',
      'infra/compose/docker-compose.override.yaml',
      'infra/compose/docker-compose.override.yml',
      'infra/compose/docker-compose.yml',
    ]);
    expect(contentsRequests().every((r) => r.query.get('ref') === repo.baseSha)).toBe(true);
    expect(comment).toContain(
      '- memory on `web-1`, `today`: 6.22 GB (77.7%) → 5.68 GB (71.0%), -537 MB',
    );
    expect(report.manifests[0].changes.services).toEqual({ added: [], removed: [] });
  });

  it('says so, without failing the check, when the base cannot be read at all', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': passingManifest('1GB') },
      { 'capacity.yml': passingManifest('2GB') },
      'offline',
    );
    api.fail({ path: /\/contents\//, status: 500, times: 10 });
    const { run, comment, report } = await onPullRequest(repo, regression());

    expect(run.status).toBe(0); // passes on its own verdict, judged like fail
    const warning = run.annotations.find((a) => a.properties.title === 'headroom: no comparison');
    expect(warning?.message).toContain(
      `not compared with the base main (${short(repo.baseSha)}): the base commit is not in the checkout, and reading it through the API failed: reading "capacity.yml" at ${short(repo.baseSha)} failed: HTTP 500`,
    );
    expect(warning?.message).toContain('fetch-depth: 0');
    expect(comment.split('\n')[3]).toMatch(
      /^> Not compared with the base `main \([0-9a-f]{7}\)`: the base commit is not in the checkout/,
    );
    expect(comment).not.toContain('What this pull request changes');
    expect(report.comparison.status).toBe('unavailable');
    expect(report.manifests[0].base).toBeUndefined();
    expect(api.comments(REPO, PR)).toHaveLength(1);

    // And a failing manifest with no base to compare with fails fail-on regression.
    const failing = pullRequestRepo({ 'capacity.yml': seed }, { 'README.md': 'x' }, 'offline');
    const judged = await onPullRequest(failing, regression());
    expect(judged.run.status).toBe(1);
  });

  function regression() {
    return { inputs: { 'fail-on': 'regression' } };
  }
});

describe('a base without the manifest, or with a broken one', () => {
  it('shows a manifest the base did not have as new, and judges its scenarios as new', async () => {
    const repo = pullRequestRepo({ 'README.md': 'x' }, { 'capacity.yml': seed });
    const { run, comment, report } = await onPullRequest(repo, {
      inputs: { 'fail-on': 'regression' },
    });

    expect(comment).toContain(
      `- The manifest does not exist at main (${short(repo.baseSha)}): everything in it is new.`,
    );
    expect(report.manifests[0].base).toEqual({
      status: 'missing',
      ref: `main (${short(repo.baseSha)})`,
    });
    // A new required scenario that fails is a regression.
    expect(comment).toContain('"standard" is new and fails');
    expect(run.status).toBe(1);
  });

  it('shows a base manifest that did not validate as such, never as a problem of the pull request', async () => {
    const repo = pullRequestRepo(
      { 'capacity.yml': INVALID_MANIFEST },
      { 'capacity.yml': passingManifest() },
    );
    const { run, comment, report } = await onPullRequest(repo, {
      inputs: { 'fail-on': 'regression' },
    });

    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(comment).toContain(
      `- At main (${short(repo.baseSha)}) the manifest did not validate (1 problem), so there is no base to compare with.`,
    );
    expect(report.manifests[0].base.status).toBe('invalid');
    expect(report.manifests[0].base.problems[0]).toMatchObject({
      file: 'capacity.yml',
      line: 5,
    });
    expect(run.annotations.filter((a) => a.name === 'error')).toEqual([]);
  });

  it('names the example env file that defines a variable the base lacked, read through the contents API as with git', async () => {
    const base: Tree = {
      'capacity.yml':
        'version: 1\nhosts:\n  box: { memory: 4GB, cpus: 2 }\ncompose:\n  - app/compose.yml\n',
      'app/compose.yml': 'services:\n  db:\n    image: postgres\n    mem_limit: ${DB_MEMORY}\n',
      'app/.env.example': 'DB_MEMORY=512m\n',
    };
    const head: Tree = {
      'app/compose.yml': 'services:\n  db:\n    image: postgres\n    mem_limit: 512m\n',
    };
    const messages: string[] = [];
    for (const how of [false, 'offline'] as const) {
      const repo = pullRequestRepo(base, head, how);
      api.setCommit(REPO, repo.baseSha, base as Record<string, string>);
      const { report } = await onPullRequest(repo);
      expect(report.comparison.via).toBe(how === false ? 'git' : 'api');
      expect(report.manifests[0].base.status).toBe('invalid');
      messages.push(report.manifests[0].base.problems[0].message);
    }
    expect(messages[0]).toContain(
      '(the variable "DB_MEMORY" is not set, so an empty string took its place); app/.env.example defines "DB_MEMORY": the manifest\'s compose entry can read it with `env_file: app/.env.example`, or the repository can commit `app/.env`',
    );
    expect(messages[1]).toBe(messages[0]);
  });

  it('missing in a shallow checkout: the contents API says 404 for the file, and the commit is there', async () => {
    const repo = pullRequestRepo(
      { 'README.md': 'x' },
      { 'capacity.yml': passingManifest() },
      'offline',
    );
    api.setCommit(REPO, repo.baseSha, { 'README.md': 'x' });
    const { report } = await onPullRequest(repo);

    expect(report.comparison).toMatchObject({ status: 'compared', via: 'api' });
    expect(report.manifests[0].base.status).toBe('missing');
    expect(api.requests.some((r) => r.path.endsWith(`/git/commits/${repo.baseSha}`))).toBe(true);
  });
});

describe('the fork-safe pair', () => {
  it('carries the base and the changes in the JSON report, and the poster shows them', async () => {
    const repo = pullRequestRepo({ 'capacity.yml': seed }, { 'capacity.yml': grown }, 'offline');
    api.setCommit(REPO, repo.baseSha, { 'capacity.yml': seed });
    const producer = await runAction({
      workspace: repo.workspace,
      api,
      event: pullRequestEvent({
        number: PR,
        headSha: repo.headSha,
        baseSha: repo.baseSha,
        fork: true,
      }),
      inputs: { comment: 'off' },
    });
    expect(producer.status).toBe(1);
    const text = readFileSync(producer.outputs.report!, 'utf8');
    const produced = JSON.parse(text);
    expect(produced.comparison).toMatchObject({ status: 'compared', via: 'api' });
    expect(produced.manifests[0].changes.regression).toBe(true);

    api.setPull(REPO, PR, repo.headSha);
    const post = (report: string) => {
      const ws = makeWorkspace({});
      writeFileSync(join(ws, 'headroom-report.json'), report);
      return runAction({
        workspace: ws,
        api,
        event: workflowRunEvent({ headSha: repo.headSha }),
        inputs: { 'post-report': 'headroom-report.json' },
      });
    };

    // A forged figure in the new blocks is refused like any other.
    const forged = JSON.parse(text);
    forged.manifests[0].changes.resources[0].delta.worst = '<img src=x onerror=alert(1)>';
    const refused = await post(JSON.stringify(forged));
    expect(refused.status).toBe(2);
    expect(refused.annotations[0]?.message).toContain(
      '/manifests/0/changes/resources/0/delta/worst must be number',
    );
    expect(api.writes()).toHaveLength(0);

    const posted = await post(text);
    expect(posted.status).toBe(0);
    const body = api.comments(REPO, PR)[0]!.body;
    expect(body).toContain('### What this pull request changes');
    expect(body).toContain(
      '- memory on `tencent-lh`, `standard`: -350 MB (-9.7%) → -650 MB (-18.1%), -300 MB',
    );
    expect(body).toContain(`base \`${short(repo.baseSha)}\``);
  });
});

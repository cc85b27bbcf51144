/**
 * The fork-safe pattern end to end: a pull_request run from a fork writes the JSON report,
 * and a workflow_run run posts it with `post-report`, checking first that the report is
 * what it claims to be.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/action/comment-marker.js';
import {
  HEAD_SHA,
  REPO,
  makeWorkspace,
  pullRequestEvent,
  runAction,
  seedManifest,
  workflowRunEvent,
} from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const PR = 7;
let api: FakeGitHub;
let report: string;

beforeEach(async () => {
  api = await startFakeGitHub();
  // The pull_request half, from a fork: no comment, the report written for upload.
  const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
  const producer = await runAction({
    workspace: ws,
    api,
    event: pullRequestEvent({ number: PR, fork: true }),
    inputs: { comment: 'off', 'report-path': 'out/headroom-report.json' },
  });
  expect(producer.status).toBe(1);
  expect(producer.outputs.report).toBe(join(ws, 'out/headroom-report.json'));
  report = readFileSync(producer.outputs.report!, 'utf8');
  // It only read (the base, which this stand-in does not have); what follows is the poster's.
  expect(api.writes()).toHaveLength(0);
  api.requests.splice(0);
  api.setPull(REPO, PR, HEAD_SHA);
});
afterEach(async () => {
  await api.close();
});

/** The workflow_run half: the artifact downloaded into a fresh workspace, then posted. */
async function post(text: string, event = workflowRunEvent()) {
  const ws = makeWorkspace({ 'headroom-report.json': text });
  return runAction({
    workspace: ws,
    api,
    event,
    inputs: { 'post-report': 'headroom-report.json' },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report is edited as free JSON
function edited(change: (r: any) => void): string {
  const data = JSON.parse(report);
  change(data);
  return JSON.stringify(data);
}

describe('post-report', () => {
  it('posts the report of the triggering run on its pull request, and exits 0 whatever the verdict', async () => {
    const run = await post(report);

    expect(run.status).toBe(0);
    const comments = api.comments(REPO, PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(`${MARKER}\n## ❌ headroom: fail`)).toBe(true);
    expect(comments[0]!.body).toContain(`commit \`${HEAD_SHA.slice(0, 7)}\``);
    // The reader learns whose run the figures come from, right under the verdict.
    const note = `> 📄 Rendered from the JSON report of [the pull request's own run](https://github.com/${REPO}/actions/runs/4242), which the pull request controls: every verdict here was worked out again from that report's figures, and the figures are that run's.`;
    expect(comments[0]!.body.split('\n').slice(2, 4)).toEqual(['', note]);
    expect(run.summary).toContain(note);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'comment-url': comments[0]!.html_url });
    expect(run.summary).toContain('## ❌ headroom: fail');
  });

  it('posts once: a second run of the same report finds the comment unchanged', async () => {
    await post(report);
    await post(report);
    expect(api.comments(REPO, PR)).toHaveLength(1);
    expect(api.writes()).toHaveLength(1);
  });

  it('stands down when the pull request has moved on to a newer commit', async () => {
    api.setPull(REPO, PR, 'd'.repeat(40));
    const run = await post(report);

    expect(run.status).toBe(0);
    expect(api.writes()).toHaveLength(0);
    expect(run.annotations.find((a) => a.name === 'notice')?.message).toContain(
      'has moved on from aaaaaaa to ddddddd',
    );
  });

  it('stands down when the pull request with that head commit is another branch than the triggering run’s', async () => {
    api.setPull(REPO, PR, HEAD_SHA, { headRepository: 'mallory/platform', headBranch: 'copy' });
    const run = await post(report);

    expect(run.status).toBe(0);
    expect(api.writes()).toHaveLength(0);
    expect(run.annotations.find((a) => a.name === 'notice')?.message).toContain(
      'is for mallory/platform:copy, but the run that triggered this one was for contributor/platform:feature',
    );
  });

  it('refuses a report for another commit than the triggering run', async () => {
    const run = await post(edited((r) => (r.context.headSha = 'e'.repeat(40))));

    expect(run.status).toBe(2);
    expect(api.requests).toHaveLength(0);
    expect(run.annotations[0]?.message).toContain(
      `the report is for commit ${'e'.repeat(40)}, but the run that triggered this one was for ${HEAD_SHA}`,
    );
  });

  it('refuses a report for another pull request than the triggering run names', async () => {
    const run = await post(report, workflowRunEvent({ pullRequests: [8] }));
    expect(run.status).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a report for another repository', async () => {
    const run = await post(edited((r) => (r.context.repository = 'evil/repo')));
    expect(run.status).toBe(2);
    expect(run.annotations[0]?.message).toContain('the report is for the repository evil/repo');
  });

  it('refuses a report whose figures are not what the schema says, before rendering it', async () => {
    const forged = edited((r) => {
      r.manifests[0].services[0].replicas = '<img src=x onerror=alert(1)>';
    });
    const run = await post(forged);

    expect(run.status).toBe(2);
    expect(api.requests).toHaveLength(0);
    expect(run.annotations[0]?.message).toMatch(
      /not a headroom action report of version 1: \/manifests\/0\/services\/0\/replicas must be integer/,
    );
    expect(run.outputs.verdict).toBe('invalid');
  });

  it('refuses what is not JSON without quoting it', async () => {
    const run = await post('{"version": 1, "secret": "hunter2"');
    expect(run.status).toBe(2);
    expect(run.stdout).not.toContain('hunter2');
  });

  it('says so when the report file is missing', async () => {
    const ws = makeWorkspace({});
    const run = await runAction({
      workspace: ws,
      api,
      event: workflowRunEvent(),
      inputs: { 'post-report': 'headroom-report.json' },
    });
    expect(run.status).toBe(2);
    expect(run.annotations[0]?.message).toContain('does not exist');
  });

  it('recomputes the verdict instead of believing the file', async () => {
    const run = await post(edited((r) => (r.verdict = 'pass')));
    expect(run.outputs.verdict).toBe('fail');
    expect(api.comments(REPO, PR)[0]!.body).toContain('headroom: fail');
  });

  it('refuses a failing report whose every fail was turned into pass, naming the scenario, host and resource', async () => {
    // The standard tier is 350 MB short on tencent-lh; the file now says it passes.
    expect(report).toContain('"verdict": "fail"');
    const forged = report.replace(/"verdict": "fail"/g, '"verdict": "pass"');
    const run = await post(forged);

    expect(run.status).toBe(2);
    expect(run.outputs.verdict).toBe('invalid');
    expect(api.requests).toHaveLength(0);
    expect(api.comments(REPO, PR)).toHaveLength(0);
    const errors = run.annotations.filter((a) => a.name === 'error');
    const standard = errors.find((a) =>
      a.message.startsWith(
        'the report of "capacity.yml" disagrees with its own figures: scenario "standard", host "tencent-lh", memory:',
      ),
    );
    expect(standard?.message).toBe(
      'the report of "capacity.yml" disagrees with its own figures: scenario "standard", host "tencent-lh", memory: the verdict is pass, but its figures give fail (worst-case headroom -350 MB of 3.6 GB, warning below 15.0%) (at /manifests/0/scenarios/1/hosts/0/resources/memory/verdict)',
    );
    expect(standard?.properties.file).toBe('headroom-report.json');
    expect(errors.map((a) => a.message)).toContain(
      'the report of "capacity.yml" disagrees with its own figures: the verdict is pass, but its required scenarios give fail (at /manifests/0/verdict)',
    );
    expect(run.summary).toContain('the input could not be checked');
    expect(run.summary).toContain(
      'disagrees with its own figures: scenario "standard", host "tencent-lh", memory: the verdict is pass',
    );
    expect(run.failure).toBe(
      'headroom: the input could not be checked (see the errors above), exit status 2',
    );
  });

  it('refuses a report whose headroom was raised to match a verdict changed by hand', async () => {
    const forged = edited((r) => {
      const mem = r.manifests[0].scenarios[1].hosts[0].resources.memory;
      mem.headroom.worst = 100_000_000;
      mem.headroomPct.worst = 2.78;
      mem.verdict = 'warn';
    });
    const run = await post(forged);

    expect(run.status).toBe(2);
    expect(run.annotations[0]?.message).toBe(
      'the report of "capacity.yml" disagrees with its own figures: scenario "standard", host "tencent-lh", memory: the worst-case headroom is 100 MB, but available less demand is -350 MB (at /manifests/0/scenarios/1/hosts/0/resources/memory/headroom/worst)',
    );
    expect(api.comments(REPO, PR)).toHaveLength(0);
  });

  it('posts nothing for a report from a push run', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const pushed = await runAction({ workspace: ws, inputs: { 'fail-on': 'never' } });
    const text = readFileSync(pushed.outputs.report!, 'utf8');
    const run = await post(text, workflowRunEvent({ headSha: 'c'.repeat(40) }));

    expect(run.status).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(run.annotations.find((a) => a.name === 'notice')?.message).toContain(
      'not a pull request: nothing to post',
    );
  });
});

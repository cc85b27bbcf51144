/**
 * Variables the action withholds from compose interpolation, end to end through the bundled
 * action: the warning their absence causes names them and says how to pin them, on the
 * pull request's base as on its head, however the base is read, and their values never
 * reach what the action writes. The CLI, run by the user in their own shell, passes every
 * variable, so the same files read without the warning there.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REPO, makeWorkspace, pullRequestEvent, runAction } from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { pullRequestRepo } from '../support/git-repo.js';

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
});
afterEach(async () => {
  await api.close();
});

const SECRET = 'hunter2-not-for-comments';
const FILES = {
  'capacity.yml':
    'version: 1\nhosts:\n  box: { memory: 4GB, cpus: 2 }\ncompose:\n  - compose.yml\n',
  'compose.yml':
    'services:\n  db:\n    image: postgres\n    mem_limit: 512m\n    environment:\n      POSTGRES_PASSWORD: ${PG_PASS}\n',
};

describe('a variable withheld because its name looks like a credential', () => {
  it('is named in the action’s warning, with the way to pin it, and its value is never written', async () => {
    const ws = makeWorkspace(FILES);
    const run = await runAction({ workspace: ws, api, env: { PG_PASS: SECRET } });

    const warning = run.annotations.find((a) => a.message.includes('PG_PASS'));
    expect(warning).toMatchObject({
      name: 'warning',
      properties: expect.objectContaining({ file: 'compose.yml', line: '6', col: '26' }),
    });
    expect(warning!.message).toContain(
      'the variable "PG_PASS" is withheld from compose interpolation because its name looks like a credential; pin the value the check should use in the compose entry\'s `env:` or its `env_file:`',
    );
    expect(run.stdout + run.summary).not.toContain(SECRET);
  });

  it('reads as set through the CLI, which passes the user’s whole environment', () => {
    const ws = makeWorkspace(FILES);
    let out = '';
    const status = main(['check', 'capacity.yml', '--format', 'json'], {
      cwd: ws,
      env: { PG_PASS: SECRET },
      stdout: (t) => (out += t),
      stderr: () => undefined,
    });
    expect(status).toBe(0);
    expect(out).not.toContain('PG_PASS');
  });
});

describe('a withheld variable on the pull request’s base', () => {
  const WITHHELD =
    'the variable "PG_PASS" is withheld from compose interpolation because its name looks like a credential; pin the value the check should use in the compose entry\'s `env:` or its `env_file:`';
  const grown = { 'compose.yml': FILES['compose.yml'].replace('512m', '768m') };

  async function onPullRequest(
    base: Record<string, string>,
    head: Record<string, string>,
    how: boolean | 'offline',
  ) {
    const repo = pullRequestRepo(base, head, how);
    api.setCommit(REPO, repo.baseSha, base);
    const run = await runAction({
      workspace: repo.workspace,
      api,
      event: pullRequestEvent({ headSha: repo.headSha, baseSha: repo.baseSha }),
      env: { PATH: process.env.PATH ?? '', PG_PASS: SECRET },
    });
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    return { run, report, manifest: report.manifests[0] };
  }

  const ways = [
    { how: false, via: 'git', name: 'read with git' },
    { how: true, via: 'git', name: 'fetched with git into a shallow checkout' },
    { how: 'offline', via: 'api', name: 'read through the contents API' },
  ] as const;
  for (const way of ways) {
    it(`is named as withheld in the base’s warning as in the head’s, with the base ${way.name}`, async () => {
      const { run, report, manifest } = await onPullRequest(FILES, grown, way.how);

      expect(report.comparison).toMatchObject({ status: 'compared', via: way.via });
      const head = manifest.findings.find((f: { code: string }) => f.code === 'unset-variable');
      const base = manifest.base.report.findings.find(
        (f: { code: string }) => f.code === 'unset-variable',
      );
      expect(head.message).toContain(WITHHELD);
      expect(base).toEqual(head);
      expect(readFileSync(run.outputs.report!, 'utf8') + run.stdout + run.summary).not.toContain(
        SECRET,
      );
    });
  }

  it('is named as withheld in a problem that kept the base from validating, read through the contents API', async () => {
    const broken = { ...FILES, 'compose.yml': FILES['compose.yml'].replace('512m', '${PG_PASS}') };
    const { report, manifest } = await onPullRequest(
      broken,
      { 'compose.yml': FILES['compose.yml'] },
      'offline',
    );

    expect(report.comparison).toMatchObject({ status: 'compared', via: 'api' });
    expect(manifest.base.status).toBe('invalid');
    expect(manifest.base.problems).toEqual([
      expect.objectContaining({
        file: 'compose.yml',
        line: 4,
        message: `the memory limit of "db": the size is empty; Docker needs a size such as "512m" (${WITHHELD}, so an empty string took its place)`,
      }),
    ]);
  });
});

/**
 * Variables the action withholds from compose interpolation, end to end through the bundled
 * action: the warning their absence causes names them and says how to pin them, and their
 * values never reach what the action writes. The CLI, run by the user in their own shell,
 * passes every variable, so the same files read without the warning there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeWorkspace, runAction } from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

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

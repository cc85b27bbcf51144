/**
 * The hint an example env file beside a compose file adds to a value refused for an unset
 * variable, read from files on disk through the reader the command line uses.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import type { WithheldReason } from '../../src/compose/unset.js';
import { diskReader, MAX_FILE_BYTES } from '../../src/workspace/disk-reader.js';
import { makeWorkspace } from '../support/action-run.js';
import { inputError, manifestText } from './helpers.js';

const COMPOSE = 'services:\n  web:\n    image: x\n    mem_limit: ${MEM_LIMIT}\n';
const REFUSED =
  'the memory limit of "web": the size is empty; Docker needs a size such as "512m" (the variable "MEM_LIMIT" is not set, so an empty string took its place)';

/** The check of `app/compose.yml` (entry `entry`) with these files beside it. */
function check(
  files: Record<string, string>,
  entry = '  - app/compose.yml',
  withheld?: Record<string, WithheldReason>,
) {
  const ws = makeWorkspace({
    'capacity.yml': manifestText(entry),
    'app/compose.yml': COMPOSE,
    ...files,
  });
  return () =>
    runCheck({
      manifest: 'capacity.yml',
      reader: diskReader(ws),
      env: {},
      ...(withheld ? { withheld } : {}),
    });
}

const message = (run: () => unknown): string => inputError(run).problems[0]!.message;

describe('an unset variable that an example env file beside the compose file defines', () => {
  it('names the file, the entry’s `env_file:` that reads it, and the `.env` to commit', () => {
    expect(message(check({ 'app/.env.example': '# copy to .env\nMEM_LIMIT=512m\n' }))).toBe(
      `${REFUSED}; app/.env.example defines "MEM_LIMIT": the manifest's compose entry can read it with \`env_file: app/.env.example\`, or the repository can commit \`app/.env\``,
    );
  });

  it('is read as the hint says: the entry naming the example file loads', () => {
    const run = check(
      { 'app/.env.example': 'MEM_LIMIT=512m\n' },
      '  - { files: [app/compose.yml], env_file: app/.env.example }',
    );
    expect(run().scenarios).toBeDefined();
  });

  it('looks for example.env and .env.sample too, naming the first that defines the variable', () => {
    const files = {
      'app/.env.example': 'OTHER=1\n',
      'app/example.env': 'export MEM_LIMIT="1g"\n',
      'app/.env.sample': 'MEM_LIMIT=2g\n',
    };
    expect(message(check(files))).toContain('; app/example.env defines "MEM_LIMIT": ');
    expect(message(check({ 'app/.env.sample': 'MEM_LIMIT=2g\n' }))).toContain(
      '; app/.env.sample defines "MEM_LIMIT": ',
    );
  });

  it('adds the file to the env files the entry already names', () => {
    const run = check(
      { 'app/.env.example': 'MEM_LIMIT=512m\n', 'deploy.env': 'OTHER=1\n' },
      '  - { files: [app/compose.yml], env_file: deploy.env }',
    );
    expect(message(run)).toBe(
      `${REFUSED}; app/.env.example defines "MEM_LIMIT": the manifest's compose entry can read it too with \`env_file: [deploy.env, app/.env.example]\``,
    );
  });

  it('names the example file on a port, with the entry written as a folder', () => {
    const run = check(
      {
        'app/compose.yml': 'services:\n  web:\n    image: x\n    ports: ["8080:${APP_PORT}"]\n',
        'app/.env.example': 'APP_PORT=80\n',
      },
      '  - app',
    );
    expect(message(run)).toBe(
      '"8080:" names no container port (the variable "APP_PORT" is not set, so an empty string took its place); app/.env.example defines "APP_PORT": the manifest\'s compose entry can read it with `env_file: app/.env.example`, or the repository can commit `app/.env`',
    );
  });
});

describe('no hint, and the message as it was', () => {
  it.each([
    ['no example file', {}],
    ['an example file that does not define the variable', { 'app/.env.example': 'OTHER=1\n' }],
    ['an example file that leaves it empty', { 'app/.env.example': 'MEM_LIMIT=\n' }],
    ['an example file that does not parse', { 'app/.env.example': 'MEM_LIMIT="512m\n' }],
    [
      'an example file over the size every read is held to',
      { 'app/.env.example': `MEM_LIMIT=512m\n#${'x'.repeat(MAX_FILE_BYTES)}\n` },
    ],
    ['an example file in another folder', { '.env.example': 'MEM_LIMIT=512m\n' }],
  ])('with %s', (_, files: Record<string, string>) => {
    expect(message(check(files))).toBe(REFUSED);
  });

  it('for a file an `include` pulls in, whose variables the entry’s env files do not set', () => {
    const run = check({
      'app/compose.yml': 'include:\n  - ../lib/compose.yml\nservices:\n  api:\n    image: y\n',
      'lib/compose.yml': COMPOSE,
      'lib/.env.example': 'MEM_LIMIT=512m\n',
    });
    expect(inputError(run).problems[0]).toMatchObject({
      file: 'lib/compose.yml',
      message: REFUSED,
    });
  });

  it('for a variable the action withheld, whose message already says how to pin it', () => {
    const run = check({ 'app/.env.example': 'MEM_LIMIT=512m\n' }, undefined, {
      MEM_LIMIT: 'credential',
    });
    expect(message(run)).toMatch(/withheld from compose interpolation .*took its place\)$/);
  });
});

import { describe, expect, it } from 'vitest';
import { inputError, memory, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;
const svc = (name: string, limit: string): string =>
  `services:\n  ${name}:\n    image: x\n    mem_limit: ${limit}\n`;

describe('a folder as a compose entry', () => {
  it.each([
    ['a bare path to a folder', '  - app'],
    ['`dir:`', '  - dir: app'],
    ['`dir:` with a trailing slash', '  - dir: app/'],
  ])('reads %s as docker compose run in it: the default file, then its override', (_w, entry) => {
    const r = readCompose(
      {
        'app/compose.yaml': svc('web', '256m'),
        'app/compose.override.yml': 'services:\n  web:\n    mem_limit: 512m\n',
      },
      entry,
    );
    expect(memory(service(r, 'web'))?.high).toBe(512 * MiB);
    expect(service(r, 'web').project).toBe('app');
    expect(service(r, 'web').memoryLimit?.source).toMatchObject({
      file: 'app/compose.override.yml',
      line: 3,
    });
  });

  it('prefers the default names in compose’s order and says which it read', () => {
    const r = readCompose(
      {
        'app/docker-compose.yaml': svc('web', '1g'),
        'app/docker-compose.yml': svc('web', '2g'),
        'app/docker-compose.override.yaml': 'services:\n  web: { mem_limit: 3g }\n',
        'app/docker-compose.override.yml': 'services:\n  web: { mem_limit: 4g }\n',
      },
      '  - dir: app',
    );
    expect(memory(service(r, 'web'))?.high).toBe(4096 * MiB);
    expect(r.findings.map((f) => [f.level, f.code, f.message])).toEqual([
      [
        'info',
        'several-compose-files',
        'app holds several compose files (app/docker-compose.yml and app/docker-compose.yaml); docker compose reads app/docker-compose.yml, and so does headroom',
      ],
      [
        'info',
        'several-compose-files',
        'app holds several override files (app/docker-compose.override.yml and app/docker-compose.override.yaml); docker compose reads app/docker-compose.override.yml, and so does headroom',
      ],
    ]);
  });

  it('reads the manifest’s own folder as `dir: .`, with the variables of its .env', () => {
    const r = readCompose(
      { 'compose.yml': svc('web', '${LIMIT}'), '.env': 'LIMIT=128m' },
      '  - dir: .',
    );
    expect(memory(service(r, 'web'))?.high).toBe(128 * MiB);
    expect(service(r, 'web').project).toBe('default');
  });

  it('reads a folder entry with the entry’s env_file, profiles and project', () => {
    const r = readCompose(
      {
        'app/compose.yml':
          'services:\n  web: { image: x, mem_limit: "${LIMIT}" }\n  debug: { image: x, profiles: [dev] }\n',
        'app/.env.example': 'LIMIT=64m',
      },
      '  - { dir: app, env_file: app/.env.example, profiles: [dev], project: shop }',
    );
    expect(memory(service(r, 'web'))?.high).toBe(64 * MiB);
    expect(service(r, 'debug').enabledProfiles).toEqual(['dev']);
    expect(service(r, 'web').project).toBe('shop');
  });

  it('reads the files COMPOSE_FILE lists, from the folder’s .env or the environment', () => {
    const files = {
      'app/base.yml': svc('web', '256m'),
      'app/prod.yml': 'services:\n  web:\n    mem_limit: 768m\n',
      'app/compose.yaml': svc('web', '1g'),
      'app/compose.override.yml': 'services:\n  web:\n    mem_limit: 2g\n',
    };
    const fromDotEnv = readCompose(
      { ...files, 'app/.env': 'COMPOSE_FILE=base.yml:prod.yml' },
      '  - dir: app',
    );
    expect(memory(service(fromDotEnv, 'web'))?.high).toBe(768 * MiB);
    const fromShell = readCompose(files, '  - dir: app', {
      COMPOSE_FILE: 'base.yml;prod.yml',
      COMPOSE_PATH_SEPARATOR: ';',
    });
    expect(memory(service(fromShell, 'web'))?.high).toBe(768 * MiB);
  });

  it('refuses a folder that holds no compose file, naming the names compose looks for', () => {
    const e = inputError(() => readCompose({ 'app/README.md': 'x' }, '  - dir: app'));
    expect(e.problems).toEqual([
      expect.objectContaining({
        file: 'capacity.yml',
        line: 5,
        message:
          'the folder "app" holds no compose file: docker compose looks for compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml',
      }),
    ]);
  });

  it('refuses an entry that names both files and a folder, or neither', () => {
    const both = inputError(() =>
      readCompose(
        { 'app/compose.yml': svc('web', '1g') },
        '  - { dir: app, files: [app/compose.yml] }',
      ),
    );
    expect(both.problems[0]!.message).toBe(
      'this entry names both `files` and `dir`; give one: the files to read, or the folder to read as docker compose would',
    );
    const neither = inputError(() =>
      readCompose({ 'app/compose.yml': svc('web', '1g') }, '  - { project: shop }'),
    );
    expect(neither.problems[0]!.message).toBe(
      'this entry names no compose file; give `files` (the files to read) or `dir` (a folder, read as docker compose would)',
    );
  });
});

describe('an entry that names files', () => {
  const files = {
    'app/docker-compose.yml': svc('web', '256m'),
    'app/docker-compose.override.yml': 'services:\n  web:\n    mem_limit: 1g\n',
  };

  it.each([
    ['a bare path', '  - app/docker-compose.yml'],
    ['`files:`', '  - files: [app/docker-compose.yml]'],
  ])(
    'reads exactly them through %s, and says the override beside them stays unread',
    (_w, entry) => {
      const r = readCompose(files, entry);
      expect(memory(service(r, 'web'))?.high).toBe(256 * MiB);
      expect(r.findings).toEqual([
        {
          level: 'info',
          code: 'override-unread',
          message:
            'app/docker-compose.override.yml sits beside app/docker-compose.yml but this entry does not read it; docker compose run in app would. Name the folder (`dir: app`) to read both, or add it to `files`',
          file: 'capacity.yml',
          line: 5,
          column: 5,
        },
      ]);
    },
  );

  it('says nothing when the override is among the named files', () => {
    const r = readCompose(
      files,
      '  - files: [app/docker-compose.yml, app/docker-compose.override.yml]',
    );
    expect(memory(service(r, 'web'))?.high).toBe(1024 * MiB);
    expect(r.findings).toEqual([]);
  });

  it('says nothing about a file whose name is not one compose looks for', () => {
    const r = readCompose(
      { 'app/prod.yml': svc('web', '256m'), 'app/compose.override.yml': 'services: {}\n' },
      '  - app/prod.yml',
    );
    expect(r.findings).toEqual([]);
  });
});

describe('did you mean, for a compose path that does not exist', () => {
  it.each([
    [
      'the other spelling of the extension',
      { 'docker-compose.yml': svc('web', '1g') },
      '  - docker-compose.yaml',
      'cannot read "docker-compose.yaml": the file does not exist; did you mean "docker-compose.yml"?',
    ],
    [
      'another default name in the same folder',
      { 'app/compose.yaml': svc('web', '1g') },
      '  - files: [app/docker-compose.yml]',
      'cannot read "app/docker-compose.yml": the file does not exist; did you mean "app/compose.yaml"?',
    ],
    [
      'a missing folder with nothing close',
      {},
      '  - deploy',
      'cannot read "deploy": the file does not exist, nor a folder holding compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml',
    ],
  ])('suggests %s', (_w, files, entry, message) => {
    const e = inputError(() => readCompose(files, entry));
    expect(e.problems).toEqual([
      expect.objectContaining({ file: 'capacity.yml', line: 5, message }),
    ]);
  });

  it('suggests a close name for a file an include names', () => {
    const e = inputError(() =>
      readCompose({
        'compose.yml': 'include: [db/compose.yml]\nservices: {}\n',
        'db/compose.yaml': svc('db', '1g'),
      }),
    );
    expect(e.problems).toEqual([
      expect.objectContaining({
        file: 'compose.yml',
        line: 1,
        message:
          'cannot read "db/compose.yml": the file does not exist; did you mean "db/compose.yaml"?',
      }),
    ]);
  });
});

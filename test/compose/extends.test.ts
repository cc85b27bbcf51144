import { describe, expect, it } from 'vitest';
import { inputError, loadPlain, memory, plainService, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;

describe('extends', () => {
  it.each([
    [
      'a service in the same file',
      {
        'compose.yml': `
services:
  base:
    image: app
    mem_limit: 256m
    ports: ["8080:80"]
  web:
    extends: base
    ports: ["9090:90"]
`,
      },
      { image: 'app', mem_limit: '256m', ports: ['8080:80', '9090:90'] },
    ],
    [
      'a service in another file',
      {
        'compose.yml':
          'services:\n  web:\n    extends: { file: common.yml, service: app }\n    mem_limit: 1g\n',
        'common.yml': 'services:\n  app:\n    image: app\n    mem_limit: 256m\n    cpus: 0.5\n',
      },
      { image: 'app', mem_limit: '1g', cpus: 0.5 },
    ],
    [
      'a chain of bases',
      {
        'compose.yml': `
services:
  a: { image: a, mem_limit: 1m, cpus: 1 }
  b: { extends: a, mem_limit: 2m }
  web: { extends: b, image: web }
`,
      },
      { image: 'web', mem_limit: '2m', cpus: 1 },
    ],
    [
      'a base whose attributes the extending service resets',
      {
        'compose.yml': `
services:
  base: { image: app, ports: ["8080:80"], mem_limit: 1g }
  web:
    extends: base
    ports: !reset []
    mem_limit: !override 512m
`,
      },
      { image: 'app', ports: undefined, mem_limit: '512m' },
    ],
    [
      'a command the extending service replaces',
      {
        'compose.yml': `
services:
  base: { image: app, command: [a, b] }
  web: { extends: base, command: [c] }
`,
      },
      { command: ['c'] },
    ],
  ])('from %s', (_what, files, expected) => {
    const web = plainService(loadPlain(files, ['compose.yml']).plain, 'web');
    for (const [k, v] of Object.entries(expected)) expect(web[k]).toEqual(v);
    expect(web.extends).toBeUndefined();
  });

  it('reads `file` relative to the project directory, and inside an extended file relative to that file', () => {
    const plain = loadPlain(
      {
        'app/compose.yml': 'services:\n  web: { extends: { file: lib/mid.yml, service: mid } }\n',
        'app/lib/mid.yml':
          'services:\n  mid: { extends: { file: base.yml, service: base }, cpus: 2 }\n',
        'app/lib/base.yml': 'services:\n  base: { image: base, mem_limit: 64m }\n',
        // What the project-directory reading would pick instead: it must stay unread.
        'app/base.yml': 'services:\n  base: { image: wrong, mem_limit: 1g }\n',
      },
      ['app/compose.yml'],
    ).plain;
    expect(plainService(plain, 'web')).toEqual({ image: 'base', mem_limit: '64m', cpus: 2 });
  });

  it('reads `file` in an override file relative to the project directory, not its own folder', () => {
    const plain = loadPlain(
      {
        'app/compose.yml': 'services:\n  web: { image: app }\n',
        'deploy/prod.yml': 'services:\n  web: { extends: { file: base.yml, service: base } }\n',
        'app/base.yml': 'services:\n  base: { mem_limit: 64m }\n',
      },
      ['app/compose.yml', 'deploy/prod.yml'],
    ).plain;
    expect(plainService(plain, 'web')).toEqual({ image: 'app', mem_limit: '64m' });
  });

  it('names the base file for a figure the service inherits', () => {
    const r = readCompose({
      'compose.yml': 'services:\n  web:\n    extends: { file: common.yml, service: app }\n',
      'common.yml': 'services:\n  app:\n    image: app\n    mem_limit: 256m\n',
    });
    const web = service(r, 'web');
    expect(memory(web)).toEqual({ low: 256 * MiB, high: 256 * MiB });
    expect(web.memoryLimit?.source).toEqual({
      file: 'common.yml',
      line: 4,
      column: 16,
      path: '/services/app/mem_limit',
    });
    expect(web.source).toMatchObject({ file: 'compose.yml', line: 2 });
  });

  it.each([
    [
      'a cycle',
      {
        'compose.yml': 'services:\n  a: { image: x, extends: b }\n  b: { image: x, extends: a }\n',
      },
      { file: 'compose.yml', line: 2 },
      '`extends` goes round in a circle: "a" (compose.yml) extends "b" (compose.yml) extends "a" (compose.yml)',
    ],
    [
      'a service extending itself',
      { 'compose.yml': 'services:\n  a: { image: x, extends: a }\n' },
      { file: 'compose.yml', line: 2 },
      '`extends` goes round in a circle: "a" (compose.yml) extends "a" (compose.yml)',
    ],
    [
      'a cycle across files',
      {
        'compose.yml': 'services:\n  a: { image: x, extends: { file: other.yml, service: b } }\n',
        'other.yml': 'services:\n  b: { extends: { file: compose.yml, service: a } }\n',
      },
      { file: 'compose.yml', line: 2 },
      '`extends` goes round in a circle: "a" (compose.yml) extends "b" (other.yml) extends "a" (compose.yml)',
    ],
    [
      'an unknown service',
      { 'compose.yml': 'services:\n  web: { image: x, extends: nope }\n' },
      { file: 'compose.yml', line: 2 },
      '"web" extends "nope", but compose.yml defines no service "nope" in the same document',
    ],
    [
      'an unknown service in another file',
      {
        'compose.yml':
          'services:\n  web: { image: x, extends: { file: other.yml, service: nope } }\n',
        'other.yml': 'services:\n  b: { image: x }\n',
      },
      { file: 'compose.yml', line: 2 },
      '"web" extends "nope", but other.yml defines no service "nope"',
    ],
    [
      'a missing file',
      {
        'compose.yml':
          'services:\n  web:\n    image: x\n    extends: { file: gone.yml, service: a }\n',
      },
      { file: 'compose.yml', line: 4, column: 22 },
      'cannot read "gone.yml": the file does not exist',
    ],
    [
      'a base that cannot be merged',
      {
        'compose.yml':
          'services:\n  web:\n    extends: { file: other.yml, service: a }\n    deploy: { replicas: 2 }\n',
        'other.yml': 'services:\n  a: { deploy: fast }\n',
      },
      { file: 'compose.yml', line: 4 },
      'services.x.deploy is a mapping in one file and not in the other (other.yml:2), so the two cannot be merged',
    ],
  ])('refuses %s', (_what, files, at, message) => {
    const e = inputError(() => readCompose(files));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ ...at, message });
  });
});

import { describe, expect, it } from 'vitest';
import { inputError, loadPlain, memory, plainService, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;

describe('include', () => {
  it('adds the services of an included file, each with the place it was written', () => {
    const r = readCompose(
      {
        'app/compose.yml': 'include:\n  - db/compose.yml\nservices:\n  web: { image: web }\n',
        'app/db/compose.yml': 'services:\n  db:\n    image: postgres\n    mem_limit: 512m\n',
      },
      '  - app/compose.yml',
    );
    expect(r.services.map((s) => s.name)).toEqual(['web', 'db']);
    expect(service(r, 'db').memoryLimit?.source).toMatchObject({
      file: 'app/db/compose.yml',
      line: 4,
    });
  });

  it("interpolates an included file with its own project's .env", () => {
    const r = readCompose(
      {
        'app/compose.yml':
          'include: [db/compose.yml]\nservices:\n  web: { image: web, mem_limit: "${LIMIT}" }\n',
        'app/.env': 'LIMIT=100m',
        'app/db/compose.yml':
          'services:\n  db: { image: pg, mem_limit: "${LIMIT}", mem_reservation: "${RES}" }\n',
        'app/db/.env': 'LIMIT=900m\nRES=50m',
      },
      '  - app/compose.yml',
    );
    // What the including project already knows wins; the included .env fills the gaps.
    expect(memory(service(r, 'web'))?.high).toBe(100 * MiB);
    expect(memory(service(r, 'db'))).toEqual({ low: 50 * MiB, high: 100 * MiB });
  });

  it('reads the long form: several files, env_file and project_directory', () => {
    const plain = loadPlain(
      {
        'app/compose.yml': `
include:
  - path: [lib/db.yml, lib/db.prod.yml]
    env_file: lib/db.env
    project_directory: lib
services:
  web: { image: web }
`,
        'app/lib/db.yml':
          'services:\n  db: { image: "pg:${PG}", extends: { file: base.yml, service: b } }\n',
        'app/lib/db.prod.yml': 'services:\n  db: { mem_limit: 2g }\n',
        'app/lib/db.env': 'PG=16',
        'app/lib/base.yml': 'services:\n  b: { cpus: 2 }\n',
      },
      ['app/compose.yml'],
    ).plain;
    expect(plainService(plain, 'db')).toEqual({ image: 'pg:16', cpus: 2, mem_limit: '2g' });
    expect(plain.include).toBeUndefined();
  });

  it('lays a local definition over the included service, as compose-go 2.10 and later do', () => {
    const r = readCompose(
      {
        'app/compose.yml': `
include: [db/compose.yml]
services:
  db:
    mem_limit: 2g
    ports: ["5433:5432"]
    command: !override [postgres, -c, fsync=off]
`,
        'app/db/compose.yml': `
services:
  db:
    image: postgres
    mem_limit: 512m
    mem_reservation: 256m
    ports: ["5432:5432"]
    command: [postgres]
`,
      },
      '  - app/compose.yml',
    );
    const db = service(r, 'db');
    expect(memory(db)).toEqual({ low: 256 * MiB, high: 2048 * MiB });
    expect(db.memoryLimit?.source).toMatchObject({ file: 'app/compose.yml', line: 5 });
    expect(db.source).toMatchObject({ file: 'app/compose.yml', line: 4 });
    expect(db.ports.map((p) => p.port)).toEqual([5432, 5433]);
  });

  it('lets the local document reset what the included service set', () => {
    const plain = loadPlain(
      {
        'c.yml': 'include: [db.yml]\nservices:\n  db:\n    mem_limit: !reset null\n',
        'db.yml': 'services:\n  db: { image: pg, mem_limit: 1g, cpus: 1 }\n',
      },
      ['c.yml'],
    ).plain;
    expect(plainService(plain, 'db')).toEqual({ image: 'pg', cpus: 1 });
  });

  it('lets a local service extend an included one', () => {
    const plain = loadPlain(
      {
        'c.yml': 'include: [db.yml]\nservices:\n  replica: { extends: db, mem_limit: 2g }\n',
        'db.yml': 'services:\n  db: { image: pg, mem_limit: 1g, cpus: 1 }\n',
      },
      ['c.yml'],
    ).plain;
    expect(plainService(plain, 'replica')).toEqual({ image: 'pg', mem_limit: '2g', cpus: 1 });
  });

  it('accepts a service defined identically on both sides', () => {
    const svc = 'services:\n  db: { image: pg }\n';
    const plain = loadPlain({ 'c.yml': `include: [db.yml]\n${svc}`, 'db.yml': svc }, [
      'c.yml',
    ]).plain;
    expect(Object.keys(plain.services as object)).toEqual(['db']);
  });

  it.each([
    [
      'a cycle',
      {
        'c.yml': 'include: [a/inc.yml]\nservices: {}\n',
        'a/inc.yml': 'include: [../c.yml]\nservices: {}\n',
      },
      { file: 'a/inc.yml', line: 1 },
      '`include` goes round in a circle: c.yml includes a/inc.yml includes c.yml',
    ],
    [
      'a missing file',
      { 'c.yml': 'include:\n  - gone.yml\nservices: {}\n' },
      { file: 'c.yml', line: 2, column: 5 },
      'cannot read "gone.yml": the file does not exist',
    ],
    [
      'a missing env file',
      {
        'c.yml': 'include:\n  - path: db.yml\n    env_file: gone.env\n',
        'db.yml': 'services: {}\n',
      },
      { file: 'c.yml', line: 3, column: 15 },
      'cannot read "gone.env": the file does not exist',
    ],
    [
      'a remote resource',
      { 'c.yml': 'include:\n  - oci://registry.example.com/app:1\n' },
      { file: 'c.yml', line: 2 },
      'the included file "oci://registry.example.com/app:1" is a remote resource; headroom reads only files in the repository',
    ],
    [
      'a path outside the workspace',
      { 'c.yml': 'include:\n  - ../../elsewhere.yml\n' },
      { file: 'c.yml', line: 2 },
      'the included file "../../elsewhere.yml" is not usable: the path leads outside the workspace',
    ],
  ])('refuses %s', (_what, files, at, message) => {
    const e = inputError(() => readCompose(files, '  - c.yml'));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ ...at, message });
  });
});

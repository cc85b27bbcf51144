import { describe, expect, it } from 'vitest';
import { loadPlain, memory, plainService, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;

const BASE = `
services:
  web:
    image: app:1
    command: ["serve", "--port", "80"]
    environment: [A=1, B=2]
    mem_limit: 256m
    cpus: 1
    ports: ["8080:80"]
    deploy:
      resources:
        reservations: { memory: 128m }
  db:
    image: postgres
`;

function merged(override: string, base = BASE): Record<string, unknown> {
  return loadPlain({ 'base.yml': base, 'override.yml': override }, ['base.yml', 'override.yml'])
    .plain;
}

describe('merging several compose files', () => {
  it.each([
    [
      'a scalar is replaced',
      'services:\n  web:\n    image: app:2\n',
      { image: 'app:2', mem_limit: '256m' },
    ],
    [
      'a sequence is appended to',
      'services:\n  web:\n    ports: ["9090:90"]\n',
      { ports: ['8080:80', '9090:90'] },
    ],
    [
      'a mapping is merged key by key',
      'services:\n  web:\n    deploy:\n      resources:\n        reservations: { cpus: "0.5" }\n',
      {
        deploy: {
          resources: { reservations: { memory: '128m', cpus: '0.5' } },
        },
      },
    ],
    [
      'command is replaced, not appended to',
      'services:\n  web:\n    command: ["serve", "--debug"]\n',
      { command: ['serve', '--debug'] },
    ],
    [
      'entrypoint may change form',
      'services:\n  web:\n    entrypoint: /run.sh\n',
      { entrypoint: '/run.sh' },
    ],
    [
      'environment may be a list in one file and a mapping in the other',
      'services:\n  web:\n    environment: { C: "3" }\n',
      { environment: ['A=1', 'B=2', 'C=3'] },
    ],
    [
      'a null leaves the earlier value alone',
      'services:\n  web:\n    deploy: null\n',
      { deploy: { resources: { reservations: { memory: '128m' } } } },
    ],
    [
      '!reset removes what earlier files set',
      'services:\n  web:\n    ports: !reset []\n    mem_limit: !reset null\n',
      { ports: undefined, mem_limit: undefined },
    ],
    [
      '!override replaces a sequence instead of appending',
      'services:\n  web:\n    ports: !override ["9090:90"]\n',
      { ports: ['9090:90'] },
    ],
    [
      '!override replaces a mapping instead of merging',
      'services:\n  web:\n    deploy: !override\n      replicas: 2\n',
      { deploy: { replicas: 2 } },
    ],
  ])('%s', (_rule, override, expected) => {
    const web = plainService(merged(override), 'web');
    for (const [k, v] of Object.entries(expected)) expect(web[k]).toEqual(v);
  });

  it('keeps the type of a scalar tagged !override', () => {
    const r = readCompose(
      {
        'base.yml': 'services:\n  web: { image: x, scale: 2 }\n',
        'prod.yml': 'services:\n  web:\n    scale: !override 4\n',
      },
      '  - { files: [base.yml, prod.yml] }',
    );
    expect(service(r, 'web').replicas).toBe(4);
  });

  it('keeps a list item tagged !reset, as compose-go does', () => {
    const web = plainService(merged('services:\n  web:\n    ports: [!reset "9090:90"]\n'), 'web');
    expect(web.ports).toEqual(['8080:80', '9090:90']);
  });

  it('adds the services a later file defines and keeps the others', () => {
    const plain = merged('services:\n  cache:\n    image: redis\n');
    expect(Object.keys(plain.services as object)).toEqual(['web', 'db', 'cache']);
  });

  it('replaces extension fields whole', () => {
    const plain = merged('x-meta: { b: 2 }\n', 'x-meta: { a: 1 }\nservices: {}\n');
    expect(plain['x-meta']).toEqual({ b: 2 });
  });

  it('merges the documents of one file in order', () => {
    const plain = loadPlain(
      {
        'c.yml':
          'services:\n  web: { image: a, mem_limit: 1g }\n---\nservices:\n  web: { image: b }\n',
      },
      ['c.yml'],
    ).plain;
    expect(plainService(plain, 'web')).toEqual({ image: 'b', mem_limit: '1g' });
  });

  it('merges files in the order the manifest lists them', () => {
    const files = {
      'a.yml': 'services:\n  web: { image: x, mem_limit: 100m }\n',
      'b.yml': 'services:\n  web: { mem_limit: 200m }\n',
    };
    const limit = (order: string) =>
      memory(service(readCompose(files, `  - { files: [${order}] }`), 'web'))?.high;
    expect(limit('a.yml, b.yml')).toBe(200 * MiB);
    expect(limit('b.yml, a.yml')).toBe(100 * MiB);
  });

  it('names, for a merged figure, the file that set it', () => {
    const r = readCompose(
      { 'base.yml': BASE, 'prod.yml': 'services:\n  web:\n    mem_limit: 1g\n' },
      '  - { files: [base.yml, prod.yml] }',
    );
    expect(service(r, 'web').memory).toEqual({
      kind: 'figure',
      figure: {
        low: 128 * MiB,
        high: 1024 * MiB,
        source: { file: 'prod.yml', line: 3, column: 16, path: '/services/web/mem_limit' },
      },
    });
    expect(service(r, 'web').source).toMatchObject({ file: 'base.yml', line: 3 });
  });

  it('keeps a port written in two files once', () => {
    const r = readCompose(
      { 'base.yml': BASE, 'prod.yml': 'services:\n  web:\n    ports: ["8080:80", "443:443"]\n' },
      '  - { files: [base.yml, prod.yml] }',
    );
    expect(service(r, 'web').ports.map((p) => p.port)).toEqual([8080, 443]);
  });

  it('drops a figure that a later file resets, leaving the service unbounded', () => {
    const r = readCompose(
      {
        'base.yml': 'services:\n  web: { image: x, mem_limit: 1g }\n',
        'dev.yml': 'services:\n  web:\n    mem_limit: !reset null\n',
      },
      '  - { files: [base.yml, dev.yml] }',
    );
    expect(service(r, 'web').memory).toBeUndefined();
    expect(service(r, 'web').memoryLimit).toBeUndefined();
  });
});

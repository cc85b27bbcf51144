import { describe, expect, it } from 'vitest';
import { inputError, loadPlain, plainService, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;

describe('YAML in compose files', () => {
  it('resolves anchors, aliases and merge keys, also from a list of aliases', () => {
    const plain = loadPlain(
      {
        'c.yml': `
x-limits: &limits
  mem_limit: 256m
  cpus: 0.5
x-restart: &restart
  restart: always
  cpus: 1
services:
  web:
    <<: [*limits, *restart]
    image: web
  worker:
    <<: *limits
    mem_limit: 1g
    image: worker
`,
      },
      ['c.yml'],
    ).plain;
    // In a list of merged mappings the first one wins; keys of the mapping itself win over all.
    expect(plainService(plain, 'web')).toEqual({
      mem_limit: '256m',
      cpus: 0.5,
      restart: 'always',
      image: 'web',
    });
    expect(plainService(plain, 'worker')).toEqual({ mem_limit: '1g', cpus: 0.5, image: 'worker' });
  });

  it('locates a figure inherited through an anchor where the anchor wrote it', () => {
    const r = readCompose({
      'compose.yml':
        'x-base: &base\n  mem_limit: 128m\nservices:\n  web:\n    <<: *base\n    image: x\n',
    });
    expect(service(r, 'web').memoryLimit).toEqual({
      low: 128 * MiB,
      high: 128 * MiB,
      source: { file: 'compose.yml', line: 2, column: 14, path: '/services/web/mem_limit' },
    });
  });

  it('ignores extension fields', () => {
    const r = readCompose({
      'compose.yml': 'x-notes: { owner: team }\nservices:\n  web:\n    image: x\n    x-cost: 12\n',
    });
    expect(r.services.map((s) => s.name)).toEqual(['web']);
  });

  it('accepts keys written as text that look like other things', () => {
    const r = readCompose({
      'compose.yml':
        'services:\n  "123":\n    image: x\n    environment: { "true": 1, yes: 2, on: 3, 1a: 4 }\n',
    });
    expect(r.services.map((s) => s.name)).toEqual(['123']);
  });

  it('skips empty documents', () => {
    const r = readCompose({
      'compose.yml': '# nothing yet\n---\nservices:\n  web: { image: x }\n',
    });
    expect(r.services.map((s) => s.name)).toEqual(['web']);
  });

  it.each([
    [
      'a duplicate key',
      'services:\n  web:\n    image: x\n    image: y\n',
      { line: 4 },
      expect.stringContaining('duplicate'),
    ],
    [
      'an alias to nowhere',
      'services:\n  web:\n    <<: *nope\n',
      { line: 3 },
      'the alias *nope has no anchor &nope before it',
    ],
    [
      'an alias bomb',
      ['a: &a [x, x, x, x, x, x, x, x, x, x]']
        .concat(
          ['b', 'c', 'd', 'e', 'f', 'g'].map(
            (k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`,
          ),
        )
        .join('\n'),
      { line: 5 },
      expect.stringContaining('alias bomb'),
    ],
    [
      'a list at the top level',
      '- web\n',
      { line: 1, column: 1 },
      'a compose file must be a mapping at the top level',
    ],
    [
      'an unknown attribute',
      'services:\n  web:\n    image: x\n    memlimit: 1g\n',
      { line: 4, column: 5, path: '/services/web/memlimit' },
      'unknown key "memlimit"; did you mean "mem_limit"?',
    ],
    [
      'a value of the wrong type',
      'services:\n  web:\n    image: x\n    mem_limit: true\n',
      { line: 4, column: 16, path: '/services/web/mem_limit' },
      'expected a number or text, found a boolean',
    ],
    [
      'a bad service name',
      'services:\n  "web app":\n    image: x\n',
      { line: 2, column: 3 },
      'the service name "web app" is not allowed; a name holds only letters, digits, ".", "_" and "-"',
    ],
    [
      'a service name YAML reads as a number',
      'services:\n  123:\n    image: x\n',
      { line: 2, column: 3 },
      'the key 123 in services is not text (YAML reads it as a number, a boolean or null), which compose refuses; quote it: "123"',
    ],
    [
      'a key YAML reads as a boolean, inside a service',
      'services:\n  web:\n    image: x\n    environment:\n      A: 1\n      true: 2\n',
      { line: 6, column: 7 },
      'the key true in services.web.environment is not text (YAML reads it as a number, a boolean or null), which compose refuses; quote it: "true"',
    ],
    [
      'a hexadecimal key, named as YAML reads it',
      'services:\n  web: { image: x }\n0x1F: 1\n',
      { line: 3, column: 1 },
      'the key 31 at the top level is not text (YAML reads it as a number, a boolean or null), which compose refuses; quote it: "31"',
    ],
    [
      'a file that defines nothing',
      '# only a comment\n',
      { file: 'capacity.yml', line: 5 },
      'the compose file compose.yml defines nothing',
    ],
  ])('refuses %s, naming the place', (_what, text, at, message) => {
    const e = inputError(() => readCompose({ 'compose.yml': text }));
    expect(e.problems[0]).toMatchObject({ file: 'compose.yml', ...at, message });
  });
});

import { describe, expect, it } from 'vitest';
import { Findings } from '../../src/compose/located.js';
import { interpolateDocument } from '../../src/compose/interpolate.js';
import { ExpansionBudget } from '../../src/compose/template.js';
import { toPlain } from '../../src/compose/node.js';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { inputError, memory, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;

describe('interpolation of a compose document', () => {
  it('substitutes values but never keys', () => {
    const [doc] = parseComposeFile(
      'services:\n  web:\n    environment:\n      "${KEY}": "${VALUE}"\n',
      'compose.yml',
    );
    const root = interpolateDocument(doc!.root, {
      lookup: (n) => ({ KEY: 'k', VALUE: 'v' })[n],
      findings: new Findings(),
      budget: new ExpansionBudget(),
    });
    expect(toPlain(root)).toEqual({ services: { web: { environment: { '${KEY}': 'v' } } } });
  });

  it.each([
    // [yaml value of scale, variables, replicas]
    ['${N}', { N: '3' }, 3],
    ['${N:-2}', {}, 2],
    ['"4"', {}, 4],
    ['+5', {}, 5],
  ])('casts scale: %s to a number', (value, env, replicas) => {
    const r = readCompose(
      { 'compose.yml': `services:\n  web:\n    image: x\n    scale: ${value}\n` },
      '  - compose.yml',
      env,
    );
    expect(service(r, 'web').replicas).toBe(replicas);
  });

  it('turns an unset variable into an empty value with a warning at its place', () => {
    const r = readCompose({
      'compose.yml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    mem_limit: 64m\n',
    });
    expect(r.findings).toEqual([
      {
        level: 'warn',
        code: 'unset-variable',
        message: 'the variable "TAG" is not set, so an empty string takes its place',
        file: 'compose.yml',
        line: 3,
        column: 19,
      },
    ]);
  });

  it.each([
    [
      'a literal block',
      'services:\n  web:\n    image: x\n    command: |\n      echo start\n      run --tag=${TAG} --mode=$MODE\n',
      [
        ['TAG', 6, 17],
        ['MODE', 6, 31],
      ],
    ],
    [
      'a folded block',
      'services:\n  web:\n    image: x\n    entrypoint: >-\n      sh -c\n        "exec $$HOME/run ${FLAGS:-} ${EXTRA}"\n',
      [['EXTRA', 6, 37]],
    ],
    [
      'a plain scalar over two lines',
      'services:\n  web:\n    image: x\n    labels:\n      note: first\n        ${SECOND}\n',
      [['SECOND', 6, 9]],
    ],
    [
      'a double-quoted value with an escape before the variable',
      'services:\n  web:\n    image: x\n    environment:\n      A: "tab\\there ${B}"\n',
      [['B', 5, 21]],
    ],
  ])('warns about a variable in %s at its own line and column', (_what, text, expected) => {
    const r = readCompose({ 'compose.yml': text });
    expect(r.findings.map((f) => [f.message.match(/"(\w+)"/)![1], f.line, f.column])).toEqual(
      expected,
    );
  });

  it('warns once about a variable in an anchor that several services use', () => {
    const r = readCompose({
      'compose.yml':
        'x-img: &img "app:${TAG}"\nservices:\n  a: { image: *img }\n  b: { image: *img }\n',
    });
    expect(r.findings).toEqual([expect.objectContaining({ code: 'unset-variable', line: 1 })]);
  });

  it('reads figures from variables', () => {
    const r = readCompose(
      {
        'compose.yml':
          'services:\n  web:\n    image: x\n    mem_limit: ${LIMIT:-256m}\n    mem_reservation: $RES\n',
      },
      '  - compose.yml',
      { RES: '128m' },
    );
    expect(memory(service(r, 'web'))).toEqual({ low: 128 * MiB, high: 256 * MiB });
  });

  it.each([
    [
      'a required variable',
      'services:\n  web:\n    image: x\n    mem_limit: ${LIMIT:?set LIMIT to the memory cap}\n',
      { line: 4, column: 16 },
      'cannot interpolate services.web.mem_limit: the variable "LIMIT" is required but not set: set LIMIT to the memory cap',
    ],
    [
      'an invalid template',
      'services:\n  web:\n    image: "app:${TAG"\n',
      { line: 3, column: 12 },
      'cannot interpolate services.web.image: "app:${TAG" is not a valid variable template; write a literal $ as $$',
    ],
    [
      'a value that cannot be cast',
      'services:\n  web:\n    image: x\n    scale: ${N:-many}\n',
      { line: 4, column: 12 },
      'services.web.scale: "many" is not a whole number',
    ],
  ])('stops on %s, naming the place', (_what, text, at, message) => {
    const e = inputError(() => readCompose({ 'compose.yml': text }));
    expect(e.problems).toEqual([{ file: 'compose.yml', ...at, path: expect.any(String), message }]);
  });
});

describe('the variables a project sees', () => {
  const compose = 'services:\n  web:\n    image: x\n    mem_limit: ${LIMIT}\n';
  const limitOf = (files: Record<string, string>, entry: string, env = {}): number | undefined =>
    memory(service(readCompose({ 'app/compose.yml': compose, ...files }, entry, env), 'web'))?.high;

  it.each([
    ['the project .env', { 'app/.env': 'LIMIT=100m' }, '  - app/compose.yml', {}, 100],
    [
      'the process over .env',
      { 'app/.env': 'LIMIT=100m' },
      '  - app/compose.yml',
      { LIMIT: '200m' },
      200,
    ],
    [
      "the manifest's env over the process",
      { 'app/.env': 'LIMIT=100m' },
      '  - { files: [app/compose.yml], env: { LIMIT: 300m } }',
      { LIMIT: '200m' },
      300,
    ],
    [
      "the entry's env_file instead of .env",
      { 'app/.env': 'LIMIT=100m', 'prod.env': 'LIMIT=400m' },
      '  - { files: [app/compose.yml], env_file: prod.env }',
      {},
      400,
    ],
    [
      'later env files over earlier ones',
      { 'a.env': 'LIMIT=100m', 'b.env': 'LIMIT=500m' },
      '  - { files: [app/compose.yml], env_file: [a.env, b.env] }',
      {},
      500,
    ],
    [
      'variables of earlier env files inside later ones',
      { 'a.env': 'BASE=60', 'b.env': 'LIMIT=${BASE}0m' },
      '  - { files: [app/compose.yml], env_file: [a.env, b.env] }',
      {},
      600,
    ],
    [
      // compose-go reads the files into one map, so b.env's own SIZE has replaced a.env's
      // by the time its LIMIT line is read.
      'a later env file’s own earlier lines over an earlier file',
      { 'a.env': 'SIZE=100m\nLIMIT=${SIZE}', 'b.env': 'SIZE=700m\nLIMIT=${SIZE}' },
      '  - { files: [app/compose.yml], env_file: [a.env, b.env] }',
      {},
      700,
    ],
    [
      'the process over every env file, inside them too',
      { 'a.env': 'SIZE=100m', 'b.env': 'SIZE=700m\nLIMIT=${SIZE}' },
      '  - { files: [app/compose.yml], env_file: [a.env, b.env] }',
      { SIZE: '800m' },
      800,
    ],
  ])('%s', (_what, files, entry, env, mib) => {
    expect(limitOf(files, entry, env)).toBe(mib * MiB);
  });

  it('does not read a .env outside the project folder', () => {
    const r = readCompose(
      {
        'app/compose.yml': 'services:\n  web:\n    image: x\n    mem_limit: ${LIMIT:-64m}\n',
        '.env': 'LIMIT=100m',
      },
      '  - app/compose.yml',
    );
    expect(memory(service(r, 'web'))?.high).toBe(64 * MiB);
  });

  it('stops on a figure left empty by an unset variable, as compose does', () => {
    const e = inputError(() => readCompose({ 'app/compose.yml': compose }, '  - app/compose.yml'));
    expect(e.problems).toEqual([
      {
        file: 'app/compose.yml',
        line: 4,
        column: 16,
        path: '/services/web/mem_limit',
        message:
          'the memory limit of "web": the size is empty; Docker needs a size such as "512m" (the variable "LIMIT" is not set, so an empty string took its place)',
      },
    ]);
  });

  it('stops when an env file the entry names is missing', () => {
    const e = inputError(() =>
      readCompose(
        { 'app/compose.yml': compose },
        '  - { files: [app/compose.yml], env_file: nope.env }',
      ),
    );
    expect(e.problems[0]).toMatchObject({
      file: 'capacity.yml',
      line: 5,
      message: 'cannot read "nope.env": the file does not exist',
    });
  });
});

describe('COMPOSE_PROJECT_NAME while the files are interpolated', () => {
  const file = (name = ''): string =>
    `${name}services:\n  web:\n    image: x\n    profiles: ["\${COMPOSE_PROJECT_NAME}-extra"]\n    mem_limit: \${COMPOSE_PROJECT_NAME:+64m}\n`;
  const web = (files: Record<string, string>, entry: string, env = {}) =>
    service(readCompose(files, entry, env), 'web');

  it.each([
    ['the folder’s name', { 'shop/compose.yml': file() }, '  - shop/compose.yml', {}, 'shop'],
    [
      'the top-level name, normalised',
      { 'app/compose.yml': file('name: My_Shop\n') },
      '  - app/compose.yml',
      {},
      'my_shop',
    ],
    [
      'a name written with a variable',
      { 'app/compose.yml': file('name: ${STAGE}-shop\n'), 'app/.env': 'STAGE=prod' },
      '  - app/compose.yml',
      {},
      'prod-shop',
    ],
    [
      "the entry's project",
      { 'app/compose.yml': file('name: shop\n') },
      '  - { files: [app/compose.yml], project: store }',
      {},
      'store',
    ],
    [
      'the environment’s COMPOSE_PROJECT_NAME',
      { 'app/compose.yml': file('name: shop\n') },
      '  - app/compose.yml',
      { COMPOSE_PROJECT_NAME: 'front' },
      'front',
    ],
    [
      '"default" at the repository root',
      { 'compose.yml': file() },
      '  - compose.yml',
      {},
      'default',
    ],
  ])('is %s', (_what, files, entry, env, name) => {
    const s = web(files, entry, env);
    expect(s.project).toBe(name);
    expect(s.profiles).toEqual([`${name}-extra`]);
    expect(memory(s)).toEqual({ low: 64 * MiB, high: 64 * MiB });
  });
});

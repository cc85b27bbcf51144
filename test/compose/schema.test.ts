/**
 * The Compose Specification schema headroom validates compose files against: stored
 * unchanged from the compose-go release src/compose follows, compiled at build time, and
 * every keyword it uses worded in plain terms.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { COMPOSE_GO_VERSION } from '../../src/compose/upstream.js';
import validateCompose, { propertyNames } from '../../src/generated/compose-validator.js';
import { acceptedKeySuggester } from '../../src/validation/accepted-key.js';
import {
  WORDED_KEYWORDS,
  checkSchema,
  type SchemaValidator,
} from '../../src/validation/schema-errors.js';
import { ROOT } from '../support/action-run.js';
import { inputError, memory, readCompose, service } from './helpers.js';

const VENDOR = join(ROOT, 'schemas/vendor/compose-go');

/** The `key: value` lines of one entry of a SOURCE note (the block under `entry`). */
function sourceEntry(note: string, entry: string): Record<string, string> {
  const lines = note.split('\n');
  const start = lines.findIndex((l) => l.split(',')[0]!.trim() === entry);
  expect(start, `${entry} in the note`).toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+(\w+):\s+(\S+)/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** The id git gives a file's content: what `git ls-tree` shows upstream. */
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

describe('the vendored schema', () => {
  const note = readFileSync(join(VENDOR, 'SOURCE'), 'utf8');
  const schema = sourceEntry(note, 'schema/compose-spec.json');

  it('comes from the compose-go release src/compose follows: one version, two places', () => {
    expect(schema.repository).toBe('compose-spec/compose-go');
    expect(schema.path).toBe('schema/compose-spec.json');
    expect(schema.tag).toBe(COMPOSE_GO_VERSION);
  });

  it('comes from the commit the conformance fixtures come from', () => {
    const fixtures = readFileSync(join(ROOT, 'test/conformance/compose-go/SOURCE'), 'utf8');
    const commit = /commit:\s+([0-9a-f]{40}) \(tag (\S+),/.exec(fixtures);
    expect([commit?.[1], commit?.[2]]).toEqual([schema.commit, COMPOSE_GO_VERSION]);
  });

  it.each([
    ['schema/compose-spec.json', 'schema/compose-spec.json'],
    ['LICENSE', 'LICENSE'],
    ['NOTICE', 'NOTICE'],
  ])('%s is stored unchanged (its git blob is the one the note names)', (entry, file) => {
    expect(gitBlobId(readFileSync(join(VENDOR, file)))).toBe(sourceEntry(note, entry).blob);
  });

  it('is the file the compose validator is generated from', () => {
    const generated = readFileSync(join(ROOT, 'src/generated/compose-validator.js'), 'utf8');
    expect(generated.split('\n')[0]).toContain(
      'schemas/vendor/compose-go/schema/compose-spec.json',
    );
  });
});

// ------------------------------------------------------------------------ keywords

/** Keywords that hold subschemas or notes and report no error of their own. */
const SILENT = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  '$comment',
  'title',
  'description',
  'default',
  'deprecated',
  'examples',
  'readOnly',
  'writeOnly',
  'properties',
  'patternProperties',
  'allOf',
  'then',
  'else',
  'prefixItems',
  'dependentSchemas',
]);
/** Keywords whose value is a map of names to subschemas. */
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);
/** Keywords whose value is data, not a subschema. */
const DATA = new Set(['enum', 'const', 'default', 'examples', 'required']);

/** Every keyword used anywhere in a schema. */
function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (DATA.has(key)) continue;
    if (SCHEMA_MAPS.has(key)) {
      for (const sub of Object.values(value as object)) keywordsOf(sub, found);
    } else if (Array.isArray(value)) {
      for (const sub of value) keywordsOf(sub, found);
    } else {
      keywordsOf(value, found);
    }
  }
  return found;
}

describe('every keyword of the schemas headroom checks files against has its wording', () => {
  it.each([
    ['the Compose Specification', 'schemas/vendor/compose-go/schema/compose-spec.json'],
    ['the manifest', 'schemas/capacity.schema.json'],
    ['the snapshot', 'schemas/snapshot.schema.json'],
  ])('%s', (_what, file) => {
    const keywords = keywordsOf(JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
    // A keyword listed here is new to headroom: word it in src/validation/schema-errors.ts.
    expect([...keywords].filter((k) => !SILENT.has(k) && !WORDED_KEYWORDS.has(k))).toEqual([]);
    expect(keywords.size).toBeGreaterThan(10);
  });
});

describe('schema errors in plain words', () => {
  /** Runs checkSchema on a validator that reports `errors` for `value`. */
  function words(errors: Partial<ErrorObject>[], value: unknown = {}): string[] {
    const validate = (() => false) as SchemaValidator;
    validate.errors = errors.map(
      (e) => ({ instancePath: '', schemaPath: '', params: {}, ...e }) as ErrorObject,
    );
    return checkSchema(
      validate,
      { value, locate: (path) => ({ line: 7, column: path.length + 1 }) },
      { file: 'f.yml', suggestKey: () => undefined },
    ).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} (at ${p.path})`);
  }

  it.each([
    [{ keyword: 'multipleOf', params: { multipleOf: 0.5 } }, 'must be a multiple of 0.5'],
    [{ keyword: 'maxProperties', params: { limit: 1 } }, 'must have at most 1 entry'],
    [{ keyword: 'items', params: { limit: 2 } }, 'must list at most 2 item(s)'],
    [{ keyword: 'unevaluatedItems', params: { len: 3 } }, 'must list at most 3 item(s)'],
    [
      { keyword: 'contains', params: { minContains: 1 } },
      'must list at least 1 item(s) of the required form',
    ],
    [
      { keyword: 'dependentRequired', params: { property: 'a', missingProperty: 'b' } },
      'missing key "b", required when "a" is set',
    ],
    [{ keyword: 'false schema' }, 'has a value that is not allowed here'],
    [{ keyword: 'format', params: { format: 'duration' } }, 'is not a valid duration'],
  ])('%o', (error, message) => {
    expect(words([{ instancePath: '/a/b', ...error }])).toEqual([
      `f.yml:7:3: ${message} (at /a/b)`,
    ]);
  });

  it('an unevaluated key is an unknown key, located at the key', () => {
    expect(
      words([
        {
          instancePath: '/a',
          keyword: 'unevaluatedProperties',
          params: { unevaluatedProperty: 'x' },
        },
      ]),
    ).toEqual(['f.yml:7:3: unknown key "x" (at /a/x)']);
  });

  it('a keyword with no wording of its own still gets a located, plain message', () => {
    expect(words([{ instancePath: '/a/b', keyword: 'x-vendor-rule' }])).toEqual([
      'f.yml:7:3: is not valid here (the schema\'s "x-vendor-rule" rule refuses it) (at /a/b)',
    ]);
  });

  it('names YAML’s .inf and .nan, numbers JSON and compose do not have', () => {
    const type = { instancePath: '/n', keyword: 'type', params: { type: 'number' } };
    expect(words([type], { n: Infinity })).toEqual([
      'f.yml:7:2: expected a number, found .inf, an infinite number (at /n)',
    ]);
    expect(words([type], { n: NaN })).toEqual([
      'f.yml:7:2: expected a number, found .nan, which is not a number (at /n)',
    ]);
  });
});

// ------------------------------------------------------------ through the command line

const MANIFEST = 'version: 1\nhosts:\n  box: { memory: 4GB }\ncompose:\n  - compose.yml\n';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function check(compose: string): { status: number; stdout: string; stderr: string } {
  dir = mkdtempSync(join(tmpdir(), 'headroom-schema-'));
  writeFileSync(join(dir, 'capacity.yml'), MANIFEST);
  writeFileSync(join(dir, 'compose.yml'), compose);
  let stdout = '';
  let stderr = '';
  const status = main(['check', 'capacity.yml'], {
    cwd: dir,
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { status, stdout, stderr };
}

const PRE_START = `services:
  web:
    image: app
    mem_limit: 512m
    pre_start:
      - command: ["./manage.py", "migrate"]
        user: root
        working_dir: /app
        environment: [FOO=BAR]
      - image: busybox
        command: sh -c 'chown -R 1000:1000 /data'
        privileged: true
        per_replica: true
`;
const INITIAL_SYNC = `services:
  web:
    image: app
    mem_limit: 512m
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app/src
          initial_sync: true
`;

describe('attributes compose-go v2.13.0 knows', () => {
  it.each([
    ['pre_start hooks', PRE_START],
    ['develop.watch[].initial_sync', INITIAL_SYNC],
  ])('%s are accepted and change no figure', (_what, compose) => {
    const web = service(readCompose({ 'compose.yml': compose }), 'web');
    expect(memory(web)).toEqual({ low: 512 * 1024 * 1024, high: 512 * 1024 * 1024 });
    const r = check(compose);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a hook still follows the schema: its keys are checked', () => {
    const e = inputError(() =>
      readCompose({
        'compose.yml':
          'services:\n  web:\n    image: app\n    pre_start:\n      - image: x\n        per_replica: 3\n        privilegd: true\n',
      }),
    );
    expect(e.problems.map((p) => [p.line, p.column, p.path, p.message])).toEqual([
      [
        7,
        9,
        '/services/web/pre_start/0/privilegd',
        'unknown key "privilegd"; did you mean "privileged"?',
      ],
      [
        6,
        22,
        '/services/web/pre_start/0/per_replica',
        'expected true or false or text, found a number',
      ],
    ]);
  });
});

describe('an unknown attribute', () => {
  it('exits with 2 and a located message with the key meant, never a stack trace', () => {
    const r = check(
      'services:\n  web:\n    image: app\n    develop:\n      watch:\n        - path: ./src\n          action: rebuild\n          initail_sync: true\n',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error: compose.yml:8:11: unknown key "initail_sync"; did you mean "initial_sync"? (at /services/web/develop/watch/0/initail_sync)\n',
    );
  });

  it.each([
    ['at the top level', 'volumse: {}\nservices:\n  web: { image: app }\n', 'volumes', '/volumse'],
    [
      'in a service',
      'services:\n  web: { image: app, pre_strat: [] }\n',
      'pre_start',
      '/services/web/pre_strat',
    ],
    [
      'in the long form of a build',
      'services:\n  web: { image: app, build: { contxt: . } }\n',
      'context',
      '/services/web/build/contxt',
    ],
    [
      'under deploy',
      'services:\n  web:\n    image: app\n    deploy: { resources: { limit: { memory: 1g } } }\n',
      'limits',
      '/services/web/deploy/resources/limit',
    ],
  ])('%s gets the name the schema knows there', (_where, compose, meant, path) => {
    const e = inputError(() => readCompose({ 'compose.yml': compose }));
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      [path, `unknown key ${JSON.stringify(path.split('/').pop())}; did you mean "${meant}"?`],
    ]);
  });

  it('is suggested by asking the validator, which leaves the document as it was', () => {
    const freeze = <T>(v: T): T => {
      if (v && typeof v === 'object') Object.values(v).forEach(freeze);
      return Object.freeze(v);
    };
    const doc = freeze({ services: { web: { image: 'app', deploy: { resourcs: {} } } } });
    expect(validateCompose(doc)).toBe(false);
    const [error] = validateCompose.errors!;
    const suggest = acceptedKeySuggester(validateCompose, doc, propertyNames);
    expect(suggest(error!, 'resourcs')).toBe('resources');
    expect(doc.services.web.deploy).toEqual({ resourcs: {} });
  });

  it('is given no suggestion where the close name belongs somewhere else', () => {
    // driver_opts is a key of volumes and networks, not of services.
    const e = inputError(() =>
      readCompose({ 'compose.yml': 'services:\n  web: { image: app, driver_opt: {} }\n' }),
    );
    expect(e.problems.map((p) => p.message)).toEqual(['unknown key "driver_opt"']);
  });

  it('is given no suggestion when nothing is close', () => {
    const e = inputError(() =>
      readCompose({ 'compose.yml': 'services:\n  web: { image: app, helicopters: 2 }\n' }),
    );
    expect(e.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 22, 'unknown key "helicopters"'],
    ]);
  });

  it('by the hundred: each located, the list capped, the work bounded', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `    imag${i}: x\n`).join('');
    const started = Date.now();
    const e = inputError(() =>
      readCompose({ 'compose.yml': `services:\n  web:\n    image: app\n${keys}` }),
    );
    expect(e.problems).toHaveLength(50);
    expect(e.omitted).toBe(250);
    expect(e.problems[0]).toMatchObject({ line: 4, column: 5, path: '/services/web/imag0' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

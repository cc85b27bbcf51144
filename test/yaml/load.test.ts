import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { loadYaml } from '../../src/yaml/load.js';

function problem(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems[0]!;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('loadYaml', () => {
  it('locates values and keys by JSON path', () => {
    const [doc] = loadYaml('hosts:\n  a:\n    memory: 1GB\n    cpus: [1, 2]\n', { file: 'm.yml' });
    expect(doc!.value).toEqual({ hosts: { a: { memory: '1GB', cpus: [1, 2] } } });
    expect(doc!.locate(['hosts', 'a', 'memory'])).toEqual({ line: 3, column: 13 });
    expect(doc!.locate(['hosts', 'a', 'memory'], true)).toEqual({ line: 3, column: 5 });
    expect(doc!.locate(['hosts', 'a', 'cpus', 1])).toEqual({ line: 4, column: 15 });
    // A path that is not there falls back to the nearest ancestor written in the file.
    expect(doc!.locate(['hosts', 'a', 'disk'])).toEqual({ line: 3, column: 5 });
  });

  it('applies << merge keys and locates merged values at their anchor', () => {
    const text = 'base: &b\n  memory: 1GB\nsvc:\n  <<: *b\n  cpus: 1\n';
    const [doc] = loadYaml(text, { file: 'm.yml' });
    expect(doc!.value).toEqual({ base: { memory: '1GB' }, svc: { memory: '1GB', cpus: 1 } });
    expect(doc!.locate(['svc', 'memory'])).toEqual({ line: 2, column: 11 });
    expect(doc!.locate(['svc', 'cpus'])).toEqual({ line: 5, column: 9 });
  });

  it('merges a list of aliases', () => {
    const text = 'a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n';
    const [doc] = loadYaml(text, { file: 'm.yml' });
    expect((doc!.value as Record<string, unknown>).c).toEqual({ x: 1, y: 2 });
    expect(doc!.locate(['c', 'y'])).toEqual({ line: 2, column: 11 });
  });

  it('keeps a quoted "<<" as an ordinary key', () => {
    const [doc] = loadYaml('a: &a {x: 1}\nb:\n  "<<": *a\n', { file: 'm.yml' });
    expect((doc!.value as Record<string, unknown>).b).toEqual({ '<<': { x: 1 } });
  });

  it('counts lines through CRLF and a BOM', () => {
    const [doc] = loadYaml('\ufeffa: 1\r\nb: 2\r\n', { file: 'm.yml' });
    expect(doc!.value).toEqual({ a: 1, b: 2 });
    expect(doc!.locate(['b'])).toEqual({ line: 2, column: 4 });
  });

  it('returns every document of a multi-document file', () => {
    expect(loadYaml('a: 1\n---\nb: 2\n', { file: 'm.yml' }).map((d) => d.value)).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
  });

  it('rejects duplicate keys with the position of the second', () => {
    const p = problem(() => loadYaml('a: 1\nb: 2\na: 3\n', { file: 'm.yml' }));
    expect(p).toMatchObject({ file: 'm.yml', line: 3, column: 1 });
    expect(p.message).toMatch(/duplicate/);
  });

  it('reports syntax errors with line and column and without quoting the file', () => {
    const p = problem(() => loadYaml('secret: hunter2\nlist: [1, 2\n', { file: 'm.yml' }));
    expect(p.file).toBe('m.yml');
    expect(p.line).toBeGreaterThan(0);
    expect(p.message).not.toContain('hunter2');
  });

  it('refuses unknown and language-specific tags', () => {
    const p = problem(() => loadYaml('a: !!js/function "x"\n', { file: 'm.yml' }));
    expect(p).toMatchObject({ line: 1, column: 4 });
    expect(p.message).toMatch(/unknown/);
  });

  it('refuses an alias that contains itself, which would never end', () => {
    const p = problem(() => loadYaml('a: &a [*a]\n', { file: 'm.yml' }));
    expect(p.message).toMatch(/contains it/);
    expect(p.line).toBe(1);
  });

  it('refuses an alias bomb before anything walks it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const p = problem(() => loadYaml(lines.join('\n') + '\n', { file: 'bomb.yml' }));
    expect(p.message).toMatch(/alias bomb/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const p = problem(() => loadYaml(`a: ${deep}\n`, { file: 'deep.yml' }));
    expect(p.file).toBe('deep.yml');
  });

  it('keeps __proto__ as a plain key and leaves Object.prototype alone', () => {
    const [doc] = loadYaml('__proto__: {polluted: 1}\nconstructor: {x: 1}\n', { file: 'm.yml' });
    expect(Object.keys(doc!.value as object)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('flow content indented less than its key, as docker compose reads it', () => {
  it('loads a flow sequence closed at its key’s column and locates its items', () => {
    const text = [
      'services:',
      '  web:',
      '    healthcheck:',
      '      test: [',
      '          "CMD-SHELL",',
      '          "true",',
      '      ]',
      '    mem_limit: 1g',
      '',
    ].join('\n');
    const [doc] = loadYaml(text, { file: 'compose.yml' });
    expect(doc!.value).toEqual({
      services: { web: { healthcheck: { test: ['CMD-SHELL', 'true'] }, mem_limit: '1g' } },
    });
    expect(doc!.locate(['services', 'web', 'healthcheck', 'test', 1])).toEqual({
      line: 6,
      column: 11,
    });
    expect(doc!.locate(['services', 'web', 'mem_limit'])).toEqual({ line: 8, column: 16 });
  });

  it('loads flow items and quoted continuation lines written left of their key', () => {
    const text = 'a:\n  b: [x,\ny, "long\ntext"]\n  c: {k: 1,\n\tm: 2}\nd: "one\ntwo"\n';
    const [doc] = loadYaml(text, { file: 'c.yml' });
    expect(doc!.value).toEqual({
      a: { b: ['x', 'y', 'long text'], c: { k: 1, m: 2 } },
      d: 'one two',
    });
    expect(doc!.locate(['a', 'b', 1])).toEqual({ line: 3, column: 1 });
    expect(doc!.locate(['a', 'c', 'm'])).toEqual({ line: 6, column: 5 });
    expect(doc!.locate(['a', 'c', 'm'], true)).toEqual({ line: 6, column: 2 });
    expect(doc!.locate(['d'])).toEqual({ line: 7, column: 4 });
  });

  it('accepts a tab between flow items on the key’s line', () => {
    const [doc] = loadYaml('a: [x,\ty]\n', { file: 'c.yml' });
    expect(doc!.value).toEqual({ a: ['x', 'y'] });
  });

  it('still refuses a document marker inside flow content, as go-yaml does', () => {
    const p = problem(() => loadYaml('a: [x,\n---\n]\n', { file: 'c.yml' }));
    expect(p).toMatchObject({ file: 'c.yml', line: 2 });
  });

  it('locates a later error in the file as written, past the re-indented lines', () => {
    const p = problem(() => loadYaml('a: [\nx,\n]\nb: 1\nb: 2\n', { file: 'c.yml' }));
    expect(p).toMatchObject({ line: 5, column: 1 });
    expect(p.message).toMatch(/duplicate/);
  });

  it('keeps the caps: an alias bomb in re-indented flow content is still refused', () => {
    const lines = ['a: &a [', '"x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [`, `${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const p = problem(() => loadYaml(lines.join('\n') + '\n', { file: 'bomb.yml' }));
    expect(p.message).toMatch(/alias bomb/);
  });

  it('gives up on a file with more such lines than its repair budget and says where', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `x${i},`).join('\n');
    const p = problem(() => loadYaml(`a: [\n${body}\n]\n`, { file: 'big.yml', maxDepth: 100 }));
    expect(p).toMatchObject({ file: 'big.yml' });
    expect(p.message).toMatch(/deficient indentation/);
    expect(p.line).toBeGreaterThan(1);
  });
});

describe('empty values', () => {
  it('are located at their key or their list, never at column 0', () => {
    const [doc] = loadYaml('a:\n  -\nb:\nc: 1\n', { file: 'm.yml' });
    expect(doc!.value).toEqual({ a: [null], b: null, c: 1 });
    expect(doc!.locate(['a', 0])).toEqual({ line: 2, column: 3 });
    expect(doc!.locate(['b'])).toEqual({ line: 3, column: 1 });
  });
});

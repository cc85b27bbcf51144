/** The fetch loop: the synchronous core fed by an asynchronous source, one file at a time. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetchLoop, TooManyFiles, type FetchedFile } from '../../../src/action/base/fetch-loop.js';
import { checkBase } from '../../../src/check/compare-check.js';
import { runCheck } from '../../../src/check/run-check.js';
import { InputError } from '../../../src/shared/errors.js';
import { memoryReader } from '../../../src/workspace/reader.js';
import { passingManifest } from '../../support/manifests.js';

const example = (name: string) =>
  readFileSync(new URL(`../../../examples/compose/${name}`, import.meta.url), 'utf8');

/** A source over a map of files, recording what was asked for. */
function source(files: Record<string, string | FetchedFile>) {
  const asked: string[] = [];
  const fetch = async (path: string): Promise<FetchedFile> => {
    asked.push(path);
    const f = files[path];
    if (f === undefined) return { kind: 'missing' };
    return typeof f === 'string' ? { kind: 'file', bytes: Buffer.from(f) } : f;
  };
  return { asked, fetch };
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
    throw e;
  }
  throw new Error('no problem');
}

describe('the fetch loop', () => {
  it('fetches the manifest, then each file it reaches, and ends with the report a full reader gives', async () => {
    const files = {
      'infra/capacity.yml': example('capacity.yml'),
      'infra/docker-compose.yml': example('docker-compose.yml'),
    };
    const src = source(files);
    const loop = fetchLoop('main (bbbbbbb)', src.fetch);
    const input = { manifest: 'infra/capacity.yml', env: {} };
    const report = await loop.settle((reader) => runCheck({ ...input, reader }));

    expect(src.asked[0]).toBe('infra/capacity.yml');
    expect(src.asked).toContain('infra/docker-compose.yml');
    expect(new Set(src.asked).size).toBe(src.asked.length);
    expect(loop.fetched).toBe(src.asked.length);
    expect(report).toEqual(runCheck({ ...input, reader: memoryReader(files) }));
  });

  it('fetches a file once for the whole run, however many manifests reach it', async () => {
    const files = {
      'a/capacity.yml': example('capacity.yml'),
      'a/docker-compose.yml': example('docker-compose.yml'),
      'b/capacity.yml': example('capacity.yml').replace(
        '- docker-compose.yml',
        '- ../a/docker-compose.yml',
      ),
    };
    const src = source(files);
    const loop = fetchLoop('base', src.fetch);
    for (const manifest of ['a/capacity.yml', 'b/capacity.yml'])
      await loop.settle((reader) => runCheck({ manifest, reader, env: {} }));
    expect(src.asked.filter((p) => p === 'a/docker-compose.yml')).toHaveLength(1);
    expect(src.asked).toContain('b/capacity.yml');
  });

  it('tells a manifest that is not at the base from one that is', async () => {
    const src = source({ 'other.yml': passingManifest() });
    const loop = fetchLoop('main (bbbbbbb)', src.fetch);
    const state = await loop.settle((reader) =>
      checkBase({ manifest: 'capacity.yml', reader, env: {} }, { ref: 'main', reader }),
    );
    expect(state).toEqual({ status: 'missing', ref: 'main' });
    expect(src.asked).toEqual(['capacity.yml']);
    expect(loop.reader.exists('capacity.yml')).toBe(false);
  });

  it('reads what was found with the rules of the other readers', async () => {
    const src = source({
      'missing.yml': { kind: 'missing' },
      dir: { kind: 'refused', reason: 'it is a directory at main, not a file' },
      'latin1.yml': { kind: 'file', bytes: Buffer.from([0x61, 0x0a, 0xff, 0x62]) },
      'ok.yml': 'hello',
    });
    const loop = fetchLoop('main (bbbbbbb)', src.fetch);
    await loop.settle((reader) => {
      for (const p of ['missing.yml', 'dir', 'latin1.yml', 'ok.yml']) reader.exists(p);
    });

    const from = { file: 'capacity.yml', line: 4, column: 5, path: '/compose/0' };
    expect(problemOf(() => loop.reader.read('missing.yml'))).toBe(
      'missing.yml: cannot read this file: the file does not exist at main (bbbbbbb)',
    );
    expect(problemOf(() => loop.reader.read('dir', from))).toBe(
      'capacity.yml: cannot read "dir": it is a directory at main, not a file',
    );
    expect(problemOf(() => loop.reader.read('latin1.yml'))).toMatch(
      /latin1\.yml: cannot read this file: it is not valid UTF-8 text \(line 2, byte 3\)/,
    );
    expect(loop.reader.read('./x/../ok.yml')).toBe('hello');
    expect(loop.reader.exists('ok.yml')).toBe(true);
    expect(loop.reader.exists('dir')).toBe(false);
  });

  it('refuses a path outside the workspace or into .git without fetching it', async () => {
    const src = source({});
    const loop = fetchLoop('base', src.fetch);
    await loop.settle((reader) => {
      expect(problemOf(() => reader.read('../secrets.yml'))).toContain(
        'the path leads outside the workspace',
      );
      expect(problemOf(() => reader.read('.git/config'))).toContain(
        'the path points into the .git folder',
      );
      expect(reader.exists('../secrets.yml')).toBe(false);
    });
    expect(src.asked).toEqual([]);
  });

  it('stops at the cap instead of fetching without end', async () => {
    const src = source({});
    const loop = fetchLoop('base', src.fetch, 3);
    const many = loop.settle((reader) => {
      for (let i = 0; i < 10; i++) reader.exists(`f${i}.yml`);
    });
    await expect(many).rejects.toBeInstanceOf(TooManyFiles);
    await expect(many).rejects.toThrow('more than 3 files');
    expect(src.asked).toEqual(['f0.yml', 'f1.yml', 'f2.yml']);
  });

  it('lets any other error through, and a failed fetch too', async () => {
    const loop = fetchLoop('base', async () => {
      throw new Error('the API is down');
    });
    await expect(
      loop.settle(() => {
        throw new RangeError('a bug');
      }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(loop.settle((reader) => reader.read('capacity.yml'))).rejects.toThrow(
      'the API is down',
    );
    expect(loop.fetched).toBe(0);
  });
});

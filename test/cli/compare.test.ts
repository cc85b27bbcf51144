import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { seedText } from '../support/model.js';

let dir: string;
let out = '';
let err = '';

function run(...argv: string[]): number {
  out = '';
  err = '';
  return main(argv, { cwd: dir, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t) });
}

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
}

const seed = seedText();
const grown = seed.replace(
  'standard: 600MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
  'standard: 900MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-git-'));
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'capacity.yml'), seed);
  git('add', '.');
  git('commit', '-qm', 'base');
});

describe('headroom check --base', () => {
  it('compares the work tree with a git ref, and fails a regression', () => {
    writeFileSync(join(dir, 'capacity.yml'), grown);
    expect(run('check', '--base', 'main', '--fail-on', 'regression', '--format', 'json')).toBe(1);
    const report = JSON.parse(out);
    expect(report.base.status).toBe('ok');
    expect(report.base.ref).toMatch(/^main \([0-9a-f]{7}\)$/);
    expect(report.changes.regressions).toEqual([
      '"standard" already failed and loses more headroom (memory on "tencent-lh")',
    ]);
  });

  it('passes fail-on regression when the change leaves the failing scenario as it was', () => {
    writeFileSync(
      join(dir, 'capacity.yml'),
      seed.replace('# The first user', '# Reworded: the first user'),
    );
    expect(run('check', '--base', 'main', '--fail-on', 'regression')).toBe(0);
    expect(out).toMatch(
      /changes since main \([0-9a-f]{7}\):\n {2}No change in headroom or verdicts\.\n {2}No required scenario got worse\./,
    );
  });

  it('reads the base from the commit, not from the work tree', () => {
    git('mv', 'capacity.yml', 'moved.yml');
    writeFileSync(join(dir, 'capacity.yml'), grown);
    run('check', '--base', 'HEAD', '--format', 'json');
    expect(JSON.parse(out).base.status).toBe('ok');
  });

  it('shows a base without the manifest as missing', () => {
    writeFileSync(join(dir, 'other.yml'), seed);
    expect(
      run('check', 'other.yml', '--base', 'main', '--format', 'json', '--fail-on', 'never'),
    ).toBe(0);
    expect(JSON.parse(out).base).toEqual({
      status: 'missing',
      ref: expect.stringMatching(/^main/),
    });
  });

  it('exits 2 for a ref that is not there, or that looks like an option', () => {
    expect(run('check', '--base', 'no-such-branch')).toBe(2);
    expect(err).toMatch(/the git ref "no-such-branch" is not in this repository/);
    expect(run('check', '--base=--output=x')).toBe(2);
    expect(err).toMatch(/is not a git ref/);
  });
});

describe('headroom diff', () => {
  it('compares two manifest files', () => {
    writeFileSync(join(dir, 'after.yml'), grown);
    expect(
      run('diff', 'capacity.yml', 'after.yml', '--format', 'markdown', '--fail-on', 'never'),
    ).toBe(0);
    expect(out).toContain('Compared with `capacity.yml`:');
    expect(out).toContain(
      '- memory on `tencent-lh`, `standard`: -350 MB (-9.7%) → -650 MB (-18.1%), -300 MB',
    );
  });

  it('needs exactly two manifests', () => {
    expect(run('diff', 'capacity.yml')).toBe(2);
    expect(err).toMatch(/diff takes two manifests/);
  });
});

import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { seedText } from '../support/model.js';

let dir: string;
let out: string;
let err: string;

function run(...argv: string[]): number {
  out = '';
  err = '';
  return main(argv, { cwd: dir, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t) });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-cli-'));
  writeFileSync(join(dir, 'capacity.yml'), seedText());
});

describe('headroom check', () => {
  it('prints the text report and exits 1 when a required scenario fails', () => {
    expect(run('check')).toBe(1);
    expect(out).toMatch(/^headroom: FAIL {2}capacity\.yml/);
    expect(out).toMatch(/FAIL {2}scenario standard/);
    expect(err).toBe('');
  });

  it('exits 0 with --fail-on never, and 1 on a warning with --fail-on warn', () => {
    expect(run('check', '--fail-on', 'never')).toBe(0);
    expect(run('check', '--scenario', 'minimal')).toBe(0);
    expect(run('check', '--scenario', 'minimal', '--fail-on', 'warn')).toBe(1);
  });

  it('prints JSON and Markdown', () => {
    run('check', '--format', 'json');
    expect(JSON.parse(out)).toMatchObject({
      version: 2,
      verdict: 'fail',
      manifest: 'capacity.yml',
    });
    run('check', '--format', 'markdown');
    expect(out).toMatch(/^## ❌ headroom: fail/);
  });

  it('judges a scenario named with --scenario by its own verdict, even an optional one', () => {
    // ideal is optional and fails: asked for by name, its failure is the answer.
    expect(run('check', '--scenario', 'ideal')).toBe(1);
    expect(out).toMatch(/^headroom: FAIL/);
    expect(out).toMatch(/FAIL {2}scenario ideal \(tier ideal, optional\)/);
    expect(out).toMatch(/verdict: FAIL\n$/);
    run('check', '--scenario', 'ideal', '--format', 'json');
    expect(JSON.parse(out)).toMatchObject({ verdict: 'fail', minHeadroomPct: -25 });
    // Without --scenario, optional scenarios never fail the check: minimal warns, standard fails.
    run('check', '--format', 'json', '--fail-on', 'never');
    expect(JSON.parse(out).minHeadroomPct).toBe(-9.72);
  });

  it('filters scenarios by name, repeated or comma-separated', () => {
    run('check', '--format', 'json', '--scenario', 'minimal,ideal', '--scenario', 'aliyun');
    expect(JSON.parse(out).scenarios.map((s: { name: string }) => s.name)).toEqual([
      'minimal',
      'ideal',
      'aliyun',
    ]);
  });

  it('writes the JSON report to --output as well', () => {
    run('check', '--output', 'report.json');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).verdict).toBe('fail');
  });

  it('exits 2 with a located message on invalid input, and no stack trace', () => {
    writeFileSync(join(dir, 'bad.yml'), 'version: 1\nhosts:\n  h: { memroy: 1GB }\n');
    expect(run('check', 'bad.yml')).toBe(2);
    expect(err).toBe(
      'error: bad.yml:3:8: unknown key "memroy"; did you mean "memory"? (at /hosts/h/memroy)\n',
    );
  });

  it('exits 2 on usage errors and says what is wrong', () => {
    expect(run('check', '--format', 'yaml')).toBe(2);
    expect(err).toMatch(/--format must be one of text, markdown, json; got "yaml"/);
    expect(run('frobnicate')).toBe(2);
    expect(run('check', '--nope')).toBe(2);
    expect(err).toMatch(/Unknown option '--nope'/);
    expect(run('check', '--scenario', 'nope')).toBe(2);
    expect(err).toMatch(
      /no scenario named "nope" in capacity.yml; it has "minimal", "standard", "ideal", "aliyun"/,
    );
  });

  it('exits 2 for a missing manifest, a directory, and a symlink out of the directory', () => {
    expect(run('check', 'missing.yml')).toBe(2);
    expect(err).toMatch(/missing\.yml: cannot read this file: the file does not exist/);
    mkdirSync(join(dir, 'adir'));
    expect(run('check', 'adir')).toBe(2);
    expect(err).toMatch(/is a directory/);
    const outside = mkdtempSync(join(tmpdir(), 'headroom-outside-'));
    writeFileSync(join(outside, 'secret.yml'), 'version: 1\nhosts: {h: {memory: 1GB}}\n');
    symlinkSync(join(outside, 'secret.yml'), join(dir, 'link.yml'));
    expect(run('check', 'link.yml')).toBe(2);
    expect(err).toMatch(/symbolic link that leads outside the workspace/);
  });

  it('prints help and the version', () => {
    expect(run('--help')).toBe(0);
    expect(out).toMatch(/Usage: headroom check/);
    expect(run('--version')).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

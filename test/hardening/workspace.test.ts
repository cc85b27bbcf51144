/**
 * The command line and the files around it: which folder a manifest may reach into, how a
 * base is read from git, where the report is written, and what is said when a path cannot
 * be used. Every case runs the CLI's entry point on real files and real git repositories.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { git } from '../support/git-repo.js';

const MANIFEST = 'version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2 }\ncompose: [deploy/c.yml]\n';
const COMPOSE = 'services:\n  api: { image: x, mem_limit: 1g, cpus: 1 }\n';

interface Run {
  status: number;
  out: string;
  err: string;
}

function run(cwd: string, ...argv: string[]): Run {
  let out = '';
  let err = '';
  const status = main(argv, {
    cwd,
    env: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { status, out, err };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-workspace-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function repository(files: Record<string, string>): string {
  const dir = tree(files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

describe('the folder a manifest may reach into', () => {
  it('is the repository the manifest is in, wherever the user stands', () => {
    const repo = repository({ 'capacity.yml': MANIFEST, 'deploy/c.yml': COMPOSE });
    const r = run(join(repo, 'deploy'), 'check', '../capacity.yml', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.manifest).toBe('capacity.yml');
    expect(report.scenarios[0].hosts[0].resources.memory.demand.worst).toBe(2 ** 30);
  });

  it('is the repository even when the manifest is in a subfolder of it', () => {
    const repo = repository({
      'ops/capacity.yml':
        'version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2 }\ncompose: [../deploy/c.yml]\n',
      'deploy/c.yml': COMPOSE,
    });
    const r = run(join(repo, 'deploy'), 'check', '../ops/capacity.yml');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^headroom: PASS {2}ops\/capacity\.yml/);
  });

  it('is the manifest folder outside a repository, and nothing above it is read', () => {
    const dir = tree({
      'team/capacity.yml': 'version: 1\nhosts:\n  h: { memory: 4GB }\ncompose: [../c.yml]\n',
      'c.yml': COMPOSE,
    });
    const r = run(join(dir, 'team'), 'check');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(
      /^error: capacity\.yml:4:\d+: the compose file "\.\.\/c\.yml" is not usable: the path leads outside the workspace/,
    );
    // Standing above it changes nothing: the manifest is still confined to its own folder.
    expect(run(dir, 'check', 'team/capacity.yml').err).toMatch(/leads outside the workspace/);
  });

  it('keeps a manifest from reaching out of its repository', () => {
    const outer = tree({ 'secret.yml': 'services:\n  hunter2: { image: x }\n' });
    const repo = join(outer, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'capacity.yml'), MANIFEST.replace('deploy/c.yml', '../secret.yml'));
    git(repo, 'init', '-q');
    const r = run(outer, 'check', 'repo/capacity.yml');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/leads outside the workspace/);
    expect(r.out + r.err).not.toContain('hunter2');
  });

  it('names a folder given as the manifest, never as an empty path', () => {
    const dir = tree({ 'capacity.yml': MANIFEST });
    for (const path of ['.', './', 'deploy/..']) {
      const r = run(dir, 'check', path);
      expect(r.status).toBe(2);
      expect(r.err).toMatch(
        /^error: [^:\s]+: cannot read this file: it is a directory, not a file/,
      );
      expect(r.err).not.toMatch(/error: :|""/);
    }
    expect(run(dir, 'check', '').err).toMatch(/^error: a manifest path is empty/);
  });

  it('names the top folder in words when a manifest names it as a compose file', () => {
    const dir = tree({ 'capacity.yml': MANIFEST.replace('[deploy/c.yml]', '[".", "deploy/.."]') });
    const r = run(dir, 'check');
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: capacity.yml:4:11: cannot read the top folder of the workspace: it is a directory, not a file, nor a folder holding compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml (at /compose/0)\n' +
        'error: capacity.yml:4:16: cannot read the top folder of the workspace: it is a directory, not a file, nor a folder holding compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml (at /compose/1)\n',
    );
  });
});

describe('symbolic links', () => {
  it('tells a chain longer than the system follows from a loop', () => {
    const dir = tree({ 'l0.yml': MANIFEST.replace('compose: [deploy/c.yml]\n', '') });
    for (let i = 1; i <= 45; i++) symlinkSync(`l${i - 1}.yml`, join(dir, `l${i}.yml`));
    symlinkSync('b.yml', join(dir, 'a.yml'));
    symlinkSync('a.yml', join(dir, 'b.yml'));
    const chain = run(dir, 'check', 'l45.yml');
    expect(chain.status).toBe(2);
    expect(chain.err).toBe(
      'error: l45.yml: cannot read this file: it goes through 45 symbolic links, more than the 40 that are followed\n',
    );
    expect(run(dir, 'check', 'l40.yml').status).toBe(0);
    const loop = run(dir, 'check', 'a.yml');
    expect(loop.err).toBe('error: a.yml: cannot read this file: its symbolic links form a loop\n');
  });

  it('tells a loop from a chain at a git base too', () => {
    const repo = repository({ 'capacity.yml': MANIFEST, 'deploy/c.yml': COMPOSE });
    symlinkSync('y.yml', join(repo, 'deploy/x.yml'));
    symlinkSync('x.yml', join(repo, 'deploy/y.yml'));
    writeFileSync(join(repo, 'capacity.yml'), MANIFEST.replace('deploy/c.yml', 'deploy/x.yml'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'loop');
    const r = run(repo, 'check', '--base', 'HEAD', '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/cannot read "deploy\/x\.yml": its symbolic links form a loop/);
  });
});

describe('--base', () => {
  it('reads a compose path that looks like git pathspec magic as a plain path', () => {
    const repo = repository({
      'capacity.yml': MANIFEST.replace('[deploy/c.yml]', '[":(top)c.yml"]'),
      'c.yml': COMPOSE,
    });
    // At the base, ":(top)c.yml" does not exist, although git would read the pattern as c.yml.
    writeFileSync(join(repo, ':(top)c.yml'), COMPOSE.replace('1g', '2g'));
    const r = run(repo, 'check', '--base', 'HEAD', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.changes.base).toMatchObject({ status: 'invalid' });
    expect(JSON.stringify(report.changes.base)).toContain(
      'cannot read \\":(top)c.yml\\": the file does not exist at HEAD',
    );
  });

  it('reads a file whose name is pathspec magic at the base', () => {
    const repo = repository({
      'capacity.yml': MANIFEST.replace('[deploy/c.yml]', '[":(glob)*.yml"]'),
      ':(glob)*.yml': COMPOSE,
    });
    const r = run(repo, 'check', '--base', 'HEAD', '--format', 'json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).changes.base.status).toBe('ok');
  });

  it('is refused for a manifest outside any repository, saying so', () => {
    const dir = tree({ 'capacity.yml': MANIFEST, 'deploy/c.yml': COMPOSE });
    const r = run(dir, 'check', '--base', 'main');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(
      /^error: --base reads the manifest from git, but "capacity\.yml" is not in a git repository/,
    );
  });
});

describe('--output', () => {
  it('writes the JSON report relative to where the user stands', () => {
    const repo = repository({ 'capacity.yml': MANIFEST, 'deploy/c.yml': COMPOSE });
    const r = run(join(repo, 'deploy'), 'check', '../capacity.yml', '--output', 'report.json');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'deploy', 'report.json'), 'utf8')).verdict).toBe(
      'pass',
    );
  });

  it('is bad input, located and without the absolute path, when it cannot be written', () => {
    const dir = tree({ 'capacity.yml': MANIFEST, 'deploy/c.yml': COMPOSE });
    const cases: Array<[string, string]> = [
      ['missing/report.json', 'the folder it should go in does not exist'],
      ['deploy', 'it is a folder'],
      ['capacity.yml/report.json', 'a part of the path is a file, not a folder'],
    ];
    for (const [output, reason] of cases) {
      const r = run(dir, 'check', '--output', output);
      expect(r.status).toBe(2);
      expect(r.err).toBe(`error: ${output}: cannot write the report here: ${reason}\n`);
      expect(r.out).toBe('');
      expect(r.err).not.toContain(dir);
    }
    expect(run(dir, 'check', '--output', '').err).toMatch(/^error: --output needs a file name/);
  });
});

/**
 * Hostile and broken input, each case with the answer a user gets: an exit status and a
 * message that says where and why, never a stack trace, a hang or a file's contents.
 * Every case runs the CLI's entry point against real files in a fresh directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

type FileSpec = string | Buffer | { symlink: string } | { fifo: true } | { dir: true };

interface Case {
  name: string;
  files: Record<string, FileSpec>;
  args?: string[];
  exit: number;
  stderr?: RegExp;
  stdout?: RegExp;
  /** Text that must not appear anywhere in the output (a secret in the refused file). */
  secret?: string;
}

const HOSTS = 'version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2 }\n';
const SECRET = 'hunter2-SECRET-TOKEN';

const bomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

const CASES: Case[] = [
  // YAML
  {
    name: 'a billion-laughs alias bomb',
    files: { 'capacity.yml': bomb },
    exit: 2,
    stderr: /alias bomb/,
  },
  {
    name: 'an alias that contains itself',
    files: { 'capacity.yml': `${HOSTS}services: &s { a: *s }\n` },
    exit: 2,
    stderr: /capacity\.yml:4:\d+: .*contains it/,
  },
  {
    name: 'nesting thousands deep',
    files: { 'capacity.yml': `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n` },
    exit: 2,
    stderr: /capacity\.yml:1:\d+: YAML: /,
  },
  {
    name: 'a duplicate key',
    files: { 'capacity.yml': `${HOSTS}hosts: {}\n` },
    exit: 2,
    stderr: /capacity\.yml:4:1: YAML: duplicated mapping key/,
  },
  {
    name: 'a language-specific tag',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: !!js/function "function () {}"\n` },
    exit: 2,
    stderr: /capacity\.yml:5:6: YAML: unknown scalar tag/,
  },
  {
    name: 'a multi-document manifest',
    files: { 'capacity.yml': `${HOSTS}---\n${HOSTS}` },
    exit: 2,
    stderr: /2 YAML documents/,
  },
  {
    name: 'an empty file',
    files: { 'capacity.yml': '' },
    exit: 2,
    stderr: /capacity\.yml:1:1: the manifest is empty/,
  },
  {
    name: 'a comment-only file',
    files: { 'capacity.yml': '# nothing yet\n' },
    exit: 2,
    stderr: /the manifest is empty/,
  },
  {
    name: 'a byte-order mark',
    files: { 'capacity.yml': `\ufeff${HOSTS}services:\n  a: { memory: 1GB, cpus: 1 }\n` },
    exit: 0,
    stdout: /PASS {2}scenario default/,
  },
  {
    name: 'NUL bytes',
    files: { 'capacity.yml': `${HOSTS}services:\n  a\u0000: { memory: 1GB }\n` },
    exit: 2,
    stderr: /capacity\.yml:5:\d+: YAML: /,
  },
  {
    name: 'invalid UTF-8',
    files: {
      'capacity.yml': Buffer.concat([
        Buffer.from(`${HOSTS}# `),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`\n# ${SECRET}\n`),
      ]),
    },
    exit: 2,
    stderr: /not valid UTF-8 text \(line 4, byte 51\)/,
    secret: SECRET,
  },
  {
    name: 'CRLF line ends',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: { memroy: 1GB }\n`.replace(/\n/g, '\r\n') },
    exit: 2,
    stderr: /capacity\.yml:5:8: unknown key "memroy"/,
  },
  {
    name: 'a tab in the indentation',
    files: { 'capacity.yml': `${HOSTS}services:\n\ta: { memory: 1GB }\n` },
    exit: 2,
    stderr: /capacity\.yml:5:1: YAML: /,
  },
  {
    name: '__proto__ and constructor as names',
    files: {
      'capacity.yml': `version: 1\nhosts:\n  __proto__: { memory: 4GB }\nservices:\n  constructor: { memory: 1GB }\n`,
    },
    exit: 0,
    stdout: /__proto__ {2}memory/,
  },
  {
    name: '1.10 where a size is expected',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: { memory: 1.10 }\n` },
    exit: 2,
    stderr: /capacity\.yml:5:16: expected a whole number or text, found a number/,
  },
  {
    name: '0777, a plain number of bytes',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: { memory: 0777, cpus: 1 }\n` },
    exit: 0,
    stdout: /warn {2}capacity\.yml:5:16: this size is 777 bytes; a plain number counts bytes/,
  },
  {
    name: 'NO where true or false is expected',
    files: { 'capacity.yml': `${HOSTS}scenarios:\n  s: { host: h, required: NO }\n` },
    exit: 2,
    stderr: /capacity\.yml:5:27: expected true or false, found text/,
  },
  {
    name: '1e400',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: { memory: 1e400 }\n` },
    exit: 2,
    stderr: /"1e400" is not a size/,
  },
  {
    name: 'a huge integer',
    files: {
      'capacity.yml': `${HOSTS}services:\n  a: { memory: 123456789012345678901234567890 }\n`,
    },
    exit: 2,
    stderr: /capacity\.yml:5:16: this number is too large to count exactly/,
  },
  {
    name: 'a huge size with a unit',
    files: { 'capacity.yml': `${HOSTS}services:\n  a: { memory: 99999999999999999999TB }\n` },
    exit: 2,
    stderr: /too large to count exactly/,
  },
  // Files
  {
    name: 'a missing manifest',
    files: {},
    exit: 2,
    stderr: /capacity\.yml: cannot read this file: the file does not exist/,
  },
  {
    name: 'a directory',
    files: { 'capacity.yml': { dir: true } },
    exit: 2,
    stderr: /it is a directory, not a file/,
  },
  {
    name: 'a FIFO, which must not hang',
    files: { 'capacity.yml': { fifo: true } },
    exit: 2,
    stderr: /not a regular file/,
  },
  {
    name: 'a symbolic link out of the workspace',
    files: { 'capacity.yml': { symlink: '/etc/hostname' } },
    exit: 2,
    stderr: /symbolic link that leads outside the workspace/,
  },
  {
    name: 'a path into .git',
    files: { '.git/config': `[core]\n${SECRET}\n` },
    args: ['check', '.git/config'],
    exit: 2,
    stderr: /\.git/,
    secret: SECRET,
  },
  {
    name: 'a compose file outside the repository the manifest is in',
    files: {
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/deploy/capacity.yml': `${HOSTS}compose: [../../secret.yml]\n`,
      'secret.yml': `services:\n  ${SECRET}: { image: x }\n`,
    },
    args: ['check', 'repo/deploy/capacity.yml'],
    exit: 2,
    stderr: /deploy\/capacity\.yml:4:\d+: .*leads outside the workspace/,
    secret: SECRET,
  },
  {
    name: 'a compose file named by an absolute path',
    files: { 'capacity.yml': `${HOSTS}compose: [/etc/hostname]\n` },
    exit: 2,
    stderr: /capacity\.yml:4:\d+: .*the path is absolute/,
  },
  {
    name: 'a file over the size cap',
    files: { 'capacity.yml': `${HOSTS}# ${'x'.repeat(6 * 1024 * 1024)}\n` },
    exit: 2,
    stderr: /over the 5,242,880-byte limit/,
  },
  {
    name: 'a syntax error next to a secret',
    files: { 'capacity.yml': `password: ${SECRET}\nhosts: [\n` },
    exit: 2,
    stderr: /capacity\.yml:\d+:\d+: YAML: /,
    secret: SECRET,
  },
  // Schema
  {
    name: 'thousands of invalid entries',
    files: {
      'capacity.yml': `${HOSTS}services:\n${Array.from({ length: 3000 }, (_, i) => `  s${i}: { memory: lots, colour: red }`).join('\n')}\n`,
    },
    exit: 2,
    stderr: /\(at \/services\/s0\/colour\)[\s\S]*\.\.\. and 2950 more problem/,
  },
  {
    name: 'a very long name',
    files: { 'capacity.yml': `${HOSTS}services:\n  ${'a'.repeat(200_000)}: { memory: 1GB }\n` },
    exit: 2,
    stderr: /is longer than 100 characters/,
  },
];

function materialise(dir: string, files: Record<string, FileSpec>): void {
  for (const [path, spec] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    if (typeof spec === 'string' || Buffer.isBuffer(spec)) writeFileSync(full, spec);
    else if ('symlink' in spec) symlinkSync(spec.symlink, full);
    else if ('fifo' in spec) execFileSync('mkfifo', [full]);
    else mkdirSync(full, { recursive: true });
  }
}

describe('hostile and broken input', () => {
  it.each(CASES)('$name', (c) => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-corpus-'));
    materialise(dir, c.files);
    let out = '';
    let err = '';
    const started = Date.now();
    const status = main(c.args ?? ['check'], {
      cwd: dir,
      env: {},
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    expect({ status, err: err.slice(0, 2000) }).toMatchObject({ status: c.exit });
    if (c.stderr) expect(err).toMatch(c.stderr);
    if (c.stdout) expect(out).toMatch(c.stdout);
    if (c.secret) expect(out + err).not.toContain(c.secret);
    expect(err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/); // no stack trace
    expect(err.length).toBeLessThan(20_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

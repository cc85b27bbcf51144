// A case onto disk, and off it again: files, folders, symbolic links, FIFOs, and a git
// repository with a base commit when the case compares with one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';

function git(cwd, ...args) {
  execFileSync(
    'git',
    [
      '-c',
      'user.name=headroom fuzz',
      '-c',
      'user.email=fuzz@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, stdio: 'ignore' },
  );
}

function write(root, files) {
  for (const [path, spec] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof spec === 'string' ? spec : Buffer.from(spec.base64, 'base64'));
  }
}

/** Writes `c` under a new folder in `parent`; returns the folder. */
export function materialize(c, parent) {
  const root = mkdtempSync(join(parent, 'case-'));
  mkdirSync(join(root, 'ws'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  if (c.git) {
    write(root, c.git.base);
    git(join(root, 'ws'), 'init', '-q');
    git(join(root, 'ws'), 'add', '-A');
    git(join(root, 'ws'), 'commit', '-q', '--allow-empty', '-m', 'base');
    // The head is the work tree: files the case removes are gone from it.
    for (const path of Object.keys(c.git.base))
      if (!(path in c.files)) rmSync(join(root, path), { force: true });
  }
  write(root, c.files);
  for (const s of c.special) {
    const full = join(root, s.path);
    mkdirSync(dirname(full), { recursive: true });
    rmSync(full, { force: true, recursive: true });
    if (s.kind === 'dir') mkdirSync(full, { recursive: true });
    else if (s.kind === 'symlink') symlinkSync(s.target, full);
    else if (s.kind === 'fifo') execFileSync('mkfifo', [full]);
  }
  return root;
}

export function cleanUp(root) {
  rmSync(root, { recursive: true, force: true });
}

/** The command line with the case's folder filled in. */
export function resolveArgv(c, root) {
  return c.argv.map((a) => a.replaceAll('{CASE}', root));
}

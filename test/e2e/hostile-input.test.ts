/**
 * Hostile input through the bundled action, the action's side of the corpus the CLI runs in
 * test/hardening: manifest paths that try to leave the workspace or read what is not a
 * manifest, file names and names in files that try to break the comment, the summary or
 * the runner's command protocol. Each is refused (exit 2) or shown harmlessly, the path or
 * name is shown escaped, and a refused file's contents are never printed, anywhere.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { REPO, makeWorkspace, type ActionResult } from '../support/action-run.js';
import { PR, usePullRequest } from '../support/pull-request.js';
import { COMPOSE_MANIFEST, passingManifest } from '../support/manifests.js';

const SECRET = 'hunter2-do-not-print-me';
const pr = usePullRequest({ baseCommit: true });
const { onPullRequest } = pr;

/** A file outside the workspace holding a secret, as /etc or a home folder would. */
function outsideSecret(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-outside-'));
  const path = join(dir, 'secret.yml');
  writeFileSync(path, `token: ${SECRET}\n`);
  return path;
}

const { everything } = pr;

const errors = (run: ActionResult) => run.annotations.filter((a) => a.name === 'error');

/** Refused as bad input: exit 2, said in an annotation, the summary and the outputs. */
function expectRefused(run: ActionResult, message: string, file?: string): void {
  expect(run.status).toBe(2);
  expect(run.stderr).toBe('');
  expect(run.outputs.verdict).toBe('invalid');
  const error = errors(run)[0];
  expect(error?.message).toBe(message);
  if (file !== undefined) expect(error?.properties.file).toBe(file);
  expect(run.summary).toContain('could not be checked');
  expect(everything(run)).not.toContain(SECRET);
}

describe('the manifest input', () => {
  it('an absolute path is refused before anything is read', async () => {
    const path = outsideSecret();
    const run = await onPullRequest(makeWorkspace({}), { inputs: { manifest: path } });

    expectRefused(
      run,
      `input "manifest": "${path}" is absolute; give paths relative to the repository root`,
    );
    // The input is the workflow's, not the pull request's: nothing to comment.
    expect(pr.api.requests).toHaveLength(0);
  });

  it('a path with .. is refused', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    writeFileSync(join(ws, '..', 'secret.yml'), `token: ${SECRET}\n`);
    const run = await onPullRequest(ws, { inputs: { manifest: 'infra/../../secret.yml' } });

    expectRefused(
      run,
      'input "manifest": "infra/../../secret.yml" leads outside the repository; manifests are read only inside it',
    );
  });

  it('.git/config is refused, and its contents are never read out', async () => {
    const ws = makeWorkspace({
      '.git/config': `[http]\n\textraheader = AUTHORIZATION: ${SECRET}\n`,
    });
    const run = await onPullRequest(ws, { inputs: { manifest: '.git/config' } });

    expectRefused(run, 'input "manifest": ".git/config" points into the .git folder');
  });

  it('a symbolic link out of the workspace is refused at the link, and the target is not printed', async () => {
    const ws = makeWorkspace({});
    symlinkSync(outsideSecret(), join(ws, 'capacity.yml'));
    const run = await onPullRequest(ws);

    expectRefused(
      run,
      'cannot read this file: it is a symbolic link that leads outside the workspace',
      'capacity.yml',
    );
    // The pull request changed the file: its comment says the input is bad.
    expect(pr.api.comments(REPO, PR)[0]!.body).toContain(
      '🛑 headroom: the input could not be checked',
    );
  });

  it('a symbolic link into .git is refused', async () => {
    const ws = makeWorkspace({ '.git/config': `[core]\n\tsecret = ${SECRET}\n` });
    symlinkSync(join(ws, '.git', 'config'), join(ws, 'capacity.yml'));
    const run = await onPullRequest(ws);

    expectRefused(run, 'cannot read this file: it resolves into the .git folder', 'capacity.yml');
  });

  it('a directory is refused', async () => {
    const ws = makeWorkspace({ 'infra/capacity.yml': passingManifest() });
    const run = await onPullRequest(ws, { inputs: { manifest: 'infra' } });

    expectRefused(run, 'cannot read this file: it is a directory, not a file', 'infra');
  });

  it('a FIFO is refused without waiting for a writer', async () => {
    const ws = makeWorkspace({});
    execFileSync('mkfifo', [join(ws, 'capacity.yml')]);
    const started = Date.now();
    const run = await onPullRequest(ws);

    expect(Date.now() - started).toBeLessThan(10_000);
    expectRefused(
      run,
      'cannot read this file: it is not a regular file (a FIFO, socket or device)',
      'capacity.yml',
    );
  });

  it('a file over the size cap is refused unread', async () => {
    const ws = makeWorkspace({});
    const big = `${passingManifest()}# ${SECRET}\n`.padEnd(5 * 1024 * 1024 + 1, '#');
    writeFileSync(join(ws, 'capacity.yml'), big);
    const run = await onPullRequest(ws);

    expectRefused(
      run,
      'cannot read this file: it is 5,242,881 bytes, over the 5,242,880-byte limit',
      'capacity.yml',
    );
  });

  it('compose files the manifest names outside the workspace are refused at the manifest line', async () => {
    const secret = outsideSecret();
    const ws = makeWorkspace({
      'capacity.yml': `version: 1
hosts:
  web-1: { cpus: 4, memory: 8GB, disk: 100GB }
compose:
  - ${secret}
  - deploy/compose.yml
  - "x\\n::set-output name=verdict::pass.yml"
scenarios:
  today:
    host: web-1
`,
    });
    mkdirSync(join(ws, 'deploy'));
    symlinkSync(secret, join(ws, 'deploy', 'compose.yml'));
    const run = await onPullRequest(ws);

    expect(run.status).toBe(2);
    expect(run.acting.every((c) => c.name === 'error')).toBe(true);
    expect(errors(run).map((e) => [e.properties.line, e.message])).toEqual([
      [
        '5',
        `the compose file "${secret}" is not usable: the path is absolute; write it relative to the file that names it (at /compose/0)`,
      ],
      [
        '6',
        'cannot read "deploy/compose.yml": it is a symbolic link that leads outside the workspace (at /compose/1)',
      ],
      [
        '7',
        'cannot read "x<U+000A>::set-output name=verdict::pass.yml": the file does not exist (at /compose/2)',
      ],
    ]);
    expect(everything(run)).not.toContain(SECRET);
  });
});

describe('a file name that tries to break out', () => {
  // Names a pull request can give a file: no slash, but newlines, percent signs, colons,
  // pipes, angle brackets, at signs and backticks.
  const NAME =
    'x\n::set-output name=verdict::pass %0A::error::pwned |<img src=x onerror=alert(1)>@org `b`.yml';

  it('is shown escaped in the annotation, the summary and the comment, and acts as nothing', async () => {
    const ws = makeWorkspace({ [`infra/${NAME}`]: 'version: 1\nhosts: [not, a, map]\n' });
    const run = await onPullRequest(ws, { inputs: { manifest: 'infra/*.yml' } });

    expect(run.status).toBe(2);
    expect(run.outputs.verdict).toBe('invalid');
    // One error, at the file (the runner decodes the property back to the real name).
    expect(run.acting.map((c) => c.name)).toEqual(['error']);
    expect(run.acting[0]!.properties.file).toBe(`infra/${NAME}`);
    // Every command is one line: the newline in the name did not start another.
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('::')))
      expect(line).toMatch(
        /^::(error|stop-commands|add-mask|debug|group|endgroup|[0-9a-f-]{36})[ :]/,
      );
    for (const markdown of [run.summary, pr.api.comments(REPO, PR)[0]!.body]) {
      const html = micromark(markdown, {
        allowDangerousHtml: true,
        extensions: [gfm()],
        htmlExtensions: [gfmHtml()],
      });
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(markdown).not.toContain('\n::set-output');
      expect(markdown).toContain('x<U+000A>::set-output');
    }
  });
});

/** A manifest whose names are what the schema lets through: anything but control characters. */
const STRANGE = {
  rtl: 'evil\u202Egnp.exe',
  zeroWidth: 'ad\u200Bmin',
  script: '<script>alert(1)</script>',
  percent: 'a%0A::warning::b',
};

describe('names the schema allows', () => {
  it('right-to-left and zero-width characters are shown, never passed on raw', async () => {
    const q = (s: string) => JSON.stringify(s);
    const ws = makeWorkspace({
      'capacity.yml': `version: 1
hosts:
  ${q(STRANGE.rtl)}: { cpus: 1, memory: 1GB, disk: 10GB }
services:
  ${q(STRANGE.zeroWidth)}: { memory: 900MB, cpus: 1 }
  ${q(STRANGE.script)}: { memory: 10MB }
  ${q(STRANGE.percent)}: { memory: 10MB }
scenarios:
  today:
    host: ${q(STRANGE.rtl)}
`,
    });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('warn');
    const comment = pr.api.comments(REPO, PR)[0]!.body;
    const annotations = run.annotations.map((a) => a.message).join('\n');
    for (const text of [comment, run.summary, run.stdout, annotations]) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
    }
    // Shown where the name is: the reader sees the trick.
    expect(annotations).toContain('evil<U+202E>gnp.exe');
    expect(comment).toContain('evil<U+202E>gnp.exe');
    expect(comment).toContain('ad<U+200B>min');
    // The percent sign stays a percent sign: the annotation did not end at "%0A".
    expect(run.acting.map((c) => c.name).every((n) => n === 'warning')).toBe(true);
    const html = micromark(comment, {
      allowDangerousHtml: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
    });
    expect(html).not.toContain('<script');
    expect(html).toContain('<code>a%0A::warning::b</code>');
  });

  it('a name with CR/LF is refused by the schema, its place and name shown escaped', async () => {
    const ws = makeWorkspace({
      'capacity.yml': `version: 1
hosts:
  "web\\r\\n::set-output name=verdict::pass": { cpus: 1, memory: 1GB }
scenarios:
  today:
    host: web
`,
    });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(2);
    expect(run.outputs.verdict).toBe('invalid');
    expect(run.acting.every((c) => c.name === 'error')).toBe(true);
    const error = errors(run)[0]!;
    expect(error.properties).toMatchObject({ file: 'capacity.yml', line: '3' });
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('<U+000D><U+000A>::set-output');
    const comment = pr.api.comments(REPO, PR)[0]!.body;
    for (const markdown of [comment, run.summary]) {
      expect(markdown).not.toMatch(/\r|\n::set-output/);
    }
  });
});

describe('compose service names', () => {
  it('are refused unless plain, the refused name shown escaped everywhere', async () => {
    const ws = makeWorkspace({
      'capacity.yml': COMPOSE_MANIFEST,
      'docker-compose.yml': `services:
  "<script>alert(1)</script>\\r\\n::set-output name=verdict::pass @org/team \`x\` \\u202E|":
    image: nginx
`,
    });
    const run = await onPullRequest(ws);

    expect(run.status).toBe(2);
    expect(run.outputs.verdict).toBe('invalid');
    expect(run.acting.every((c) => c.name === 'error')).toBe(true);
    const error = errors(run)[0]!;
    expect(error.properties).toMatchObject({ file: 'docker-compose.yml', line: '2' });
    expect(error.message).toContain('is not allowed');
    expect(error.message).not.toMatch(/[\r\n\u202E]/);
    const comment = pr.api.comments(REPO, PR)[0]!.body;
    for (const markdown of [comment, run.summary]) {
      const html = micromark(markdown, {
        allowDangerousHtml: true,
        extensions: [gfm()],
        htmlExtensions: [gfmHtml()],
      });
      expect(html).not.toContain('<script');
      expect(markdown).not.toMatch(/[\r\u202E]/);
      // The mention is broken (or in code), never live.
      const prose = html.replace(/<code[^>]*>.*?<\/code>/gs, '');
      expect(prose).not.toMatch(/@[A-Za-z0-9]/);
    }
  });
});

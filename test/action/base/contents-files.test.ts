/**
 * Reading the base through the contents API: GitHub's answers turned into files, refusals
 * and "not there", first against a port in memory, then through the real client and the
 * stand-in API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/action/github/api-error.js';
import { BaseUnavailable, contentsFetcher } from '../../../src/action/base/contents-files.js';
import type { FetchedFile } from '../../../src/action/base/fetch-loop.js';
import { connectGitHub, type RepoFiles } from '../../../src/action/github/client.js';
import { TOKEN, startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';

const SHA = 'b'.repeat(40);
const LABEL = 'main (bbbbbbb)';

const file = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'file',
  size: Buffer.byteLength(text),
  encoding: 'base64',
  content: Buffer.from(text).toString('base64'),
  sha: 'f'.repeat(40),
  ...extra,
});

/** A port answering from a map of path to GitHub's answer, recording every call. */
function port(answers: Record<string, unknown>, commitVisible = true) {
  const calls: string[] = [];
  const api: RepoFiles = {
    async contents(path, ref) {
      calls.push(`contents ${path}@${ref.slice(0, 1)}`);
      return Object.hasOwn(answers, path) ? answers[path] : null;
    },
    async blob(sha) {
      calls.push(`blob ${sha.slice(0, 1)}`);
      return Buffer.from('from the blob');
    },
    async hasCommit(sha) {
      calls.push(`commit ${sha.slice(0, 1)}`);
      return commitVisible;
    },
  };
  return { api, calls };
}

const text = (f: FetchedFile) => (f.kind === 'file' ? Buffer.from(f.bytes).toString() : f);

describe('the contents API reader', () => {
  it('decodes a file GitHub sends inline', async () => {
    const { api, calls } = port({ 'infra/capacity.yml': file('version: 1\n') });
    const got = await contentsFetcher(api, SHA, LABEL)('infra/capacity.yml');
    expect(text(got)).toBe('version: 1\n');
    expect(calls).toEqual(['contents infra/capacity.yml@b']);
  });

  it('fetches the blob of a file over 1 MB, which GitHub sends without content', async () => {
    const big = {
      ...file(''),
      size: 1_500_000,
      encoding: 'none',
      content: '',
      sha: 'e'.repeat(40),
    };
    const { api, calls } = port({ 'big.yml': big });
    expect(text(await contentsFetcher(api, SHA, LABEL)('big.yml'))).toBe('from the blob');
    expect(calls).toEqual(['contents big.yml@b', 'blob e']);
  });

  it('refuses a file over the size cap without downloading it', async () => {
    const big = { ...file(''), size: 6_000_000, encoding: 'none', content: '' };
    const { api, calls } = port({ 'big.yml': big });
    expect(await contentsFetcher(api, SHA, LABEL)('big.yml')).toEqual({
      kind: 'refused',
      reason: 'it is 6,000,000 bytes at main (bbbbbbb), over the 5,242,880-byte limit',
    });
    expect(calls).toEqual(['contents big.yml@b']);
    // A size GitHub understated is caught on the bytes.
    const small = port({ 'x.yml': file('0123456789', { size: 3 }) });
    expect(await contentsFetcher(small.api, SHA, LABEL, 5)('x.yml')).toMatchObject({
      kind: 'refused',
      reason: 'it is 10 bytes at main (bbbbbbb), over the 5-byte limit',
    });
  });

  it('refuses a directory and a submodule', async () => {
    const { api } = port({
      infra: [{ name: 'capacity.yml', type: 'file' }],
      vendor: { type: 'submodule', submodule_git_url: 'https://example.com/v.git' },
    });
    const fetch = contentsFetcher(api, SHA, LABEL);
    expect(await fetch('infra')).toEqual({
      kind: 'refused',
      reason: 'it is a directory at main (bbbbbbb), not a file',
    });
    expect(await fetch('vendor')).toEqual({
      kind: 'refused',
      reason: 'it is not a file at main (bbbbbbb)',
    });
  });

  it('follows a link GitHub leaves to us within the repository, and no further', async () => {
    const { api, calls } = port({
      'infra/current.yml': { type: 'symlink', target: '../shared/capacity.yml' },
      'shared/capacity.yml': file('version: 1\n'),
      'out.yml': { type: 'symlink', target: '../../etc/passwd' },
      'abs.yml': { type: 'symlink', target: '/etc/passwd' },
      'git.yml': { type: 'symlink', target: '.git/config' },
      'loop-a': { type: 'symlink', target: 'loop-b' },
      'loop-b': { type: 'symlink', target: 'loop-a' },
    });
    const fetch = contentsFetcher(api, SHA, LABEL);
    expect(text(await fetch('infra/current.yml'))).toBe('version: 1\n');
    expect(calls).toEqual(['contents infra/current.yml@b', 'contents shared/capacity.yml@b']);
    const outside = {
      kind: 'refused',
      reason: 'it is a symbolic link that leads outside the workspace',
    };
    expect(await fetch('out.yml')).toEqual(outside);
    expect(await fetch('abs.yml')).toEqual(outside);
    expect(await fetch('git.yml')).toEqual(outside);
    expect(await fetch('loop-a')).toEqual({
      kind: 'refused',
      reason: 'it is a chain of symbolic links too long to follow',
    });
  });

  it('takes a 404 as "not there" once the commit is known to be visible, asking only once', async () => {
    const { api, calls } = port({});
    const fetch = contentsFetcher(api, SHA, LABEL);
    expect(await fetch('capacity.yml')).toEqual({ kind: 'missing' });
    expect(await fetch('.env')).toEqual({ kind: 'missing' });
    expect(calls).toEqual(['contents capacity.yml@b', 'commit b', 'contents .env@b']);
  });

  it('does not ask about the commit when a file was already found at it', async () => {
    const { api, calls } = port({ 'capacity.yml': file('x') });
    const fetch = contentsFetcher(api, SHA, LABEL);
    await fetch('capacity.yml');
    expect(await fetch('.env')).toEqual({ kind: 'missing' });
    expect(calls).not.toContain('commit b');
  });

  it('makes the base unavailable when the token cannot see the commit', async () => {
    const { api } = port({}, false);
    await expect(contentsFetcher(api, SHA, LABEL)('capacity.yml')).rejects.toThrow(
      new BaseUnavailable('the token cannot see commit bbbbbbb of the repository through the API'),
    );
  });

  it('makes the base unavailable on an answer that is no file entry', async () => {
    const { api } = port({ 'a.yml': 'surprise', 'b.yml': { type: 'file', size: 3 } });
    const fetch = contentsFetcher(api, SHA, LABEL);
    await expect(fetch('a.yml')).rejects.toBeInstanceOf(BaseUnavailable);
    await expect(fetch('b.yml')).rejects.toThrow(`GitHub's answer for "b.yml" has no content`);
  });
});

describe('the contents API through the client and the stand-in API', () => {
  const REPO = 'acme/platform';
  let server: FakeGitHub;
  beforeEach(async () => {
    server = await startFakeGitHub();
  });
  afterEach(async () => {
    await server.close();
  });
  const files = async (token = TOKEN) =>
    (
      await connectGitHub({
        token,
        apiUrl: server.url,
        repository: REPO,
        retryBaseMs: 1,
        deadlineMs: 60_000,
        log: () => {},
      })
    ).files;

  it('reads names with spaces, #, ? and non-ASCII, and large files through their blob', async () => {
    const big = `# padding\n${'x'.repeat(1_200_000)}\n`;
    server.setCommit(REPO, SHA, {
      'infra/eu west/cap #1?.yml': 'version: 1\n',
      'infra/größe.yml': 'ü\n',
      'big.yml': big,
      'link.yml': { symlink: 'infra/größe.yml' },
    });
    const fetch = contentsFetcher(await files(), SHA, LABEL);
    expect(text(await fetch('infra/eu west/cap #1?.yml'))).toBe('version: 1\n');
    expect(text(await fetch('infra/größe.yml'))).toBe('ü\n');
    expect(text(await fetch('link.yml'))).toBe('ü\n');
    expect(text(await fetch('big.yml'))).toBe(big);
    expect(server.requests.map((r) => r.path)).toContain(
      `/repos/${REPO}/contents/infra/eu%20west/cap%20%231%3F.yml`,
    );
    expect(server.requests.filter((r) => r.path.includes('/git/blobs/'))).toHaveLength(1);
    expect(
      server.requests.every((r) => r.query.get('ref') === SHA || !r.path.includes('/contents/')),
    ).toBe(true);
  });

  it('tells a missing file from a commit it cannot find', async () => {
    server.setCommit(REPO, SHA, { 'infra/capacity.yml': 'version: 1\n' });
    const client = await files();
    expect(await client.hasCommit(SHA)).toBe(true);
    expect(await client.hasCommit('c'.repeat(40))).toBe(false);
    expect(await contentsFetcher(client, SHA, LABEL)('capacity.yml')).toEqual({ kind: 'missing' });
    expect(await contentsFetcher(client, SHA, LABEL)('infra')).toMatchObject({ kind: 'refused' });
    await expect(
      contentsFetcher(client, 'c'.repeat(40), 'c')('capacity.yml'),
    ).rejects.toBeInstanceOf(BaseUnavailable);
  });

  it('turns a refusal into an ApiError that names what was read', async () => {
    server.setCommit(REPO, SHA, { 'capacity.yml': 'version: 1\n' });
    const e = await contentsFetcher(
      await files('wrong'),
      SHA,
      LABEL,
    )('capacity.yml').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toBe(
      'reading "capacity.yml" at bbbbbbb failed: HTTP 401: Bad credentials',
    );
  });
});

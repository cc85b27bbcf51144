/**
 * Files of the pull request's base read through GitHub's contents API, for a checkout that
 * does not have the base commit (actions/checkout fetches one commit by default). The same
 * rules as on disk and in git apply: a file, not a directory or a submodule; symbolic links
 * followed only within the repository and only so far; the size cap; UTF-8 (checked when
 * the file is read). A 404 means the file is not there, once the commit itself is known to
 * be visible; a commit the token cannot see, or an API that fails, makes the base
 * unavailable rather than "missing".
 *
 * Written against a small port of the client (RepoFiles), so the decisions are tested
 * without HTTP.
 */
import { posix } from 'node:path';
import { MAX_FILE_BYTES } from '../../workspace/disk-reader.js';
import { normalize } from '../../workspace/paths.js';
import type { RepoFiles } from '../github/client.js';
import type { FetchedFile } from './fetch-loop.js';

/** The base cannot be read through the API at all. */
export class BaseUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BaseUnavailable';
  }
}

const MAX_LINKS = 8;

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

const bytesText = (n: number) => n.toLocaleString('en-US');

/**
 * A fetch function for fetchLoop: one normalised path at `commit` to what is there. `label`
 * names the commit in reasons, as the git reader names its ref.
 */
export function contentsFetcher(
  api: RepoFiles,
  commit: string,
  label: string,
  maxBytes = MAX_FILE_BYTES,
): (path: string) => Promise<FetchedFile> {
  let commitSeen = false;

  const absent = async (): Promise<FetchedFile> => {
    // GitHub answers 404 both for a path that is not in the commit and for a commit (or a
    // repository) the token cannot see; only the first is a base without the file.
    if (!commitSeen) {
      if (!(await api.hasCommit(commit)))
        throw new BaseUnavailable(
          `the token cannot see commit ${commit.slice(0, 7)} of the repository through the API`,
        );
      commitSeen = true;
    }
    return { kind: 'missing' };
  };

  const refused = (reason: string): FetchedFile => ({ kind: 'refused', reason });

  const fetchPath = async (path: string, depth: number): Promise<FetchedFile> => {
    const answer = await api.contents(path, commit);
    if (answer === null) return absent();
    commitSeen = true;
    if (Array.isArray(answer)) return refused(`it is a directory at ${label}, not a file`);
    const item = record(answer);
    if (!item) throw new BaseUnavailable(`GitHub's answer for "${path}" is not a file entry`);
    if (item.type === 'symlink') {
      // GitHub follows a link to a regular file itself; one it leaves to us points at
      // something else, which is followed here under the same rules as the git reader's.
      const target = item.target;
      if (typeof target !== 'string')
        throw new BaseUnavailable(`GitHub's answer for "${path}" is a link without a target`);
      if (depth >= MAX_LINKS) return refused('it is a chain of symbolic links too long to follow');
      const next = normalize(posix.join(posix.dirname(path), target));
      if (!next.ok || posix.isAbsolute(target))
        return refused('it is a symbolic link that leads outside the workspace');
      return fetchPath(next.path, depth + 1);
    }
    if (item.type !== 'file') return refused(`it is not a file at ${label}`);
    const size = typeof item.size === 'number' ? item.size : 0;
    if (size > maxBytes) {
      return refused(
        `it is ${bytesText(size)} bytes at ${label}, over the ${bytesText(maxBytes)}-byte limit`,
      );
    }
    let bytes: Uint8Array;
    if (item.encoding === 'base64' && typeof item.content === 'string') {
      bytes = Buffer.from(item.content, 'base64');
    } else if (typeof item.sha === 'string') {
      // Over 1 MB the answer has no content ("encoding": "none"); the blob has it.
      bytes = await api.blob(item.sha);
    } else {
      throw new BaseUnavailable(`GitHub's answer for "${path}" has no content`);
    }
    if (bytes.length > maxBytes) {
      return refused(
        `it is ${bytesText(bytes.length)} bytes at ${label}, over the ${bytesText(maxBytes)}-byte limit`,
      );
    }
    return { kind: 'file', bytes };
  };

  return (path) => fetchPath(path, 0);
}

/**
 * Where the pull request's base comes from. With git when the checkout has the base commit
 * (fetch-depth: 0, or the base fetched by hand); when it does not, the commit is fetched
 * with git first (git-fetch.ts). Only when that fails too is it read through the contents
 * API at the base SHA, fetching exactly the files the manifests reach (fetch-loop.ts). A
 * base that cannot be read any way is reported as unavailable, with the reason: that is a
 * limit of the run, never a failure of the pull request.
 */
import { readComposeProjects, type ComposeContext } from '../../compose/read-projects.js';
import { UsageError } from '../../shared/errors.js';
import { parseManifest } from '../../manifest/parse.js';
import { normalize } from '../../workspace/paths.js';
import { gitReader } from '../../workspace/git-reader.js';
import type { FileReader } from '../../workspace/reader.js';
import { ApiError } from '../github/api-error.js';
import { BaseUnavailable, contentsFetcher } from './contents-files.js';
import { fetchLoop, NeedFile, TooManyFiles } from './fetch-loop.js';
import { apiOptions, type ApiSettings } from '../github/api-options.js';
import type { Connect } from '../github/client.js';
import { fetchCommit } from './git-fetch.js';

export type BaseRead =
  | { status: 'ready'; ref: string; via: 'git' | 'api'; reader: FileReader }
  | { status: 'unavailable'; ref: string; reason: string };

/** The pull request's base, as the run's context names it. */
export interface BaseCommit {
  baseSha: string | null;
  /** The branch the pull request goes into. */
  baseRef: string | null;
  /** owner/name */
  repository: string | null;
}

/** Where the checkout is, and how to reach the API (see Settings). */
export interface BaseSettings extends ApiSettings {
  workspace: string;
}

export interface ReadBaseInput {
  context: BaseCommit;
  settings: BaseSettings;
  connect: Connect;
  log: (line: string) => void;
  /** The manifests to compare, with what their base check needs besides the reader. */
  manifests: readonly string[];
  env: ComposeContext['env'];
  withheld?: ComposeContext['withheld'];
}

/** How the base is named in the report: the branch and the short commit. */
export function baseLabel(context: Pick<BaseCommit, 'baseSha' | 'baseRef'>): string {
  const short = (context.baseSha ?? '').slice(0, 7);
  return context.baseRef ? `${context.baseRef} (${short})` : short;
}

function fromGit(workspace: string, sha: string): FileReader | null {
  try {
    return gitReader(workspace, sha);
  } catch (e) {
    // Not a git checkout, no git, or the commit is not there (a shallow clone).
    if (e instanceof UsageError) return null;
    throw e;
  }
}

/**
 * Reads what the check will read of a manifest, and nothing more: the manifest and the
 * compose files (with their env files, includes and extends) it names. Run again each time
 * the fetch loop has fetched a file it asked for, so it stops short of building and
 * evaluating the model; the check itself runs once, when every file is there.
 */
function readFilesOf(manifest: string, ctx: ComposeContext): void {
  const { reader } = ctx;
  try {
    const path = normalize(manifest);
    if (!path.ok || !reader.exists(path.path)) return;
    const parsed = parseManifest(reader.read(path.path), path.path);
    readComposeProjects(parsed, ctx);
  } catch (e) {
    // Only the files matter here; the check reports anything else.
    if (e instanceof NeedFile) throw e;
  }
}

/** Reads the base for `input.manifests`; null when the run has no base commit to read. */
export async function readBase(input: ReadBaseInput): Promise<BaseRead | null> {
  const sha = input.context.baseSha;
  if (sha === null) return null;
  const ref = baseLabel(input.context);
  const workspace = input.settings.workspace;
  const here = fromGit(workspace, sha);
  if (here) {
    input.log(`comparing with the base ${ref}, read with git`);
    return { status: 'ready', ref, via: 'git', reader: here };
  }
  const fetched = await fetchCommit(workspace, sha, Math.min(60_000, input.settings.apiDeadlineMs));
  const git = fetched.ok ? fromGit(workspace, sha) : null;
  if (git) {
    input.log(`comparing with the base ${ref}, fetched and read with git`);
    return { status: 'ready', ref, via: 'git', reader: git };
  }
  input.log(
    `the base commit is not in the checkout and could not be fetched with git (${fetched.ok ? 'git fetched it, but cannot read it' : fetched.reason}); reading it through the API`,
  );
  const notHere = 'the base commit is not in the checkout';
  if (!input.settings.token) {
    return {
      status: 'unavailable',
      ref,
      reason: `${notHere}, and without a github-token it cannot be read through the API`,
    };
  }
  if (input.context.repository === null) {
    return {
      status: 'unavailable',
      ref,
      reason: `${notHere}, and GITHUB_REPOSITORY is not set, so the API cannot be asked`,
    };
  }
  try {
    const api = await input.connect(
      apiOptions(input.settings, input.context.repository, input.log),
    );
    const loop = fetchLoop(ref, contentsFetcher(api.files, sha, ref));
    for (const manifest of input.manifests) {
      await loop.settle((reader) =>
        readFilesOf(manifest, {
          reader,
          env: input.env,
          ...(input.withheld ? { withheld: input.withheld } : {}),
        }),
      );
    }
    input.log(`comparing with the base ${ref}, ${loop.fetched} file(s) read through the API`);
    return { status: 'ready', ref, via: 'api', reader: loop.reader };
  } catch (e) {
    if (e instanceof ApiError || e instanceof BaseUnavailable || e instanceof TooManyFiles) {
      return {
        status: 'unavailable',
        ref,
        // GitHub's message is part of it: keep it to a size the report schema allows.
        reason: `${notHere}, and reading it through the API failed: ${e.message}`.slice(0, 1000),
      };
    }
    throw e;
  }
}

/**
 * What the run is for: the event, the repository, and on pull requests the number and the
 * head and base commits, taken from @actions/github's context (the runner's variables and
 * the event payload). Nothing in it is believed unchecked: a field of the wrong shape is
 * left out rather than used in a request or a message.
 */
import type { context as toolkitContext } from '@actions/github';

type Context = typeof toolkitContext;

export interface TriggeringRun {
  headSha: string | null;
  /** owner/name and branch the commit came from (a fork's, for a fork's pull request). */
  headRepository: string | null;
  headBranch: string | null;
  /** Pull requests GitHub lists for the run (empty for a fork's). */
  pullRequests: number[];
  event: string | null;
}

export interface RunContext {
  event: string;
  /** owner/name */
  repository: string | null;
  pullRequest: number | null;
  headSha: string | null;
  baseSha: string | null;
  /** The branch the pull request goes into, for naming the base in the report. */
  baseRef: string | null;
  /** owner/name of the pull request's head; differs from repository for a fork. */
  headRepository: string | null;
  /** On workflow_run: what the run that triggered this one was for. */
  triggeringRun: TriggeringRun | null;
  /** Link to this run, for messages. */
  runUrl: string | null;
}

/** Events whose payload carries a pull request we may comment on. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

function sha(v: unknown): string | null {
  return typeof v === 'string' && SHA.test(v) ? v : null;
}

function repo(v: unknown): string | null {
  return typeof v === 'string' && REPO.test(v) ? v : null;
}

/** A branch name as git allows it, short enough to show; anything else is not used. */
function branch(v: unknown): string | null {
  return typeof v === 'string' && /^[^\s~^:?*[\\\u0000-\u001f\u007f]{1,100}$/.test(v) ? v : null;
}

function number(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null;
}

/** The parts of the toolkit's context the run uses, as plain data. */
export interface EventContext {
  eventName: string | undefined;
  sha: string | undefined;
  /** NaN when GITHUB_RUN_ID is not a number. */
  runId: number;
  serverUrl: string;
  payload: unknown;
  /** owner/name, from GITHUB_REPOSITORY or else the payload. */
  repository: string | undefined;
}

/** The toolkit's context as plain data; its `repo` getter throws when there is no repository. */
export function eventContext(context: Context): EventContext {
  let repository: string | undefined;
  try {
    const { owner, repo } = context.repo;
    repository = `${owner}/${repo}`;
  } catch {
    repository = undefined;
  }
  return {
    eventName: context.eventName,
    sha: context.sha,
    runId: context.runId,
    serverUrl: context.serverUrl,
    payload: context.payload,
    repository,
  };
}

export function contextFrom(ctx: EventContext): RunContext {
  const event = ctx.eventName ?? '';
  const root = obj(ctx.payload) ?? {};
  const repository = repo(ctx.repository);
  const server = (ctx.serverUrl || 'https://github.com').replace(/\/+$/, '');
  const runUrl =
    repository && Number.isSafeInteger(ctx.runId) && ctx.runId > 0
      ? `${server}/${repository}/actions/runs/${ctx.runId}`
      : null;
  const base: RunContext = {
    event,
    repository,
    pullRequest: null,
    headSha: sha(ctx.sha),
    baseSha: null,
    baseRef: null,
    headRepository: null,
    triggeringRun: null,
    runUrl,
  };
  const pr = obj(root.pull_request);
  if (PULL_REQUEST_EVENTS.includes(event) && pr) {
    const head = obj(pr.head);
    return {
      ...base,
      pullRequest: number(pr.number) ?? number(root.number),
      headSha: sha(head?.sha),
      baseSha: sha(obj(pr.base)?.sha),
      baseRef: branch(obj(pr.base)?.ref),
      headRepository: repo(obj(head?.repo)?.full_name),
    };
  }
  const wr = obj(root.workflow_run);
  if (event === 'workflow_run' && wr) {
    const prs = Array.isArray(wr.pull_requests) ? wr.pull_requests : [];
    return {
      ...base,
      triggeringRun: {
        headSha: sha(wr.head_sha),
        headRepository: repo(obj(wr.head_repository)?.full_name),
        headBranch: typeof wr.head_branch === 'string' ? wr.head_branch : null,
        pullRequests: prs.map((p) => number(obj(p)?.number)).filter((n): n is number => !!n),
        event: typeof wr.event === 'string' ? wr.event : null,
      },
    };
  }
  return base;
}

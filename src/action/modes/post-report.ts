/**
 * Post-only mode, the second half of the fork-safe pattern: a pull_request run (with a
 * read-only token when the pull request comes from a fork) writes the JSON report and
 * uploads it; a workflow_run workflow, which has a write token, downloads it and runs the
 * action with `post-report: <path>` to put the comment on the pull request.
 *
 * The report comes from a run the fork controls, so nothing in it is believed that can be
 * checked: it must match the schema, be for this repository, be for the commit of the run
 * that triggered this one, and that commit must still be the pull request's head (else a
 * newer run will post, and this one stands down). Every verdict in it must be what its own
 * figures and policy give, or it is refused as bad input, naming the scenario, host and
 * resource. The comment is rendered from the data here, never taken as Markdown from the
 * file, and says that it shows the pull request run's report.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { relative } from 'node:path';
import { InputError } from '../../shared/errors.js';
import type { ActionReport } from '../report/action-report.js';
import { EXIT } from '../../check/exit-status.js';
import { annotate } from '../runner/log.js';
import type { ModeIo, ModeResult } from './mode-io.js';
import type { TriggeringRun } from '../inputs/context.js';
import type { PullHead } from '../github/client.js';
import { commentStep } from './comment-step.js';
import { showReport } from './show-report.js';
import { MAX_REPORT_BYTES, parseActionReport } from '../report/parse-action-report.js';
import { recheckReport } from '../../report/recheck.js';
import { visible } from '../../report/escape.js';
import type { Problem } from '../../shared/errors.js';

function readReport(path: string, shown: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in place of the file must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      {
        file: shown,
        message:
          code === 'ENOENT'
            ? 'the report to post does not exist; did the artifact download into another folder?'
            : `the report to post cannot be opened (${code ?? 'error'})`,
      },
    ]);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new InputError([{ file: shown, message: 'the report to post is not a regular file' }]);
    if (st.size > MAX_REPORT_BYTES) {
      throw new InputError([
        {
          file: shown,
          message: `the report to post is ${st.size} bytes, over the ${MAX_REPORT_BYTES}-byte limit`,
        },
      ]);
    }
    const bytes = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return bytes.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reasons the report may not be posted in this run at all: bad input, exit 2. */
function provenanceProblems(report: ActionReport, io: ModeIo): string[] {
  const { context } = io;
  const rc = report.context;
  const problems: string[] = [];
  if (context.repository !== null && rc.repository !== context.repository)
    problems.push(
      `the report is for the repository ${rc.repository ?? 'none'}, not ${context.repository}`,
    );
  if (rc.pullRequest !== null && rc.headSha === null)
    problems.push(`the report names pull request #${rc.pullRequest} but no commit`);
  const run = context.triggeringRun;
  if (run?.headSha && rc.headSha !== run.headSha)
    problems.push(
      `the report is for commit ${rc.headSha ?? 'none'}, but the run that triggered this one was for ${run.headSha}`,
    );
  if (
    run &&
    run.pullRequests.length > 0 &&
    rc.pullRequest !== null &&
    !run.pullRequests.includes(rc.pullRequest)
  )
    problems.push(
      `the report names pull request #${rc.pullRequest}, but the triggering run was for #${run.pullRequests.join(', #')}`,
    );
  return problems;
}

/** Lists this many places where a report disagrees with itself, and counts the rest. */
const MAX_LISTED = 50;

/**
 * Every place where a manifest's report says something its own figures do not give: the
 * verdicts, headroom and summaries are worked out again (src/report/recheck.ts), as a fork
 * could have written the file by hand. Bad input: the report is not posted.
 */
function disagreements(
  report: ActionReport,
  shown: string,
): { problems: Problem[]; omitted: number } {
  const problems: Problem[] = [];
  let omitted = 0;
  report.manifests.forEach((m, i) => {
    const { disagreements: found, omitted: more } = recheckReport(m);
    omitted += more;
    for (const d of found) {
      if (problems.length >= MAX_LISTED) {
        omitted++;
        continue;
      }
      problems.push({
        file: shown,
        path: `/manifests/${i}${d.path}`,
        message: `the report of "${visible(m.manifest)}" disagrees with its own figures: ${d.message}`,
      });
    }
  });
  return { problems, omitted };
}

/**
 * Why this report is not (or no longer) the one to post on the pull request, or null. A
 * fork can open a pull request whose head is the very commit of someone else's, so on
 * workflow_run the pull request's head must also come from the branch the triggering run
 * was for.
 */
function standDown(
  pr: number,
  head: string,
  current: PullHead,
  run: TriggeringRun | null,
): string | null {
  if (current.sha !== head) {
    return `pull request #${pr} has moved on from ${head.slice(0, 7)} to ${current.sha?.slice(0, 7) ?? 'an unknown commit'}; the report of the newer run will be posted instead`;
  }
  const sameRepo = !run?.headRepository || run.headRepository === current.repository;
  const sameBranch = !run?.headBranch || run.headBranch === current.branch;
  if (!sameRepo || !sameBranch) {
    return `pull request #${pr} is for ${current.repository ?? 'a deleted repository'}:${current.branch ?? '?'}, but the run that triggered this one was for ${run?.headRepository ?? '?'}:${run?.headBranch ?? '?'}; not posting its report there`;
  }
  return null;
}

export async function postReportMode(io: ModeIo): Promise<ModeResult> {
  const { settings, context } = io;
  const path = settings.postReport!;
  const rel = relative(settings.workspace, path);
  const shown = rel && !rel.startsWith('..') ? rel : path;
  const text = readReport(path, shown);
  const report = parseActionReport(text, shown);
  const problems = provenanceProblems(report, io);
  if (problems.length > 0) {
    throw new InputError(problems.map((message) => ({ file: shown, message })));
  }
  const disagreeing = disagreements(report, shown);
  if (disagreeing.problems.length > 0 || disagreeing.omitted > 0) {
    throw new InputError(disagreeing.problems, disagreeing.omitted);
  }

  // The comment and the summary say whose run wrote what they show.
  const origin = { runUrl: context.triggeringRun?.url ?? null };
  await showReport(io.outputs, report, path, origin);

  let url = '';
  const pr = report.context.pullRequest;
  if (pr === null) {
    annotate(
      'notice',
      `the report is from a ${report.context.event || 'non pull request'} run, not a pull request: nothing to post`,
      { title: 'headroom' },
    );
  } else if (context.repository === null) {
    annotate('warning', 'GITHUB_REPOSITORY is not set, so the comment is not posted', {
      title: 'headroom',
    });
  } else {
    const head = report.context.headSha!;
    url = await commentStep({
      ...io,
      report,
      origin,
      target: { repository: context.repository, issue: pr, fork: false },
      guard: (api) => async () =>
        standDown(pr, head, await api.pullHead(pr), context.triggeringRun),
    });
  }
  io.outputs.set({ 'comment-url': url });
  // The pull_request run is the check; this run only publishes it.
  return {
    status: EXIT.pass,
    summary: `headroom: posted the ${report.verdict} report of commit ${(report.context.headSha ?? '').slice(0, 7) || 'unknown'}; the pull_request run is the check, so exit status 0`,
  };
}

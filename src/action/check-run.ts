/**
 * The usual run: check the manifests in the workspace, then report everywhere the user
 * looks (log, annotations, JSON report, job summary, outputs, pull request comment) and
 * answer with an exit status. Bad input still reaches the summary and the comment, so a
 * pull request that breaks a manifest says so where the last verdict was.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exitStatus } from '../check/exit-status.js';
import { renderText } from '../report/text.js';
import { diskReader } from '../workspace/disk-reader.js';
import { annotationsFor } from './annotations.js';
import { checkManifests } from './check-manifests.js';
import { PULL_REQUEST_EVENTS, type RunContext } from './context.js';
import {
  buildActionReport,
  renderActionReport,
  type ActionReport,
  type Comparison,
} from './envelope.js';
import { EXIT } from './exit.js';
import { interpolationEnv, withheldVariables } from './interpolation-env.js';
import { expandManifests } from './manifests.js';
import { commentStep, headGuard, type Connect, type PostTarget } from './post-comment.js';
import { writeSummaryAndOutputs } from './publish.js';
import type { BaseRead } from './read-base.js';
import type { Runner } from './runner.js';
import type { Settings } from './settings.js';

/** Lines of the text report the log gets per manifest; the summary and the JSON have it all. */
const LOG_LINES = 400;

export interface ModeIo {
  runner: Runner;
  settings: Settings;
  context: RunContext;
  env: Readonly<Record<string, string | undefined>>;
  connect: Connect;
}

/** The pull request to comment on, when the event has one. */
export function pullRequestTarget(context: RunContext): PostTarget | null {
  if (!PULL_REQUEST_EVENTS.includes(context.event)) return null;
  if (context.pullRequest === null || context.repository === null) return null;
  return {
    repository: context.repository,
    issue: context.pullRequest,
    fork: context.headRepository !== null && context.headRepository !== context.repository,
  };
}

function writeReportFile(runner: Runner, path: string, report: ActionReport): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderActionReport(report));
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'an error';
    runner.annotate('warning', `the JSON report could not be written to ${path} (${code})`, {
      title: 'headroom',
    });
    return false;
  }
}

/** One client for the run: reading the base and posting the comment share it. */
function shared(connect: Connect): Connect {
  let client: ReturnType<Connect> | null = null;
  return (options) => (client ??= connect(options));
}

function comparison(base: BaseRead | null): Comparison | undefined {
  if (base === null) return undefined;
  return base.status === 'ready'
    ? { status: 'compared', ref: base.ref, via: base.via }
    : { status: 'unavailable', ref: base.ref, reason: base.reason };
}

/** 1 when any manifest fails by the fail-on rule: with `regression`, each against its own base. */
function checkStatus(report: ActionReport, failOn: Settings['failOn']): number {
  if (report.verdict === 'invalid') return EXIT.invalid;
  const each = report.manifests.map((m) => exitStatus(m.verdict, failOn, m.changes?.regression));
  return Math.max(EXIT.pass, ...each);
}

export async function checkRun(io: ModeIo): Promise<number> {
  const { runner, settings, context } = io;
  const connect = shared(io.connect);
  const manifests = await expandManifests(settings.manifests, settings.workspace);
  const env = interpolationEnv(io.env);
  const withheld = withheldVariables(io.env);
  let base: BaseRead | null = null;
  if (PULL_REQUEST_EVENTS.includes(context.event)) {
    // Only pull requests have a base: other runs do not load the code that reads one.
    const { readBase } = await import('./read-base.js');
    const log = (line: string) => runner.info(line);
    base = await readBase({ context, settings, connect, log, manifests, env });
  }
  if (base?.status === 'unavailable') {
    runner.annotate(
      'warning',
      `not compared with the base ${base.ref}: ${base.reason}. Check out with fetch-depth: 0 (or fetch the base commit) to compare with git.`,
      { title: 'headroom: no comparison' },
    );
  }
  const outcomes = checkManifests({
    manifests,
    reader: diskReader(settings.workspace),
    env,
    withheld,
    scenarios: settings.scenarios,
    now: new Date(),
    ...(base?.status === 'ready' ? { base: { ref: base.ref, reader: base.reader } } : {}),
  });
  const report = buildActionReport(outcomes, context, comparison(base));

  for (const r of report.manifests) runner.verbatim(renderText(r, { maxLines: LOG_LINES }));
  for (const a of annotationsFor(report)) {
    runner.annotate(a.level, a.message, { title: a.title, file: a.file, line: a.line, col: a.col });
  }
  const written = writeReportFile(runner, settings.reportPath, report);
  writeSummaryAndOutputs(runner, report, written ? settings.reportPath : null);

  let url = '';
  const target = pullRequestTarget(context);
  if (target) {
    const head = context.headSha;
    url = await commentStep({
      ...io,
      connect,
      report,
      target,
      // An older run must not write over a newer one's comment.
      guard: head ? (api, log) => headGuard(api, target.issue, head, log) : undefined,
    });
  } else if (settings.comment !== 'off') {
    runner.info(`no pull request in this ${context.event || 'local'} run, so no comment`);
  }
  runner.setOutput('comment-url', url);

  const status = checkStatus(report, settings.failOn);
  const uncompared = settings.failOn === 'regression' && report.manifests.some((m) => !m.changes);
  runner.info(
    `headroom: ${report.verdict} (fail-on: ${settings.failOn}${uncompared ? ', judged like fail where there is no base to compare with' : ''}), exit status ${status}`,
  );
  return status;
}

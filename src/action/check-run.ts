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
import { buildActionReport, renderActionReport, type ActionReport } from './envelope.js';
import { EXIT } from './exit.js';
import { interpolationEnv } from './interpolation-env.js';
import { expandManifests } from './manifests.js';
import { commentStep, headGuard, type Connect, type PostTarget } from './post-comment.js';
import { writeSummaryAndOutputs } from './publish.js';
import type { Runner } from './runner.js';
import type { Settings } from './settings.js';

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

export async function checkRun(io: ModeIo): Promise<number> {
  const { runner, settings, context } = io;
  const manifests = await expandManifests(settings.manifests, settings.workspace);
  const outcomes = checkManifests({
    manifests,
    reader: diskReader(settings.workspace),
    env: interpolationEnv(io.env),
    scenarios: settings.scenarios,
  });
  const report = buildActionReport(outcomes, context);

  for (const r of report.manifests) runner.verbatim(renderText(r));
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
      report,
      target,
      // An older run must not write over a newer one's comment.
      guard: head ? (api, log) => headGuard(api, target.issue, head, log) : undefined,
    });
  } else if (settings.comment !== 'off') {
    runner.info(`no pull request in this ${context.event || 'local'} run, so no comment`);
  }
  runner.setOutput('comment-url', url);

  const status =
    report.verdict === 'invalid' ? EXIT.invalid : exitStatus(report.verdict, settings.failOn);
  runner.info(`headroom: ${report.verdict} (fail-on: ${settings.failOn}), exit status ${status}`);
  return status;
}

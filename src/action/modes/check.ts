/**
 * The usual run: check the manifests in the workspace, then report everywhere the user
 * looks (log, annotations, JSON report, job summary, outputs, pull request comment) and
 * answer with an exit status. Bad input still reaches the summary and the comment, so a
 * pull request that breaks a manifest says so where the last verdict was.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, exitStatus } from '../../check/exit-status.js';
import { diskReader } from '../../workspace/disk-reader.js';
import { annotationsFor } from '../render/annotations.js';
import { checkManifests } from '../report/check-manifests.js';
import { PULL_REQUEST_EVENTS, type RunContext } from '../inputs/context.js';
import {
  buildActionReport,
  renderActionReport,
  type ActionReport,
  type Comparison,
} from '../report/action-report.js';
import { interpolationEnv, withheldVariables } from '../inputs/interpolation-env.js';
import { expandManifests } from '../inputs/expand-manifests.js';
import { headGuard } from '../github/head-guard.js';
import type { Connect } from '../github/client.js';
import { readBase, type BaseRead } from '../base/read-base.js';
import type { Settings } from '../inputs/settings.js';
import { annotate, info } from '../runner/log.js';
import { commentStep, type PostTarget } from './comment-step.js';
import type { ModeIo, ModeResult } from './mode-io.js';
import { showReport } from './show-report.js';
import { greatest } from '../../shared/lists.js';

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

function writeReportFile(path: string, report: ActionReport): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderActionReport(report));
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'an error';
    annotate('warning', `the JSON report could not be written to ${path} (${code})`, {
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
  return greatest([EXIT.pass, ...each], EXIT.pass);
}

export async function checkMode(io: ModeIo): Promise<ModeResult> {
  const { settings, context } = io;
  const connect = shared(io.connect);
  const manifests = await expandManifests(settings.manifests, settings.workspace);
  const env = interpolationEnv(io.env);
  const withheld = withheldVariables(io.env);
  let base: BaseRead | null = null;
  if (PULL_REQUEST_EVENTS.includes(context.event)) {
    base = await readBase({ context, settings, connect, log: info, manifests, env, withheld });
  }
  if (base?.status === 'unavailable') {
    annotate(
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

  const written = writeReportFile(settings.reportPath, report);
  await showReport(io.outputs, report, written ? settings.reportPath : null);
  for (const a of annotationsFor(report, settings.scenarios)) {
    annotate(a.level, a.message, { title: a.title, file: a.file, line: a.line, col: a.col });
  }

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
    info(`no pull request in this ${context.event || 'local'} run, so no comment`);
  }
  io.outputs.set({ 'comment-url': url });

  const status = checkStatus(report, settings.failOn);
  const uncompared = settings.failOn === 'regression' && report.manifests.some((m) => !m.changes);
  return {
    status,
    summary: `headroom: ${report.verdict} (fail-on: ${settings.failOn}${uncompared ? ', judged like fail where there is no base to compare with' : ''}), exit status ${status}`,
  };
}

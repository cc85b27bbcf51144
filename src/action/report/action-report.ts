/**
 * The action's JSON report (schemas/action-report.schema.json): every manifest's report,
 * the problems of manifests that could not be checked, and the pull request and commit the
 * run was for. A post-report run renders its comment from this file alone. On pull requests
 * each report also carries its base (the same manifest at the base commit) and the changes.
 */
import { worstOf } from '../../model/verdicts.js';
import type { Verdict } from '../../shared/terms.js';
import { reportToJson, stringify } from '../../report/json.js';
import type { Report } from '../../model/results.js';
import { VERSION } from '../../shared/version.js';
import type { ManifestErrors, ManifestOutcome } from './check-manifests.js';
import { least } from '../../shared/lists.js';

export const ACTION_REPORT_VERSION = 1;

export type ActionVerdict = Verdict | 'invalid';

export interface ReportContext {
  event: string;
  repository: string | null;
  pullRequest: number | null;
  headSha: string | null;
  baseSha: string | null;
}

/**
 * On pull request events: the base the manifests were compared with and how it was read, or
 * why it could not be (each report's own `base` then is absent).
 */
export type Comparison =
  | { status: 'compared'; ref: string; via: 'git' | 'api' }
  | { status: 'unavailable'; ref: string; reason: string };

export interface ActionReport {
  version: typeof ACTION_REPORT_VERSION;
  tool: { name: 'headroom'; version: string };
  verdict: ActionVerdict;
  minHeadroomPct: number | null;
  manifests: Report[];
  errors: ManifestErrors[];
  context: ReportContext;
  comparison?: Comparison;
}

export function combinedVerdict(reports: readonly Report[], invalid: boolean): ActionVerdict {
  return invalid ? 'invalid' : worstOf(reports.map((r) => r.verdict));
}

export function combinedMinHeadroom(reports: readonly Report[]): number | null {
  const values = reports.map((r) => r.minHeadroomPct).filter((v): v is number => v !== null);
  return least(values, null);
}

export function buildActionReport(
  outcomes: readonly ManifestOutcome[],
  context: ReportContext,
  comparison?: Comparison,
): ActionReport {
  const manifests = outcomes.flatMap((o) => (o.kind === 'report' ? [o.report] : []));
  const errors = outcomes.flatMap((o) =>
    o.kind === 'invalid'
      ? [{ manifest: o.manifest, problems: o.problems, omitted: o.omitted }]
      : [],
  );
  return {
    version: ACTION_REPORT_VERSION,
    tool: { name: 'headroom', version: VERSION },
    verdict: combinedVerdict(manifests, errors.length > 0),
    minHeadroomPct: combinedMinHeadroom(manifests),
    manifests,
    errors,
    context: {
      event: context.event,
      repository: context.repository,
      pullRequest: context.pullRequest,
      headSha: context.headSha,
      baseSha: context.baseSha,
    },
    ...(comparison ? { comparison } : {}),
  };
}

/** The action report as written: each manifest's report in the JSON report's own shape. */
export function renderActionReport(report: ActionReport): string {
  return stringify({ ...report, manifests: report.manifests.map(reportToJson) });
}

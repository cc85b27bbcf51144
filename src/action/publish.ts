/**
 * The job summary and the outputs, the same in both modes. Written before the comment is
 * attempted, so nothing that happens with the API can cost the workflow its outputs.
 */
import { summaryMarkdown } from './comment-body.js';
import type { ActionReport } from './envelope.js';
import type { Runner } from './runner.js';

export function writeSummaryAndOutputs(
  runner: Runner,
  report: ActionReport,
  reportPath: string | null,
): void {
  runner.appendSummary(summaryMarkdown(report));
  runner.setOutput('verdict', report.verdict);
  runner.setOutput('report', reportPath ?? '');
  runner.setOutput(
    'min-headroom',
    report.minHeadroomPct === null ? '' : String(report.minHeadroomPct),
  );
}

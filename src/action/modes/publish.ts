/**
 * The job summary and the outputs, the same in both modes. Written before the comment is
 * attempted, so nothing that happens with the API can cost the workflow its outputs.
 */
import { summaryMarkdown } from '../render/comment-body.js';
import type { ActionReport } from '../report/action-report.js';
import type { RunnerOutputs } from '../runner/outputs.js';

export async function writeSummaryAndOutputs(
  outputs: RunnerOutputs,
  report: ActionReport,
  reportPath: string | null,
): Promise<void> {
  await outputs.appendSummary(summaryMarkdown(report));
  outputs.set({
    verdict: report.verdict,
    report: reportPath ?? '',
    'min-headroom': report.minHeadroomPct === null ? '' : String(report.minHeadroomPct),
  });
}

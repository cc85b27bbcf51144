/**
 * What both modes show of a report before the comment is attempted, so nothing that
 * happens with the API can cost the workflow any of it: each manifest's text report in the
 * log, the job summary, and the outputs.
 */
import { renderText } from '../../report/text.js';
import { summaryMarkdown, type ReportOrigin } from '../render/comment-and-summary.js';
import type { ActionReport } from '../report/action-report.js';
import { inGroup } from '../runner/log.js';
import type { RunnerOutputs } from '../runner/outputs.js';

/** Lines of the text report the log gets per manifest; the summary and the JSON have it all. */
const LOG_LINES = 400;

export async function showReport(
  outputs: RunnerOutputs,
  report: ActionReport,
  reportPath: string | null,
  origin?: ReportOrigin,
): Promise<void> {
  for (const r of report.manifests) {
    inGroup(`headroom report: ${r.manifest}`, renderText(r, { maxLines: LOG_LINES }));
  }
  await outputs.appendSummary(summaryMarkdown(report, origin));
  outputs.set({
    verdict: report.verdict,
    report: reportPath ?? '',
    'min-headroom': report.minHeadroomPct === null ? '' : String(report.minHeadroomPct),
  });
}

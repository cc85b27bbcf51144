/**
 * The Markdown the action shows, as a pure function of the action report: the pull
 * request comment (with its hidden marker, cut to GitHub's limit) and the job summary.
 * One manifest reads exactly like the CLI's Markdown report; several get an overview table
 * and a section each. On a pull request each report leads with what the pull request
 * changes, right under the verdict and outside any collapsed block, so a cut to the size
 * limit keeps it. A manifest that could not be checked lists its problems, so a pull
 * request that breaks the manifest replaces an earlier "pass" instead of leaving it up.
 */
import { clipPath } from '../../shared/errors.js';
import type { Verdict } from '../../shared/terms.js';
import { formatPct } from '../../units/format.js';
import { code, text } from '../../report/escape.js';
import { headline, renderMarkdown } from '../../report/markdown.js';
import { ICON } from '../../report/markdown-layout.js';
import type { Report } from '../../model/results.js';
import type { ManifestErrors } from '../report/check-manifests.js';
import type { ActionReport } from '../report/action-report.js';
import { fitMarkdown } from './fit-markdown.js';
import { MARKER } from '../comment-marker.js';
import { append } from '../../shared/lists.js';

/** GitHub refuses a comment body longer than this. */
export const COMMENT_LIMIT = 65_536;
/**
 * When GitHub refuses a body cut to COMMENT_LIMIT as too long anyway (it does not say how it
 * counts), the one retry is cut to this many UTF-8 bytes: under the limit however it counts.
 */
export const RETRY_COMMENT_LIMIT_BYTES = 32_768;
/** GitHub refuses a step's job summary larger than this many bytes. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function problemsList(e: Pick<ManifestErrors, 'problems' | 'omitted'>): string[] {
  const lines = e.problems.map((p) => {
    const where = `${p.file}${p.line !== undefined ? `:${p.line}` : ''}${p.column !== undefined ? `:${p.column}` : ''}`;
    const at = p.path ? ` (at ${code(clipPath(p.path), false)})` : '';
    return `- ${code(where, false)} ${text(p.message)}${at}`;
  });
  if (e.omitted > 0) lines.push(`- … and ${plural(e.omitted, 'more problem')}`);
  return lines;
}

function invalidSection(e: ManifestErrors, level: string): string[] {
  const count = e.problems.length + e.omitted;
  return [
    `${level} ${ICON.invalid} ${code(e.manifest, false)} could not be checked`,
    '',
    `${plural(count, 'problem')} to fix before its capacity can be judged:`,
    '',
    ...problemsList(e),
    '',
  ];
}

/**
 * The job summary of a run that stopped before it had a report: a wrong input, or a
 * report to post that could not be used.
 */
export function invalidInputMarkdown(
  messages: readonly string[],
  problems: ManifestErrors['problems'],
  omitted: number,
): string {
  return [
    `## ${ICON.invalid} headroom: the input could not be checked`,
    '',
    ...messages.map((m) => `- ${text(m)}`),
    ...problemsList({ problems, omitted }),
    '',
  ].join('\n');
}

/** Scenario headings one level deeper, under a section per manifest. */
function demote(markdown: string): string {
  return markdown.replace(/^(#{2,5}) /gm, '#$1 ');
}

function worstCell(r: Report): string {
  const now = r.minHeadroomPct === null ? '—' : formatPct(r.minHeadroomPct);
  const was = r.base?.report?.minHeadroomPct;
  return was === undefined || was === null ? now : `${now} (was ${formatPct(was)})`;
}

/** Whether the pull request made the manifest worse, for the overview of several. */
function sinceBaseCell(r: Report): string {
  const c = r.changes;
  if (!c) return '—';
  if (c.regression) return `${ICON.fail} worse`;
  if (c.base.status === 'missing') return 'new manifest';
  if (c.base.status === 'invalid') return 'invalid at the base';
  return 'not worse';
}

/** Said right under the verdict: the comparison the reader expects is not there. */
function comparisonNote(report: ActionReport): string[] {
  const c = report.comparison;
  if (c?.status !== 'unavailable') return [];
  return [`> Not compared with the base ${code(c.ref, false)}: ${text(c.reason)}.`, ''];
}

/** Where a report came from, when it is not the check of the run that shows it. */
export interface ReportOrigin {
  /** The pull request's run that wrote the report, when its address is known. */
  runUrl: string | null;
}

/**
 * Said right under the verdict of a posted report: that run executed the pull request's own
 * code (a fork's, for a pull request from a fork), so the figures are its word; only the
 * verdicts could be worked out again.
 */
function originNote(origin: ReportOrigin | undefined): string[] {
  if (!origin) return [];
  const run = origin.runUrl
    ? `[the pull request's own run](${origin.runUrl})`
    : "the pull request's own run";
  return [
    `> 📄 Rendered from the JSON report of ${run}, which the pull request controls: every verdict here was worked out again from that report's figures, and the figures are that run's.`,
    '',
  ];
}

function combinedHeadline(report: ActionReport): string {
  const n = report.manifests.length + report.errors.length;
  const counts: string[] = [];
  if (report.errors.length > 0) counts.push(`${report.errors.length} could not be checked`);
  for (const v of ['fail', 'warn', 'pass'] as Verdict[]) {
    const k = report.manifests.filter((m) => m.verdict === v).length;
    if (k > 0) counts.push(`${k} ${v}`);
  }
  return `${ICON[report.verdict]} headroom: ${report.verdict} — ${n} manifests: ${counts.join(', ')}`;
}

/** The report as Markdown, without the marker or any size limit. */
export function reportMarkdown(report: ActionReport, origin?: ReportOrigin): string {
  return `${mainMarkdown(report, Infinity, origin)}${footer(report)}`;
}

/**
 * How much Markdown to render before cutting: a few times the limit, so cutting can still
 * drop collapsed sections first and keep every table it has room for.
 */
const RENDER_FACTOR = 4;

function mainMarkdown(report: ActionReport, limit = Infinity, origin?: ReportOrigin): string {
  const maxChars = limit * RENDER_FACTOR;
  const lines: string[] = [];
  const single = report.manifests.length + report.errors.length === 1;
  const note = [...originNote(origin), ...comparisonNote(report)];
  if (single && report.manifests[0]) {
    const m = report.manifests[0];
    lines.push(`## ${headline(m)}`, '', ...note, renderMarkdown(m, { headline: false, maxChars }));
  } else if (single && report.errors[0]) {
    lines.push(
      `## ${ICON.invalid} headroom: the input could not be checked`,
      '',
      ...note,
      ...invalidSection(report.errors[0], '###').slice(2),
    );
  } else {
    lines.push(`## ${combinedHeadline(report)}`, '', ...note);
    // With a base, the overview says which manifests the pull request made worse.
    const compared = report.manifests.some((m) => m.changes);
    lines.push(
      `| Manifest | Verdict | Worst-case headroom |${compared ? ' Since the base |' : ''}`,
      `| --- | --- | ---: |${compared ? ' --- |' : ''}`,
    );
    for (const e of report.errors)
      lines.push(
        `| ${code(e.manifest)} | ${ICON.invalid} could not be checked | — |${compared ? ' — |' : ''}`,
      );
    for (const m of report.manifests)
      lines.push(
        `| ${code(m.manifest)} | ${ICON[m.verdict]} ${m.verdict} | ${worstCell(m)} |${compared ? ` ${sinceBaseCell(m)} |` : ''}`,
      );
    lines.push('');
    for (const e of report.errors) append(lines, invalidSection(e, '###'));
    for (const m of report.manifests) {
      lines.push(
        `### ${ICON[m.verdict]} ${code(m.manifest, false)}`,
        '',
        `${headline(m).replace(/^\S+ headroom: /, '')}`,
        '',
        demote(renderMarkdown(m, { headline: false, maxChars })),
      );
    }
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** Which commit the report is about, so a reader can tell a current comment from a stale one. */
function footer(report: ActionReport): string {
  const parts = [`headroom ${text(report.tool.version)}`];
  const sha = report.context.headSha;
  if (sha) parts.push(`commit ${code(sha.slice(0, 7), false)}`);
  if (report.context.pullRequest !== null && report.context.baseSha)
    parts.push(`base ${code(report.context.baseSha.slice(0, 7), false)}`);
  return `\n---\n\n<sub>${parts.join(' · ')}</sub>\n`;
}

export interface BodyOptions {
  /** Link to the run whose job summary holds the whole report, for the note on a cut. */
  runUrl?: string | null;
  limit?: number;
  /** How the limit counts: UTF-16 code units unless given. */
  measure?: (text: string) => number;
  /** Set when the report is another run's, posted here. */
  origin?: ReportOrigin;
}

/** The pull request comment: marker, then the report, cut to fit the limit. */
export function commentBody(report: ActionReport, options: BodyOptions = {}): string {
  const end = footer(report);
  const measure = options.measure ?? ((t: string) => t.length);
  const limit = (options.limit ?? COMMENT_LIMIT) - measure(MARKER) - 1 - measure(end);
  const where = options.runUrl
    ? `[the job summary of this run](${options.runUrl})`
    : 'the job summary of the headroom run';
  const fitted = fitMarkdown(mainMarkdown(report, limit, options.origin), {
    limit,
    measure,
    note: `> ✂️ This comment was shortened to fit GitHub's size limit. The full report is in ${where} and in its JSON report.`,
  });
  return `${MARKER}\n${fitted.text}${end}`;
}

/** The job summary: the same report, cut to the summary's byte limit if it must be. */
export function summaryMarkdown(report: ActionReport, origin?: ReportOrigin): string {
  const end = footer(report);
  const fitted = fitMarkdown(mainMarkdown(report, SUMMARY_LIMIT_BYTES, origin), {
    limit: SUMMARY_LIMIT_BYTES - Buffer.byteLength(end, 'utf8'),
    measure: (t) => Buffer.byteLength(t, 'utf8'),
    note: "> ✂️ This summary was shortened to fit GitHub's size limit. The full report is in the JSON report (the action's `report` output).",
  });
  return `${fitted.text}${end}`;
}

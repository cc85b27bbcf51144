/**
 * The report as GitHub-flavoured Markdown: what the PR comment and the job summary show.
 * The verdict comes first, then a summary of the scenarios and a table per scenario with a
 * row per host and resource; phases, services and findings are collapsed below.
 */
import { RESOURCES, type ResourceName, type Verdict } from '../shared/terms.js';
import { formatMoney, formatPct } from '../units/format.js';
import { append } from '../shared/lists.js';
import { changeLines, regressionLine } from './changes.js';
import { code, text } from './escape.js';
import { RESOURCE_LABEL, coverage, headroomText } from './figures.js';
import { findingsDetails } from './markdown-details.js';
import { ICON, verdictCell } from './markdown-layout.js';
import { scenarioSection } from './markdown-scenario.js';
import type {
  CostReport,
  HostReport,
  Report,
  ResourceReport,
  ScenarioReport,
} from '../model/results.js';

/** The icons are shared with the action's comment and summary, which take them from here. */

export function headline(report: Report): string {
  const pct = formatPct(report.policy.warnBelowPct);
  switch (report.verdict) {
    case 'pass':
      return `${ICON.pass} headroom: pass — the planned services fit with room to spare`;
    case 'warn':
      return `${ICON.warn} headroom: warn — the planned services fit, but with less than ${pct} to spare or with warnings`;
    case 'fail':
      return `${ICON.fail} headroom: fail — the planned services do not fit`;
  }
}

function costText(c: CostReport | null): string {
  if (!c) return '—';
  const range =
    c.monthly.low === c.monthly.high
      ? formatMoney(c.monthly.low)
      : `${formatMoney(c.monthly.low)}–${formatMoney(c.monthly.high)}`;
  return c.currency ? `${range} ${text(c.currency)}` : range;
}

/** The host and resource with the least worst-case headroom, relative to capacity. */
function tightest(
  s: ScenarioReport,
): { host: HostReport; resource: ResourceName; r: ResourceReport } | null {
  let found: { host: HostReport; resource: ResourceName; r: ResourceReport } | null = null;
  for (const host of s.hosts) {
    for (const resource of RESOURCES) {
      const r = host.resources[resource];
      if (!r.headroomPct) continue;
      if (!found || r.headroomPct.worst < found.r.headroomPct!.worst) found = { host, resource, r };
    }
  }
  return found;
}

function scenarioTitle(s: ScenarioReport, inTable: boolean): string {
  const name = code(s.name, inTable);
  return s.required ? name : `${name} (optional)`;
}

function summaryTable(report: Report): string[] {
  const lines = [
    '| Scenario | Verdict | Tightest | Worst-case headroom | Monthly cost |',
    '| --- | --- | --- | ---: | ---: |',
  ];
  for (const s of report.scenarios) {
    const t = tightest(s);
    const known = t ? coverage(t.r) : '';
    const where = t ? `${RESOURCE_LABEL[t.resource]} on ${code(t.host.host)}` : 'nothing judged';
    const room = t
      ? headroomText(t.resource, t.r, report.units, 'worst') + (known ? ` · ${known}` : '')
      : '—';
    lines.push(
      `| ${scenarioTitle(s, true)} | ${verdictCell(s.verdict)} | ${where} | ${room} | ${costText(s.cost)} |`,
    );
  }
  return lines;
}

export interface MarkdownOptions {
  /** Heading level of the verdict line; sections for several manifests use a deeper one. */
  headline?: boolean;
  /**
   * Stop adding scenario sections once the text is about this long, with a note: whoever
   * shows it has a size limit, and rendering megabytes only to cut them is waste.
   */
  maxChars?: number;
}

function changesSection(report: Report): string[] {
  const c = report.changes!;
  const words = {
    name: (x: string) => code(x, false),
    text,
    verdict: (v: Verdict) => `${ICON[v]} ${v}`,
  };
  return [
    '### What this pull request changes',
    '',
    `Compared with ${code(c.base.ref, false)}:`,
    '',
    ...changeLines(c, report.units, report.policy.judge, words).map((l) => `- ${l}`),
    '',
    `**${regressionLine(c, { text })}**`,
    '',
  ];
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const lines: string[] = [];
  if (options.headline !== false) lines.push(`## ${headline(report)}`, '');
  if (report.changes) append(lines, changesSection(report));
  const required = report.scenarios.filter((s) => s.required).length;
  lines.push(
    `${code(report.manifest, false)} · ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'}, ${required} required · judged on the ${report.policy.judge} case · warns below ${formatPct(report.policy.warnBelowPct)} headroom`,
    '',
  );
  if (report.scenarios.length > 0) append(lines, summaryTable(report)).push('');
  if (report.cheapest) {
    lines.push(
      `Cheapest scenario that fits: ${code(report.cheapest.scenario, false)} at ${costText(report.cheapest.cost)} a month.`,
      '',
    );
  }
  if (report.findings.length > 0) append(lines, findingsDetails('Findings', report.findings));
  const maxChars = options.maxChars ?? Infinity;
  let length = lines.reduce((n, l) => n + l.length + 1, 0);
  for (const [i, s] of report.scenarios.entries()) {
    if (length >= maxChars) {
      const rest = report.scenarios.length - i;
      lines.push(
        `> ${rest} more scenario section${rest === 1 ? '' : 's'} not shown here: the summary table above has every scenario, and the JSON report has everything.`,
        '',
      );
      break;
    }
    const section = scenarioSection(s, report);
    length += section.reduce((n, l) => n + l.length + 1, 0);
    append(lines, section);
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

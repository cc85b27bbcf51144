/**
 * The report as GitHub-flavoured Markdown: what the PR comment and the job summary show.
 * The verdict comes first, then a summary of the scenarios and a table per scenario with a
 * row per host and resource; phases, services and findings are collapsed below.
 */
import { RESOURCES, type Finding, type ResourceName, type Verdict } from '../shared/terms.js';
import { formatCount, formatMoney, formatPct } from '../units/format.js';
import { changeLines, regressionLine } from './changes.js';
import { code, htmlCode, text } from './escape.js';
import { memoryChart } from './memory-chart.js';
import { largestServices, tightest as tightestHosts } from './rank.js';
import {
  RESOURCE_LABEL,
  amount,
  atLeast,
  bar,
  coverage,
  fillPct,
  headroomText,
  serviceFigure,
  serviceNotes,
  snapshotText,
  span,
} from './figures.js';
import type {
  Advice,
  CostReport,
  HostReport,
  Report,
  ResourceReport,
  ResourceVerdict,
  ScenarioReport,
} from '../model/results.js';
import { append } from '../shared/lists.js';

/** The icons of the Markdown headroom writes, the action's comment and summary included. */
export const ICON: Record<ResourceVerdict | 'info' | 'invalid', string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  'not-declared': '➖',
  unknown: '❔',
  info: 'ℹ️',
  invalid: '🛑',
};

/**
 * How much of a scenario a section shows. A comment holds 65,536 characters: past these,
 * a section shows the tightest hosts and the largest services and counts the rest, which the
 * JSON report has in full.
 */
const SHOW = {
  hosts: 30,
  charts: 5,
  phases: 50,
  services: 50,
  findings: 50,
  adviceHosts: 10,
  adviceNames: 10,
};

const ALL_IN_JSON = 'the JSON report has them all';

function count(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function verdictCell(v: ResourceVerdict): string {
  if (v === 'not-declared') return `${ICON[v]} not judged`;
  if (v === 'unknown') return `${ICON[v]} unknown`;
  return `${ICON[v]} ${v}`;
}

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

function resourceRow(host: HostReport, resource: ResourceName, units: Report['units']): string {
  const r = host.resources[resource];
  const label = RESOURCE_LABEL[resource];
  const known = coverage(r);
  const demand = span(resource, r.demand, units) + (known ? ` (${known})` : '');
  if (!r.declared) {
    return `| ${code(host.host)} | ${label} | not declared | — | ${demand} | — | | ${verdictCell('not-declared')} |`;
  }
  const setAside = r.used + r.reserve;
  if (!r.headroom) {
    return `| ${code(host.host)} | ${label} | ${amount(resource, r.capacity!, units)} | ${setAside > 0 ? amount(resource, setAside, units) : '—'} | ${demand} | unknown: no service here has a figure | | ${verdictCell(r.verdict)} |`;
  }
  let room = `**${headroomText(resource, r, units, 'worst')}**`;
  if (r.headroom!.best !== r.headroom!.worst)
    room += ` · best ${headroomText(resource, r, units, 'best')}`;
  const fill = fillPct(r, 'worst');
  const fillText = fill === null ? '' : `\`${bar(fill)}\` ${Math.round(fill)}%`;
  return `| ${code(host.host)} | ${label} | ${amount(resource, r.capacity!, units)} | ${setAside > 0 ? amount(resource, setAside, units) : '—'} | ${demand} | ${room} | ${fillText} | ${verdictCell(r.verdict)} |`;
}

function scenarioSection(s: ScenarioReport, report: Report): string[] {
  const facts: string[] = [];
  if (s.tier) facts.push(`tier ${code(s.tier, false)}`);
  facts.push(s.required ? 'required' : 'optional: reported, never fails the check');
  if (s.peakPhase) facts.push(`tightest at ${text(s.peakPhase)}`);
  if (s.firstFailPhase) facts.push(`first fails at ${text(s.firstFailPhase)}`);
  const lines = [
    `### ${ICON[s.verdict]} ${code(s.name, false)}`,
    '',
    facts.join(' · '),
    '',
    '| Host | Resource | Capacity | Used + reserve | Demand | Headroom (worst case) | Fill | Verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  const cut = s.hosts.length > SHOW.hosts;
  const hosts = cut ? tightestHosts(s.hosts, SHOW.hosts) : s.hosts;
  for (const host of hosts)
    for (const resource of RESOURCES) lines.push(resourceRow(host, resource, report.units));
  lines.push('');
  if (cut)
    lines.push(
      `${count(s.hosts.length - hosts.length, 'more host')} not shown: the ${hosts.length} above are the tightest; ${ALL_IN_JSON}.`,
      '',
    );
  const measured = hosts
    .map((h) => snapshotText(h, report.units, (t) => code(t, false)))
    .filter((t): t is string => t !== undefined);
  if (measured.length > 0) append(lines, [...measured.map((t) => `- ${t}`), '']);
  if (s.advice) append(lines, adviceLines(s.advice, report.units));
  if (s.phases.length > 0) append(lines, phasesDetails(s, report, hosts));
  append(lines, memoryDetails(s, report, hosts));
  append(lines, servicesDetails(s, report));
  if (s.findings.length > 0)
    append(lines, findingsDetails(`Findings in ${htmlCode(s.name)}`, s.findings));
  return lines;
}

function needsText(needs: Partial<Record<ResourceName, number>>, units: Report['units']): string {
  return RESOURCES.filter((r) => needs[r] !== undefined)
    .map((r) => `${atLeast(r, needs[r]!, units)} ${r === 'cpus' ? '' : r}`.trim())
    .join(', ');
}

function adviceLines(a: Advice, units: Report['units']): string[] {
  const items: string[] = [];
  if (a.tier) {
    const room =
      a.tier.minHeadroomPct === null
        ? ''
        : ` (${formatPct(a.tier.minHeadroomPct)} worst-case headroom)`;
    items.push(
      `- **A lower tier:** ${code(a.tier.tier, false)} would ${a.tier.verdict === 'pass' ? 'pass' : 'fit, but warn'}${room} on the same hosts.`,
    );
  }
  if (a.placement) {
    const entries = Object.entries(a.placement.hosts);
    const more = entries.length - SHOW.adviceHosts;
    const where =
      entries
        .slice(0, SHOW.adviceHosts)
        .map(([host, services]) => {
          const rest = services.length - SHOW.adviceNames;
          const names = services.slice(0, SHOW.adviceNames).map((x) => code(x, false));
          return `${code(host, false)}: ${names.join(', ')}${rest > 0 ? ` and ${count(rest, 'more')}` : ''}`;
        })
        .join('; ') + (more > 0 ? `; and ${count(more, 'more host')} (${ALL_IN_JSON})` : '');
    items.push(
      `- **Across hosts** (${a.placement.heuristic}): ${where}: would ${a.placement.verdict === 'pass' ? 'pass' : 'fit, but warn'}.`,
    );
  }
  if (a.noPlacement) {
    const short = RESOURCES.filter((r) => a.noPlacement!.shortBy[r] !== undefined)
      .map((r) => `${amount(r, a.noPlacement!.shortBy[r]!, units)} of ${RESOURCE_LABEL[r]}`)
      .join(', ');
    items.push(
      `- **Across hosts:** no placement found (${a.noPlacement.heuristic}); the largest host, ${code(a.noPlacement.largestHost, false)}, ${short ? `is ${short} short of holding everything` : 'cannot hold everything'}.`,
    );
  }
  const would = a.biggerHost?.verdict === 'warn' ? 'fit, but warn,' : 'pass';
  for (const h of a.smallestHost.slice(0, SHOW.hosts)) {
    const needs = needsText(h.needs, units);
    if (needs)
      items.push(
        `- **A bigger host:** ${code(h.host, false)} would ${would} with at least ${needs}.`,
      );
  }
  if (a.smallestHost.length > SHOW.hosts)
    items.push(`- and ${count(a.smallestHost.length - SHOW.hosts, 'more failing host')}.`);
  if (a.biggerHost && a.biggerHost.blockedBy.length > 0) {
    items.push(
      `- **A bigger host** would not help: the scenario still fails on ${a.biggerHost.blockedBy.map((c) => code(c, false)).join(', ')} whatever the size; fix that first.`,
    );
  }
  return items.length > 0 ? ['**Ways out**', '', ...items, ''] : [];
}

/** A fenced block longer than any run of backticks in its content, so no name can close it. */
function fence(lines: string[]): string[] {
  let longest = 2;
  for (const l of lines)
    for (const run of l.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const f = '`'.repeat(longest + 1);
  return [`${f}text`, ...lines, f];
}

function memoryDetails(s: ScenarioReport, report: Report, hosts: readonly HostReport[]): string[] {
  const charts = hosts
    .slice(0, SHOW.charts)
    .map((h) => memoryChart(h, report.units, s))
    .filter((c) => c.length > 0);
  if (charts.length === 0) return [];
  const body = charts.flatMap((c, i) => (i === 0 ? c : ['', ...c]));
  return [
    '<details><summary>How memory divides on each host</summary>',
    '',
    ...fence(body),
    '',
    '</details>',
    '',
  ];
}

function phasesDetails(s: ScenarioReport, report: Report, shown: readonly HostReport[]): string[] {
  const names = new Set(shown.map((h) => h.host));
  const lines = [
    `<details><summary>Phases (${s.phases.length})</summary>`,
    '',
    '| Phase | Host | Memory headroom | CPU headroom | Disk headroom | Verdict |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const p of s.phases.slice(0, SHOW.phases)) {
    for (const h of p.hosts) {
      if (!names.has(h.host)) continue;
      const cell = (resource: ResourceName) => {
        const r = h.resources[resource];
        if (r.verdict === 'unknown') return 'unknown';
        if (!r.headroom || !r.headroomPct) return '—';
        return `${amount(resource, r.headroom.worst, report.units)} (${formatPct(r.headroomPct.worst)})`;
      };
      lines.push(
        `| ${text(p.name)} | ${code(h.host)} | ${cell('memory')} | ${cell('cpus')} | ${cell('disk')} | ${verdictCell(h.verdict)} |`,
      );
    }
  }
  if (s.phases.length > SHOW.phases)
    lines.push(
      '',
      `${count(s.phases.length - SHOW.phases, 'more phase')} not shown; ${ALL_IN_JSON}.`,
    );
  lines.push('', '</details>', '');
  return lines;
}

function servicesDetails(s: ScenarioReport, report: Report): string[] {
  const total = s.hosts.reduce((n, h) => n + h.services.length, 0);
  const cut = total > SHOW.services;
  const lines = [
    `<details><summary>Services (${total}) and where their figures come from</summary>`,
    '',
    ...(cut
      ? [
          `The ${SHOW.services} largest by worst-case memory; ${count(total - SHOW.services, 'more service')} not shown, ${ALL_IN_JSON}.`,
          '',
        ]
      : []),
    '| Host | Service | Replicas | Memory | CPU | Disk | Ports | Figures from |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  const shown = cut
    ? largestServices(s.hosts, SHOW.services)
    : s.hosts.flatMap((h) => h.services.map((svc) => ({ h, svc })));
  {
    for (const { h, svc } of shown) {
      const fig = (resource: ResourceName) => serviceFigure(svc, resource, report.units);
      const notes = serviceNotes(svc);
      const name = code(svc.name) + (notes.length > 0 ? ` (${text(notes.join('; '))})` : '');
      const ports =
        svc.ports
          .map((p) =>
            code(
              `${p.hostIp ? `${p.hostIp}:` : ''}${p.port}${p.last !== undefined ? `-${p.last}` : ''}/${p.protocol}`,
            ),
          )
          .join(' ') || '—';
      // One entry per file, with the lines the figures are on: `capacity.yml:37,38,39`.
      const byFile = new Map<string, Set<number>>();
      for (const r of RESOURCES) {
        const src = svc.sources[r];
        if (!src) continue;
        const lines = byFile.get(src.file) ?? new Set<number>();
        if (src.line) lines.add(src.line);
        byFile.set(src.file, lines);
      }
      const from = [...byFile].map(([file, lines]) =>
        lines.size ? `${file}:${[...lines].join(',')}` : file,
      );
      lines.push(
        `| ${code(h.host)} | ${name} | ${svc.replicas} | ${fig('memory')} | ${fig('cpus')} | ${fig('disk')} | ${ports} | ${from.map((f) => code(f)).join(' ') || '—'} |`,
      );
    }
  }
  lines.push('', '</details>', '');
  return lines;
}

function findingsDetails(title: string, findings: readonly Finding[]): string[] {
  const failing = findings.filter((f) => f.level !== 'info').length;
  const open = failing > 0 ? ' open' : '';
  const lines = [`<details${open}><summary>${title} (${findings.length})</summary>`, ''];
  // The failing and warning ones first when they cannot all be shown.
  const shown =
    findings.length <= SHOW.findings
      ? findings
      : [
          ...findings.filter((f) => f.level === 'fail'),
          ...findings.filter((f) => f.level === 'warn'),
          ...findings.filter((f) => f.level === 'info'),
        ].slice(0, SHOW.findings);
  for (const f of shown) {
    const where = f.file
      ? `${code(`${f.file}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}`, false)} `
      : '';
    lines.push(`- ${ICON[f.level === 'info' ? 'info' : f.level]} ${where}${text(f.message)}`);
  }
  if (shown.length < findings.length)
    lines.push(`- … and ${count(findings.length - shown.length, 'more finding')}; ${ALL_IN_JSON}.`);
  lines.push('', '</details>', '');
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

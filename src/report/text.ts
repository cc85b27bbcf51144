/** The report for a terminal: aligned columns, no Markdown, control characters made visible. */
import { RESOURCES, type Finding, type Verdict } from '../model/types.js';
import { formatMoney, formatPct } from '../units/format.js';
import { changeLines, regressionLine } from './changes.js';
import { terminal } from './escape.js';
import { memoryChart } from './memory-chart.js';
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
import type { Advice, Report, ResourceVerdict } from './types.js';

const WORD: Record<ResourceVerdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'not-declared': '----',
  unknown: '----',
};

function pad(cells: string[][]): string[] {
  const widths: number[] = [];
  for (const row of cells)
    row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return cells.map((row) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd(),
  );
}

function findingLine(f: Finding): string {
  const where = f.file
    ? `${terminal(f.file)}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}: `
    : '';
  return `  ${f.level.padEnd(4)}  ${where}${terminal(f.message)}`;
}

/** Findings, with long runs of the same kind folded so the verdict stays on screen. */
function findingLines(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const total = new Map<string, number>();
  const shown = new Map<string, number>();
  for (const f of findings)
    total.set(`${f.level}/${f.code}`, (total.get(`${f.level}/${f.code}`) ?? 0) + 1);
  for (const f of findings) {
    const key = `${f.level}/${f.code}`;
    const n = shown.get(key) ?? 0;
    shown.set(key, n + 1);
    const all = total.get(key)!;
    if (n < 3 || all <= 4) out.push(findingLine(f));
    else if (n === 3)
      out.push(
        `  ${f.level.padEnd(4)}  ... and ${all - 3} more ${f.code} findings like these (--format json lists them all)`,
      );
  }
  return out;
}

function adviceLines(a: Advice, units: Report['units']): string[] {
  const out = ['  ways out:'];
  if (a.tier) {
    out.push(
      `    tier ${terminal(a.tier.tier)} would ${a.tier.verdict === 'pass' ? 'pass' : 'fit, but warn'}${a.tier.minHeadroomPct === null ? '' : ` (${formatPct(a.tier.minHeadroomPct)} worst-case headroom)`}`,
    );
  }
  if (a.placement) {
    const where = Object.entries(a.placement.hosts)
      .map(([h, list]) => `${terminal(h)}: ${list.map(terminal).join(', ')}`)
      .join('; ');
    out.push(`    across hosts (${a.placement.heuristic}): ${where}`);
  }
  if (a.noPlacement) {
    const short = RESOURCES.filter((r) => a.noPlacement!.shortBy[r] !== undefined)
      .map((r) => `${amount(r, a.noPlacement!.shortBy[r]!, units)} of ${RESOURCE_LABEL[r]}`)
      .join(', ');
    out.push(
      `    no placement across the hosts (${a.noPlacement.heuristic}); the largest, ${terminal(a.noPlacement.largestHost)}, ${short ? `is ${short} short` : 'cannot hold it'}`,
    );
  }
  const would = a.biggerHost?.verdict === 'warn' ? 'fit, but warn,' : 'pass';
  for (const h of a.smallestHost) {
    const needs = RESOURCES.filter((r) => h.needs[r] !== undefined).map(
      (r) => `${atLeast(r, h.needs[r]!, units)}${r === 'cpus' ? '' : ` ${r}`}`,
    );
    if (needs.length)
      out.push(`    ${terminal(h.host)} would ${would} with at least ${needs.join(', ')}`);
  }
  if (a.biggerHost && a.biggerHost.blockedBy.length > 0) {
    out.push(
      `    no bigger host helps: the scenario still fails on ${a.biggerHost.blockedBy.map(terminal).join(', ')}, whatever the size`,
    );
  }
  return out.length > 1 ? out : [];
}

export interface TextOptions {
  /**
   * Stop adding scenarios once the report is this many lines long, with a note: a log of
   * thousands of services helps nobody, and the JSON report has everything.
   */
  maxLines?: number;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const maxLines = options.maxLines ?? Infinity;
  const out: string[] = [];
  out.push(`headroom: ${WORD[report.verdict]}  ${terminal(report.manifest)}`);
  out.push(
    `judged on the ${report.policy.judge} case; warns below ${formatPct(report.policy.warnBelowPct)} headroom`,
  );
  if (report.changes) {
    const c = report.changes;
    const words = { name: terminal, text: terminal, verdict: (v: Verdict) => WORD[v] };
    out.push('', `changes since ${terminal(c.base.ref)}:`);
    out.push(...changeLines(c, report.units, report.policy.judge, words).map((l) => `  ${l}`));
    out.push(`  ${regressionLine(c, { text: terminal })}`);
  }
  out.push(...findingLines(report.findings));
  for (const [i, s] of report.scenarios.entries()) {
    if (out.length >= maxLines) {
      const rest = report.scenarios.slice(i);
      const failing = rest.filter((x) => x.verdict === 'fail').map((x) => terminal(x.name));
      out.push(
        '',
        `... ${rest.length} more scenario(s) not shown here${failing.length ? `, failing: ${failing.slice(0, 20).join(', ')}${failing.length > 20 ? ', ...' : ''}` : ''}; the JSON report has them all`,
      );
      break;
    }
    out.push('');
    const facts = [
      s.tier ? `tier ${terminal(s.tier)}` : null,
      s.required ? null : 'optional',
      s.peakPhase ? `tightest at ${terminal(s.peakPhase)}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    out.push(`${WORD[s.verdict]}  scenario ${terminal(s.name)}${facts ? ` (${facts})` : ''}`);
    const rows: string[][] = [
      ['', 'host', 'resource', 'capacity', 'demand', 'headroom (worst)', 'headroom (best)', 'fill'],
    ];
    for (const h of s.hosts) {
      for (const resource of RESOURCES) {
        const r = h.resources[resource];
        const fill = r.headroom ? fillPct(r, 'worst') : null;
        const known = coverage(r);
        rows.push([
          WORD[r.verdict],
          terminal(h.host),
          RESOURCE_LABEL[resource],
          r.capacity === null ? 'not declared' : amount(resource, r.capacity, report.units),
          span(resource, r.demand, report.units) + (known ? ` (${known})` : ''),
          headroomText(resource, r, report.units, 'worst'),
          r.headroom && r.headroom.best !== r.headroom.worst
            ? headroomText(resource, r, report.units, 'best')
            : '',
          fill === null ? '' : `${bar(fill)} ${Math.round(fill)}%`,
        ]);
      }
    }
    out.push(...pad(rows).map((l) => `  ${l}`));
    for (const h of s.hosts) {
      const snap = snapshotText(h, report.units, terminal);
      if (snap) out.push(`  ${snap}`);
    }
    for (const h of s.hosts) {
      const chart = memoryChart(h, report.units, s);
      if (chart.length > 0) out.push('', ...chart.map((l) => `    ${l}`), '');
    }
    if (s.phases.length > 0) {
      out.push('  phases:');
      const phaseRows = s.phases.map((p) => {
        const mins = p.hosts.flatMap((h) =>
          RESOURCES.filter(
            (r) => h.resources[r].headroomPct || h.resources[r].verdict === 'unknown',
          ).map((r) => {
            const pct = h.resources[r].headroomPct;
            return `${RESOURCE_LABEL[r]} ${pct ? formatPct(pct.worst) : 'unknown'}`;
          }),
        );
        return [WORD[p.verdict], terminal(p.name), mins.join(', ')];
      });
      out.push(...pad(phaseRows).map((l) => `    ${l}`));
    }
    const services = s.hosts.flatMap((h) => h.services.map((svc) => ({ h, svc })));
    if (services.length > 0) {
      out.push('  services:');
      const svcRows = services.map(({ h, svc }) => [
        terminal(svc.name),
        `on ${terminal(h.host)}`,
        `x${svc.replicas}`,
        `memory ${serviceFigure(svc, 'memory', report.units)}`,
        `cpu ${serviceFigure(svc, 'cpus', report.units)}`,
        `disk ${serviceFigure(svc, 'disk', report.units)}`,
        svc.sources.memory
          ? `from ${terminal(svc.sources.memory.file)}${svc.sources.memory.line ? `:${svc.sources.memory.line}` : ''}`
          : '',
        terminal(serviceNotes(svc).join('; ')),
      ]);
      out.push(...pad(svcRows).map((l) => `    ${l}`));
    }
    out.push(...findingLines(s.findings));
    if (s.advice) out.push(...adviceLines(s.advice, report.units));
  }
  if (report.cheapest) {
    const c = report.cheapest.cost;
    out.push(
      '',
      `cheapest scenario that fits: ${terminal(report.cheapest.scenario)} (${c.monthly.low === c.monthly.high ? formatMoney(c.monthly.low) : `${formatMoney(c.monthly.low)}-${formatMoney(c.monthly.high)}`}${c.currency ? ` ${terminal(c.currency)}` : ''} a month)`,
    );
  }
  out.push('', `verdict: ${WORD[report.verdict]}`);
  return out.join('\n') + '\n';
}

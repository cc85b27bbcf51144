/**
 * The report for a terminal: aligned columns, no Markdown, control characters made visible.
 *
 * It has a size budget (1 MB, or the lines the caller allows). A report that fits is shown
 * whole. One that does not is condensed: a line per scenario with its verdict and tightest
 * resource first, then each scenario with its tightest hosts and its largest services, as
 * much of each as its share of the budget holds. Whatever is left out says how much, and
 * where to see it.
 */
import { RESOURCES, type Finding, type ResourceName, type Verdict } from '../shared/terms.js';
import { formatBytes, formatCount, formatMoney, formatPct } from '../units/format.js';
import { changeLines, regressionLine } from './changes.js';
import { terminal } from './escape.js';
import { memoryChart } from './memory-chart.js';
import { hostMin, largestServices, tightest } from './rank.js';
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
  HostReport,
  Report,
  ResourceVerdict,
  ScenarioReport,
} from '../model/results.js';
import { append } from '../shared/lists.js';

const WORD: Record<ResourceVerdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'not-declared': '----',
  unknown: '----',
};

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** The default size budget, in bytes of UTF-8. */
export const TEXT_MAX_BYTES = 1_000_000;

/** Where to see what a condensed report leaves out. */
const SEE_ALL =
  'the JSON report (--format json) has everything; --scenario NAME shows one scenario alone';

export interface TextOptions {
  /**
   * Most lines. A report longer than this is condensed to fit: a log of thousands of
   * services helps nobody, and the JSON report has everything.
   */
  maxLines?: number;
  /** Most bytes; TEXT_MAX_BYTES by default. */
  maxBytes?: number;
}

/** How much of each part of a scenario a section shows; Infinity shows everything. */
interface Caps {
  hosts: number;
  services: number;
  charts: number;
  phases: number;
  /** Hosts, and services per host, that placement advice names. */
  adviceHosts: number;
  adviceNames: number;
}

const ALL: Caps = {
  hosts: Infinity,
  services: Infinity,
  charts: Infinity,
  phases: Infinity,
  adviceHosts: Infinity,
  adviceNames: Infinity,
};

/** Bytes of a line in UTF-8, and its line break. */
function bytesOf(line: string): number {
  let n = line.length + 1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // Surrogate pairs count 2 + 2: four bytes.
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/** Lines with a running count, refusing any that would take them past the budget. */
class Budget {
  lines = 0;
  bytes = 0;
  readonly out: string[] = [];

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {}

  fits(lines: readonly string[]): boolean {
    let bytes = 0;
    for (const l of lines) bytes += bytesOf(l);
    return this.lines + lines.length <= this.maxLines && this.bytes + bytes <= this.maxBytes;
  }

  /** Adds the lines if they fit; false (and nothing added) if not. */
  add(lines: readonly string[]): boolean {
    if (!this.fits(lines)) return false;
    for (const l of lines) {
      this.out.push(l);
      this.lines++;
      this.bytes += bytesOf(l);
    }
    return true;
  }

  /** Adds the lines whatever the budget: the few that say what was left out. */
  force(lines: readonly string[]): void {
    for (const l of lines) {
      this.out.push(l);
      this.lines++;
      this.bytes += bytesOf(l);
    }
  }
}

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

function count(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
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

function adviceLines(a: Advice, units: Report['units'], caps: Caps): string[] {
  const out = ['  ways out:'];
  if (a.tier) {
    out.push(
      `    tier ${terminal(a.tier.tier)} would ${a.tier.verdict === 'pass' ? 'pass' : 'fit, but warn'}${a.tier.minHeadroomPct === null ? '' : ` (${formatPct(a.tier.minHeadroomPct)} worst-case headroom)`}`,
    );
  }
  if (a.placement) {
    const entries = Object.entries(a.placement.hosts);
    const where = entries
      .slice(0, caps.adviceHosts)
      .map(([h, list]) => {
        const names = list.slice(0, caps.adviceNames).map(terminal).join(', ');
        const more = list.length - caps.adviceNames;
        return `${terminal(h)}: ${names}${more > 0 ? ` and ${formatCount(more)} more` : ''}`;
      })
      .join('; ');
    const moreHosts = entries.length - caps.adviceHosts;
    out.push(
      `    across hosts (${a.placement.heuristic}): ${where}${moreHosts > 0 ? `; and ${count(moreHosts, 'more host')} (${SEE_ALL})` : ''}`,
    );
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
  for (const h of a.smallestHost.slice(0, caps.hosts)) {
    const needs = RESOURCES.filter((r) => h.needs[r] !== undefined).map(
      (r) => `${atLeast(r, h.needs[r]!, units)}${r === 'cpus' ? '' : ` ${r}`}`,
    );
    if (needs.length)
      out.push(`    ${terminal(h.host)} would ${would} with at least ${needs.join(', ')}`);
  }
  if (a.smallestHost.length > caps.hosts)
    out.push(`    and ${count(a.smallestHost.length - caps.hosts, 'more failing host')}`);
  if (a.biggerHost && a.biggerHost.blockedBy.length > 0) {
    out.push(
      `    no bigger host helps: the scenario still fails on ${a.biggerHost.blockedBy.map(terminal).join(', ')}, whatever the size`,
    );
  }
  return out.length > 1 ? out : [];
}

function scenarioTitle(s: ScenarioReport): string {
  const facts = [
    s.tier ? `tier ${terminal(s.tier)}` : null,
    s.required ? null : 'optional',
    s.peakPhase ? `tightest at ${terminal(s.peakPhase)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${WORD[s.verdict]}  scenario ${terminal(s.name)}${facts ? ` (${facts})` : ''}`;
}

function scenarioSection(s: ScenarioReport, report: Report, caps: Caps): string[] {
  const out: string[] = ['', scenarioTitle(s)];
  const cut = s.hosts.length > caps.hosts;
  const hosts = cut ? tightest(s.hosts, caps.hosts + 1) : s.hosts;
  const rows: string[][] = [
    ['', 'host', 'resource', 'capacity', 'demand', 'headroom (worst)', 'headroom (best)', 'fill'],
  ];
  // When cut, one more host than shown is picked: the tightest of those left out.
  const next = cut ? hosts.pop()! : null;
  for (const h of hosts) {
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
  append(
    out,
    pad(rows).map((l) => `  ${l}`),
  );
  if (cut) {
    const rest = s.hosts.length - hosts.length;
    const min = hostMin(next!);
    out.push(
      `  ... ${count(rest, 'more host')} not shown, the tightest of them ${WORD[next!.verdict]} with ${min === Infinity ? 'nothing judged' : `${formatPct(min)} headroom`}; ${SEE_ALL}`,
    );
  }
  for (const h of hosts) {
    const snap = snapshotText(h, report.units, terminal);
    if (snap) out.push(`  ${snap}`);
  }
  for (const h of hosts.slice(0, caps.charts)) {
    const chart = memoryChart(h, report.units, s);
    if (chart.length > 0) append(out, ['', ...chart.map((l) => `    ${l}`), '']);
  }
  if (s.phases.length > 0) {
    out.push('  phases:');
    const phaseRows = s.phases.slice(0, caps.phases).map((p) => {
      const mins = p.hosts.flatMap((h) =>
        RESOURCES.filter(
          (r) => h.resources[r].headroomPct || h.resources[r].verdict === 'unknown',
        ).map((r) => {
          const pct = h.resources[r].headroomPct;
          return `${RESOURCE_LABEL[r]} ${pct ? formatPct(pct.worst) : 'unknown'}`;
        }),
      );
      return [WORD[p.verdict], terminal(p.name), mins.slice(0, 3 * caps.hosts).join(', ')];
    });
    append(
      out,
      pad(phaseRows).map((l) => `    ${l}`),
    );
    if (s.phases.length > caps.phases)
      out.push(
        `    ... ${count(s.phases.length - caps.phases, 'more phase')} not shown; ${SEE_ALL}`,
      );
  }
  let total = 0;
  for (const h of s.hosts) total += h.services.length;
  const cutServices = total > caps.services;
  const services = cutServices
    ? largestServices(s.hosts, caps.services)
    : s.hosts.flatMap((h) => h.services.map((svc) => ({ h, svc })));
  if (services.length > 0) {
    out.push(
      cutServices
        ? `  services, the largest ${formatCount(services.length)} by worst-case memory:`
        : '  services:',
    );
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
    append(
      out,
      pad(svcRows).map((l) => `    ${l}`),
    );
    if (cutServices)
      out.push(`    ... ${count(total - services.length, 'more service')} not shown; ${SEE_ALL}`);
  }
  append(out, findingLines(s.findings));
  if (s.advice) append(out, adviceLines(s.advice, report.units, caps));
  return out;
}

function head(report: Report): string[] {
  const out: string[] = [];
  out.push(`headroom: ${WORD[report.verdict]}  ${terminal(report.manifest)}`);
  out.push(
    `judged on the ${report.policy.judge} case; warns below ${formatPct(report.policy.warnBelowPct)} headroom`,
  );
  if (report.changes) {
    const c = report.changes;
    const words = { name: terminal, text: terminal, verdict: (v: Verdict) => WORD[v] };
    out.push('', `changes since ${terminal(c.base.ref)}:`);
    append(
      out,
      changeLines(c, report.units, report.policy.judge, words).map((l) => `  ${l}`),
    );
    out.push(`  ${regressionLine(c, { text: terminal })}`);
  }
  append(out, findingLines(report.findings));
  return out;
}

function tail(report: Report): string[] {
  const out: string[] = [];
  if (report.cheapest) {
    const c = report.cheapest.cost;
    out.push(
      '',
      `cheapest scenario that fits: ${terminal(report.cheapest.scenario)} (${c.monthly.low === c.monthly.high ? formatMoney(c.monthly.low) : `${formatMoney(c.monthly.low)}-${formatMoney(c.monthly.high)}`}${c.currency ? ` ${terminal(c.currency)}` : ''} a month)`,
    );
  }
  out.push('', `verdict: ${WORD[report.verdict]}`);
  return out;
}

/**
 * Every scenario in full, or null as soon as that goes past the budget. A report whose
 * services alone would take more lines than allowed (a service line is at least 40 bytes)
 * is not tried.
 */
function renderWhole(report: Report, budget: Budget): string[] | null {
  let least = 0;
  for (const s of report.scenarios) for (const h of s.hosts) least += 3 + h.services.length;
  if (least > budget.maxLines || least * 40 > budget.maxBytes) return null;
  if (!budget.add(head(report))) return null;
  for (const s of report.scenarios) if (!budget.add(scenarioSection(s, report, ALL))) return null;
  return budget.add(tail(report)) ? budget.out : null;
}

/** The tightest resource of a scenario, as its summary line shows it. */
function tightestText(s: ScenarioReport, units: Report['units']): string {
  let found: { h: HostReport; r: ResourceName; pct: number } | null = null;
  for (const h of s.hosts) {
    for (const r of RESOURCES) {
      const pct = h.resources[r].headroomPct?.worst;
      if (pct !== undefined && (!found || pct < found.pct)) found = { h, r, pct };
    }
  }
  if (!found) return 'nothing judged';
  return `${RESOURCE_LABEL[found.r]} on ${terminal(found.h.host)}: ${headroomText(found.r, found.h.resources[found.r], units, 'worst')}`;
}

/** The share of the budget one scenario section gets, as caps on what it shows. */
function capsFor(lines: number): Caps {
  return {
    hosts: Math.max(2, Math.floor(lines / 12)),
    services: Math.max(5, Math.floor(lines / 3)),
    charts: Math.floor(lines / 40),
    phases: Math.max(4, Math.floor(lines / 10)),
    adviceHosts: Math.max(3, Math.floor(lines / 20)),
    adviceNames: Math.max(5, Math.floor(lines / 20)),
  };
}

/** Bytes a line of a scenario section takes on average, to turn bytes into lines. */
const LINE_BYTES = 120;

function renderCondensed(report: Report, maxLines: number, maxBytes: number): string[] {
  const closing = tail(report);
  // The closing lines and the note on what is left out always fit: room is kept for them.
  let closingBytes = 0;
  for (const l of closing) closingBytes += bytesOf(l);
  const room = new Budget(maxLines - closing.length - 3, maxBytes - closingBytes - 1_500);
  const scenarios = report.scenarios;

  room.add(head(report));
  const tally = { fail: 0, warn: 0, pass: 0 };
  for (const s of scenarios) tally[s.verdict]++;
  const limit =
    maxBytes === Infinity || (maxLines !== Infinity && maxLines * LINE_BYTES < maxBytes)
      ? `${maxLines} lines`
      : formatBytes(maxBytes);
  room.add([
    '',
    `${count(scenarios.length, 'scenario')}: ${tally.fail} fail, ${tally.warn} warn, ${tally.pass} pass. The whole report is longer than ${limit}, so each scenario shows its tightest hosts and its largest services; ${SEE_ALL}.`,
  ]);

  // A line per scenario, failing ones first when they cannot all be listed.
  const listRoom = Math.max(0, Math.min(100, Math.floor((room.maxLines - room.lines) / 4)));
  const listed =
    scenarios.length <= listRoom
      ? scenarios
      : scenarios
          .map((s, i) => ({ s, i }))
          .sort((a, b) => RANK[b.s.verdict] - RANK[a.s.verdict] || a.i - b.i)
          .slice(0, listRoom)
          .sort((a, b) => a.i - b.i)
          .map((x) => x.s);
  const summary = pad(
    listed.map((s) => [
      WORD[s.verdict],
      terminal(s.name),
      [s.tier ? `tier ${terminal(s.tier)}` : '', s.required ? '' : 'optional']
        .filter(Boolean)
        .join(', '),
      `tightest: ${tightestText(s, report.units)}`,
    ]),
  );
  let inSummary = 0;
  if (summary.length > 0 && room.add(['', 'scenarios:'])) {
    for (const l of summary) {
      if (!room.add([`  ${l}`])) break;
      inSummary++;
    }
  }
  if (inSummary < scenarios.length) {
    const rest = { fail: 0, warn: 0, pass: 0 };
    for (const s of scenarios) rest[s.verdict]++;
    for (const s of listed.slice(0, inSummary)) rest[s.verdict]--;
    room.force([
      `  ... ${count(scenarios.length - inSummary, 'more scenario')} not listed (${rest.fail} fail, ${rest.warn} warn, ${rest.pass} pass); ${SEE_ALL}`,
    ]);
  }

  // Each scenario's share of what is left, the same for all: scenarios of the same services
  // then show the same cut, which is ranked once.
  const lines = Math.min(
    (room.maxLines - room.lines) / scenarios.length,
    (room.maxBytes - room.bytes) / scenarios.length / LINE_BYTES,
  );
  let shown = 0;
  for (const s of scenarios) {
    // A smaller cut of the same scenario may still fit when its share does not; else stop.
    if (!room.add(scenarioSection(s, report, capsFor(lines)))) {
      if (!room.add(scenarioSection(s, report, capsFor(0)))) break;
    }
    shown++;
  }
  if (shown < scenarios.length) {
    const rest = scenarios.slice(shown);
    const failing = rest.filter((x) => x.verdict === 'fail').map((x) => terminal(x.name));
    room.force([
      '',
      `... ${rest.length} more scenario(s) not shown here${failing.length ? `, failing: ${failing.slice(0, 20).join(', ')}${failing.length > 20 ? ', ...' : ''}` : ''}; ${SEE_ALL}`,
    ]);
  }
  room.force(closing);
  return room.out;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const maxLines = options.maxLines ?? Infinity;
  const maxBytes = options.maxBytes ?? TEXT_MAX_BYTES;
  const whole = renderWhole(report, new Budget(maxLines, maxBytes));
  return (whole ?? renderCondensed(report, maxLines, maxBytes)).join('\n') + '\n';
}

/**
 * The report for a terminal: aligned columns, no Markdown, control characters made visible.
 *
 * It has a size budget (1 MB, or the lines the caller allows). A report that fits is shown
 * whole. One that does not is condensed: a line per scenario with its verdict and tightest
 * resource first, then each scenario with its tightest hosts and its largest services, as
 * much of each as its share of the budget holds. Whatever is left out says how much, and
 * where to see it.
 */
import { RESOURCES, type ResourceName, type Verdict } from '../shared/terms.js';
import { formatBytes, formatMoney, formatPct } from '../units/format.js';
import { append } from '../shared/lists.js';
import { changeLines, regressionLine } from './changes.js';
import { terminal } from './escape.js';
import { RESOURCE_LABEL, count, headroomText } from './figures.js';
import { Budget, bytesOf } from './text-budget.js';
import { ALL, SEE_ALL, WORD, findingLines, pad, type Caps } from './text-layout.js';
import { scenarioSection } from './text-scenario.js';
import type { HostReport, Report, ScenarioReport } from '../model/results.js';

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** The default size budget, in bytes of UTF-8. */
export const TEXT_MAX_BYTES = 1_000_000;

export interface TextOptions {
  /**
   * Most lines. A report longer than this is condensed to fit: a log of thousands of
   * services helps nobody, and the JSON report has everything.
   */
  maxLines?: number;
  /** Most bytes; TEXT_MAX_BYTES by default. */
  maxBytes?: number;
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
  room.add(head(report));
  room.add(condensedNote(report.scenarios, maxLines, maxBytes));
  listScenarios(room, report);
  addSections(room, report);
  room.force(closing);
  return room.out;
}

/** The verdicts counted, and why each scenario shows only part of itself. */
function condensedNote(
  scenarios: readonly ScenarioReport[],
  maxLines: number,
  maxBytes: number,
): string[] {
  const tally = { fail: 0, warn: 0, pass: 0 };
  for (const s of scenarios) tally[s.verdict]++;
  const limit =
    maxBytes === Infinity || (maxLines !== Infinity && maxLines * LINE_BYTES < maxBytes)
      ? `${maxLines} lines`
      : formatBytes(maxBytes);
  return [
    '',
    `${count(scenarios.length, 'scenario')}: ${tally.fail} fail, ${tally.warn} warn, ${tally.pass} pass. The whole report is longer than ${limit}, so each scenario shows its tightest hosts and its largest services; ${SEE_ALL}.`,
  ];
}

/** A line per scenario, failing ones first when they cannot all be listed. */
function listScenarios(room: Budget, report: Report): void {
  const scenarios = report.scenarios;
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
}

/** As many scenario sections as fit, each cut to an equal share of what is left. */
function addSections(room: Budget, report: Report): void {
  const scenarios = report.scenarios;
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
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const maxLines = options.maxLines ?? Infinity;
  const maxBytes = options.maxBytes ?? TEXT_MAX_BYTES;
  const whole = renderWhole(report, new Budget(maxLines, maxBytes));
  return (whole ?? renderCondensed(report, maxLines, maxBytes)).join('\n') + '\n';
}

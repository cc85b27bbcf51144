/**
 * One scenario of the text report: its hosts' resources as a table, snapshots, memory
 * charts, phases, services, findings and ways out, each cut to the section's caps.
 */
import { RESOURCES } from '../shared/terms.js';
import { formatCount, formatPct } from '../units/format.js';
import { append } from '../shared/lists.js';
import { terminal } from './escape.js';
import {
  RESOURCE_LABEL,
  bar,
  count,
  resourceCells,
  serviceFigure,
  serviceNotes,
  snapshotText,
} from './figures.js';
import { memoryChart } from './memory-chart.js';
import { hostMin, largestServices, tightest } from './rank.js';
import { adviceLines } from './text-advice.js';
import { SEE_ALL, WORD, findingLines, pad, type Caps } from './text-layout.js';
import type {
  HostReport,
  PhaseReport,
  Report,
  ScenarioReport,
  ServiceReport,
} from '../model/results.js';

type Units = Report['units'];

export function scenarioSection(s: ScenarioReport, report: Report, caps: Caps): string[] {
  const { units } = report;
  const out: string[] = ['', scenarioTitle(s)];
  const cut = s.hosts.length > caps.hosts;
  const hosts = cut ? tightest(s.hosts, caps.hosts + 1) : s.hosts;
  // When cut, one more host than shown is picked: the tightest of those left out.
  const next = cut ? hosts.pop()! : null;
  append(out, hostTable(hosts, units));
  if (next) out.push(hostsLeftOut(s.hosts.length - hosts.length, next));
  for (const h of hosts) {
    const snap = snapshotText(h, units, terminal);
    if (snap) out.push(`  ${snap}`);
  }
  for (const h of hosts.slice(0, caps.charts)) {
    const chart = memoryChart(h, units, s);
    if (chart.length > 0) append(out, ['', ...chart.map((l) => `    ${l}`), '']);
  }
  if (s.phases.length > 0) append(out, phaseLines(s.phases, caps));
  append(out, serviceLines(s.hosts, units, caps));
  append(out, findingLines(s.findings));
  if (s.advice) append(out, adviceLines(s.advice, units, caps));
  return out;
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

/** A row per host and resource: capacity, demand, headroom in both cases, fill. */
function hostTable(hosts: readonly HostReport[], units: Units): string[] {
  const rows: string[][] = [
    ['', 'host', 'resource', 'capacity', 'demand', 'headroom (worst)', 'headroom (best)', 'fill'],
  ];
  for (const h of hosts) {
    for (const resource of RESOURCES) {
      const r = h.resources[resource];
      const c = resourceCells(resource, r, units);
      rows.push([
        WORD[r.verdict],
        terminal(h.host),
        c.label,
        c.capacity ?? 'not declared',
        c.demand,
        c.worst,
        c.best ?? '',
        c.fill === null ? '' : `${bar(c.fill)} ${Math.round(c.fill)}%`,
      ]);
    }
  }
  return pad(rows).map((l) => `  ${l}`);
}

function hostsLeftOut(rest: number, next: HostReport): string {
  const min = hostMin(next);
  return `  ... ${count(rest, 'more host')} not shown, the tightest of them ${WORD[next.verdict]} with ${min === Infinity ? 'nothing judged' : `${formatPct(min)} headroom`}; ${SEE_ALL}`;
}

/** A line per phase with its hosts' worst-case headroom. */
function phaseLines(phases: readonly PhaseReport[], caps: Caps): string[] {
  const out = ['  phases:'];
  const rows = phases.slice(0, caps.phases).map((p) => {
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
    pad(rows).map((l) => `    ${l}`),
  );
  if (phases.length > caps.phases)
    out.push(`    ... ${count(phases.length - caps.phases, 'more phase')} not shown; ${SEE_ALL}`);
  return out;
}

/** A line per service (the largest by worst-case memory when they are too many). */
function serviceLines(hosts: readonly HostReport[], units: Units, caps: Caps): string[] {
  let total = 0;
  for (const h of hosts) total += h.services.length;
  const cut = total > caps.services;
  const services = cut
    ? largestServices(hosts, caps.services)
    : hosts.flatMap((h) => h.services.map((svc) => ({ h, svc })));
  if (services.length === 0) return [];
  const out = [
    cut
      ? `  services, the largest ${formatCount(services.length)} by worst-case memory:`
      : '  services:',
  ];
  append(
    out,
    pad(services.map(({ h, svc }) => serviceRow(h, svc, units))).map((l) => `    ${l}`),
  );
  if (cut)
    out.push(`    ... ${count(total - services.length, 'more service')} not shown; ${SEE_ALL}`);
  return out;
}

function serviceRow(h: HostReport, svc: ServiceReport, units: Units): string[] {
  return [
    terminal(svc.name),
    `on ${terminal(h.host)}`,
    `x${svc.replicas}`,
    `memory ${serviceFigure(svc, 'memory', units)}`,
    `cpu ${serviceFigure(svc, 'cpus', units)}`,
    `disk ${serviceFigure(svc, 'disk', units)}`,
    svc.sources.memory
      ? `from ${terminal(svc.sources.memory.file)}${svc.sources.memory.line ? `:${svc.sources.memory.line}` : ''}`
      : '',
    terminal(serviceNotes(svc).join('; ')),
  ];
}

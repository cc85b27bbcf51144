/**
 * One scenario of the Markdown report: a row per host and resource, the snapshots its hosts
 * took figures from and the ways out, then its phases, memory, services and findings
 * collapsed below.
 */
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import { append } from '../shared/lists.js';
import { code, htmlCode, text } from './escape.js';
import { amount, bar, count, resourceCells, snapshotText } from './figures.js';
import { adviceLines } from './markdown-advice.js';
import {
  findingsDetails,
  memoryDetails,
  phasesDetails,
  servicesDetails,
} from './markdown-details.js';
import { ALL_IN_JSON, ICON, SHOW, verdictCell } from './markdown-layout.js';
import { tightest as tightestHosts } from './rank.js';
import type { HostReport, Report, ScenarioReport } from '../model/results.js';

export function scenarioSection(s: ScenarioReport, report: Report): string[] {
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

function resourceRow(host: HostReport, resource: ResourceName, units: Report['units']): string {
  const r = host.resources[resource];
  const c = resourceCells(resource, r, units);
  if (!r.declared) {
    return `| ${code(host.host)} | ${c.label} | not declared | — | ${c.demand} | — | | ${verdictCell('not-declared')} |`;
  }
  const setAside = r.used + r.reserve;
  if (!r.headroom) {
    return `| ${code(host.host)} | ${c.label} | ${amount(resource, r.capacity!, units)} | ${setAside > 0 ? amount(resource, setAside, units) : '—'} | ${c.demand} | unknown: no service here has a figure | | ${verdictCell(r.verdict)} |`;
  }
  let room = `**${c.worst}**`;
  if (c.best !== null) room += ` · best ${c.best}`;
  const fillText = c.fill === null ? '' : `\`${bar(c.fill)}\` ${Math.round(c.fill)}%`;
  return `| ${code(host.host)} | ${c.label} | ${amount(resource, r.capacity!, units)} | ${setAside > 0 ? amount(resource, setAside, units) : '—'} | ${c.demand} | ${room} | ${fillText} | ${verdictCell(r.verdict)} |`;
}

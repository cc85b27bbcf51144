/** The collapsed parts of a Markdown scenario section: phases, memory, services, findings. */
import { RESOURCES, type Finding, type ResourceName } from '../shared/terms.js';
import { formatPct } from '../units/format.js';
import { code, text } from './escape.js';
import { amount, count, serviceFigure, serviceNotes } from './figures.js';
import { ALL_IN_JSON, ICON, SHOW, verdictCell } from './markdown-layout.js';
import { memoryChart } from './memory-chart.js';
import { largestServices } from './rank.js';
import type { HostReport, Report, ScenarioReport } from '../model/results.js';

/** A fenced block longer than any run of backticks in its content, so no name can close it. */
function fence(lines: string[]): string[] {
  let longest = 2;
  for (const l of lines)
    for (const run of l.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const f = '`'.repeat(longest + 1);
  return [`${f}text`, ...lines, f];
}

export function memoryDetails(
  s: ScenarioReport,
  report: Report,
  hosts: readonly HostReport[],
): string[] {
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

export function phasesDetails(
  s: ScenarioReport,
  report: Report,
  shown: readonly HostReport[],
): string[] {
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

export function servicesDetails(s: ScenarioReport, report: Report): string[] {
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

export function findingsDetails(title: string, findings: readonly Finding[]): string[] {
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

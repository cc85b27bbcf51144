/** A failing scenario's ways out, in the text report. */
import { RESOURCES } from '../shared/terms.js';
import { formatCount, formatPct } from '../units/format.js';
import { terminal } from './escape.js';
import { RESOURCE_LABEL, amount, atLeast, count } from './figures.js';
import { SEE_ALL, type Caps } from './text-layout.js';
import type { Advice, Report } from '../model/results.js';

export function adviceLines(a: Advice, units: Report['units'], caps: Caps): string[] {
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

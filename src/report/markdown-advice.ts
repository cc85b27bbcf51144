/** A failing scenario's ways out, in the Markdown report. */
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import { formatPct } from '../units/format.js';
import { code } from './escape.js';
import { RESOURCE_LABEL, amount, atLeast, count } from './figures.js';
import { ALL_IN_JSON, SHOW } from './markdown-layout.js';
import type { Advice, Report } from '../model/results.js';

function needsText(needs: Partial<Record<ResourceName, number>>, units: Report['units']): string {
  return RESOURCES.filter((r) => needs[r] !== undefined)
    .map((r) => `${atLeast(r, needs[r]!, units)} ${r === 'cpus' ? '' : r}`.trim())
    .join(', ');
}

export function adviceLines(a: Advice, units: Report['units']): string[] {
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

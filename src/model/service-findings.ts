/**
 * Findings about the services a scenario places, rather than about its hosts: a service with
 * no figure for a resource its host declares (counted as 0), a compose service nothing caps
 * the memory of, and an estimate above the service's own compose memory limit.
 */
import { formatBytes } from '../units/format.js';
import { bit, figureFor } from './demand.js';
import { finding } from './finding.js';
import { slotsOfRow } from './placed.js';
import type { PlacedScenario } from './placed-scenario.js';
import { RESOURCES, type Finding } from '../shared/terms.js';
import type { HostSpec, ServiceSpec } from './types.js';

/** Bit r set when the host declares a capacity for RESOURCES[r]. */
function declaredMask(host: HostSpec): number {
  let mask = 0;
  RESOURCES.forEach((r, i) => {
    if (host.capacity[r] !== undefined) mask |= bit(i);
  });
  return mask;
}

function hasTiers(s: ServiceSpec): boolean {
  return RESOURCES.some((r) => s[r]?.kind === 'tiers');
}

/** Rows that may need a finding: a figure missing, or a memory limit to compare with. */
function suspectRows(placed: PlacedScenario): number[] {
  const { cache, own, rows, sized, specAt, scenario } = placed;
  const find = () => {
    const out: number[] = [];
    for (let i = 0; i < rows.names.length; i++) {
      const z = sized[i]!;
      if (z.steady && (z.known !== 7 || specAt(i).memoryLimit)) out.push(i);
    }
    return out;
  };
  return own ? cache.suspects.get(rows.service, scenario.tier, find) : find();
}

export function serviceFindings(placed: PlacedScenario): Finding[] {
  const { rows, sized, specAt, scenario, usedHosts, hostName, policy } = placed;
  const findings: Finding[] = [];
  const declaredOn = usedHosts.map(declaredMask);
  for (const i of suspectRows(placed)) {
    const z = sized[i]!;
    const s = specAt(i);
    const name = rows.names[i]!;
    const on = slotsOfRow(rows, i);
    let declared = 0;
    for (const k of on) declared |= declaredOn[k]!;
    const missingMask = declared & ~z.known;
    const missing = RESOURCES.filter((_, r) => (missingMask & bit(r)) !== 0);
    const where = on.map((k) => `"${hostName(k)}"`).join(' and ');
    if (missing.includes('memory') && s.origin === 'compose') {
      findings.push(
        finding(
          policy.unestimated,
          'unbounded',
          `"${name}" has no memory limit or reservation in its compose file and no estimate in the manifest: nothing caps its memory, so it is counted as 0`,
          s.source,
        ),
      );
    }
    const rest = s.origin === 'compose' ? missing.filter((r) => r !== 'memory') : missing;
    if (rest.length > 0) {
      findings.push(
        finding(
          policy.unestimated,
          'unestimated',
          `"${name}" has no ${rest.join(' or ')} figure${scenario.tier && hasTiers(s) ? ` for tier "${scenario.tier}"` : ''}, so it is counted as 0 on ${where}`,
          s.source,
        ),
      );
    }
    const over = exceedsLimit(s, name, placed);
    if (over) findings.push(over);
  }
  return findings;
}

/** An estimate the container could never reach: its compose memory limit kills it first. */
function exceedsLimit(s: ServiceSpec, name: string, placed: PlacedScenario): Finding | null {
  const { scenario, policy } = placed;
  const limit = s.memoryLimit;
  const mem = figureFor(s.memory, scenario.tier);
  if (!limit || !mem || mem.high <= limit.high) return null;
  return finding(
    'warn',
    'exceeds-limit',
    `the estimate of "${name}"${scenario.tier && s.memory?.kind === 'tiers' ? ` for tier "${scenario.tier}"` : ''} (${formatBytes(mem.high, policy.units)}) is above its compose memory limit (${formatBytes(limit.high, policy.units)}${limit.source.line ? `, ${limit.source.file}:${limit.source.line}` : ''}): the container would be killed at its limit before reaching it`,
    mem.source,
  );
}

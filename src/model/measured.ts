/**
 * One scenario's view of what host snapshots measured: what each placed service uses now
 * comes out of the used of the host it was measured on (the model counts the service where
 * the scenario places it, which may be another host), a service with no memory figure is
 * sized by what it uses now, and an estimate below that is a warning.
 */
import { formatBytes } from '../units/format.js';
import type { Figure, HostSpec, Measurement, Policy, ScenarioSpec, ServiceSpec } from './types.js';
import type { Finding } from '../shared/terms.js';

export interface MeasuredView {
  hosts: ReadonlyMap<string, HostSpec>;
  services: ReadonlyMap<string, ServiceSpec>;
  findings: Finding[];
  /** Memory of placed services taken out of each host's used. */
  takenOut: ReadonlyMap<string, number>;
  /** Services sized by their measurement, with it. */
  sized: ReadonlyMap<string, Measurement>;
}

/**
 * The measurement that sizes a service: the largest per replica on the hosts it is placed
 * on (a global service runs on several), else the largest anywhere.
 */
export function measurementFor(s: ServiceSpec, hosts: readonly string[]): Measurement | undefined {
  const largest = (list: readonly Measurement[]) =>
    [...list].sort((a, b) => b.memory / b.count - a.memory / a.count)[0];
  const list = s.measured ?? [];
  return largest(list.filter((m) => hosts.includes(m.host))) ?? largest(list);
}

function perReplica(m: Measurement): number {
  return Math.round(m.memory / m.count);
}

function measuredWords(m: Measurement, units: Policy['units']): string {
  const each = m.count > 1 ? ` per replica, ${m.count} measured` : '';
  return `${formatBytes(perReplica(m), units)}${each}, in ${m.source.file} taken ${m.taken}`;
}

export function measuredView(
  scenario: ScenarioSpec,
  hosts: ReadonlyMap<string, HostSpec>,
  services: ReadonlyMap<string, ServiceSpec>,
  policy: Policy,
  memoryFigure: (s: ServiceSpec) => Figure | undefined,
): MeasuredView {
  const view: MeasuredView = {
    hosts,
    services,
    findings: [],
    takenOut: new Map(),
    sized: new Map(),
  };
  const placedMeasured: Array<[string, readonly string[]]> = [];
  for (const entry of scenario.placement)
    if (services.get(entry[0])?.measured) placedMeasured.push(entry);
  if (placedMeasured.length === 0) return view;

  const takenOut = new Map<string, number>();
  const sized = new Map<string, Measurement>();
  const adjusted = new Map(services);
  for (const [name, hostNames] of placedMeasured) {
    const s = services.get(name)!;
    const m = measurementFor(s, hostNames)!;
    for (const each of s.measured!) {
      if (hosts.get(each.host)?.snapshot?.used.includes('memory')) {
        takenOut.set(each.host, (takenOut.get(each.host) ?? 0) + each.memory);
      }
    }
    const f = memoryFigure(s);
    // A figure from `defaults:` is a guess for every service alike: what it uses now is better.
    if (!f || f.defaulted) {
      const each = perReplica(m);
      adjusted.set(name, {
        ...s,
        memory: { kind: 'figure', figure: { low: each, high: each, source: m.source } },
      });
      sized.set(name, m);
    } else if (f.high < m.memory / m.count) {
      view.findings.push({
        level: 'warn',
        code: 'estimate-below-measured',
        message: `the worst-case memory estimate of "${name}" (${formatBytes(f.high, policy.units)}) is below what it uses now (${measuredWords(m, policy.units)})`,
        file: f.source.file,
        line: f.source.line,
        column: f.source.column,
      });
    }
  }

  const adjustedHosts = new Map(hosts);
  for (const [hostName, out] of takenOut) {
    const host = hosts.get(hostName)!;
    const used = host.used.memory ?? 0;
    if (out > used) {
      view.findings.push({
        level: 'info',
        code: 'measured-above-used',
        message: `the services placed on "${hostName}" use ${formatBytes(out, policy.units)} by its snapshot, more than the ${formatBytes(used, policy.units)} the snapshot counts as used (the kernel counts some page cache differently per service): nothing else is counted as used`,
        file: host.snapshot!.source.file,
        line: host.snapshot!.source.line,
        column: host.snapshot!.source.column,
      });
    }
    adjustedHosts.set(hostName, {
      ...host,
      used: { ...host.used, memory: Math.max(0, used - out) },
    });
  }
  return { hosts: adjustedHosts, services: adjusted, findings: view.findings, takenOut, sized };
}

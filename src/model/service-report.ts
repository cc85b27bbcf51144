/**
 * A placed service as the report shows it: its figures under the scenario's tier, all
 * replicas together, with where each came from. The same service in the same tier reads the
 * same in every scenario, so each is made once and shared; the JSON report writes it once.
 */
import type { Pair, ServiceReport, SourceRef } from './results.js';
import { figureFor } from './demand.js';
import { pairInReportUnits } from './report-units.js';
import { measurementFor } from './measured.js';
import { RESOURCES, type ResourceName } from '../shared/terms.js';
import { type Figure, type Measurement } from './types.js';
import type { ServiceSpec } from './types.js';
import type { Source } from '../shared/terms.js';

/** Sources as the report writes them, made once per source: every tier's report shares them. */
const SOURCE_REFS = new WeakMap<Source, SourceRef>();

export function sourceRef(s: Source): SourceRef {
  let r = SOURCE_REFS.get(s);
  if (!r) {
    r = s.line !== undefined ? { file: s.file, line: s.line, column: s.column } : { file: s.file };
    SOURCE_REFS.set(s, r);
  }
  return r;
}

function figureSourceRef(f: Figure): SourceRef {
  return f.defaulted ? { ...sourceRef(f.source), kind: 'defaults' } : sourceRef(f.source);
}

function serviceReport(
  s: ServiceSpec,
  tier: string | undefined,
  host: string,
  sizedBy: Measurement | undefined,
): ServiceReport {
  const pair = (r: ResourceName): Pair | null => {
    const f = figureFor(s[r], tier);
    return f
      ? pairInReportUnits(r, { best: f.low * s.replicas, worst: f.high * s.replicas })
      : null;
  };
  const sources: ServiceReport['sources'] = { service: sourceRef(s.source) };
  for (const r of RESOURCES) {
    const f = figureFor(s[r], tier);
    if (f) sources[r] = figureSourceRef(f);
  }
  if (s.replicasSource) sources.replicas = sourceRef(s.replicasSource);
  if (s.memoryLimit) sources.memoryLimit = sourceRef(s.memoryLimit.source);
  if (s.refinedBy) sources.refinedBy = sourceRef(s.refinedBy);
  if (s.oneshot?.value) sources.oneshot = sourceRef(s.oneshot.source);
  if (s.global) sources.global = sourceRef(s.global);
  if (sizedBy)
    sources.memory = { ...sourceRef(sizedBy.source), kind: 'snapshot', taken: sizedBy.taken };
  const measured = s.measured ? measurementFor(s, [host]) : undefined;
  if (measured)
    sources.measured = { ...sourceRef(measured.source), kind: 'snapshot', taken: measured.taken };
  return {
    name: s.name,
    origin: s.origin,
    replicas: s.replicas,
    memory: pair('memory'),
    cpus: pair('cpus'),
    disk: pair('disk'),
    ports: s.ports.map((p) => ({
      port: p.port,
      ...(p.last !== undefined ? { last: p.last } : {}),
      protocol: p.protocol,
      hostIp: p.hostIp,
    })),
    sources,
    memoryLimit: s.memoryLimit ? s.memoryLimit.high : null,
    oneshot: s.oneshot?.value
      ? { reason: s.oneshot.reason, waitedOnBy: s.oneshot.waitedOnBy ?? null }
      : null,
    global: s.global !== undefined,
    ...(measured ? { measured: { memory: measured.memory } } : {}),
  };
}

/** Service reports made once per service, tier and (for a measured service) host. */
export class ServiceReports {
  private readonly made = new Map<ServiceSpec, Map<string | undefined, ServiceReport>>();
  private readonly measured = new Map<ServiceSpec, Map<string, ServiceReport>>();

  get(
    s: ServiceSpec,
    tier: string | undefined,
    host: string,
    sizedBy: Measurement | undefined,
  ): ServiceReport {
    // A measured service reads differently on each host (what it uses there); a service
    // sized by a measurement is a spec of its scenario's own, so it is never shared.
    if (s.measured) {
      const key = `${tier === undefined ? '' : `=${tier}`}\u0000${host}`;
      let byKey = this.measured.get(s);
      if (!byKey) this.measured.set(s, (byKey = new Map<string, ServiceReport>()));
      let report = byKey.get(key);
      if (!report) byKey.set(key, (report = serviceReport(s, tier, host, sizedBy)));
      return report;
    }
    // Without figures per tier, a service reads the same in every tier: one report for all.
    const key = RESOURCES.some((r) => s[r]?.kind === 'tiers') ? tier : undefined;
    let byTier = this.made.get(s);
    if (!byTier) this.made.set(s, (byTier = new Map<string | undefined, ServiceReport>()));
    let report = byTier.get(key);
    if (!report) byTier.set(key, (report = serviceReport(s, tier, host, sizedBy)));
    return report;
  }
}

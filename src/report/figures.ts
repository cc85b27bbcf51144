/** One way to print a figure of any resource, shared by the Markdown and text renderers. */
import type { ResourceName } from '../shared/terms.js';
import {
  formatBytes,
  formatBytesDelta,
  formatCores,
  formatCoresDelta,
  formatCount,
  formatPct,
} from '../units/format.js';
import type { UnitFamily } from '../units/parse.js';
import type { HostReport, Pair, ResourceReport, ServiceReport } from '../model/results.js';

/** A number of things in words: "1 more host", "3 more hosts". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function amount(resource: ResourceName, value: number, units: UnitFamily): string {
  return resource === 'cpus'
    ? `${formatCores(value)} ${Math.abs(value) === 1 ? 'core' : 'cores'}`
    : formatBytes(value, units);
}

/** A minimum, rounded up for display so it is never shown below what is needed. */
export function atLeast(resource: ResourceName, value: number, units: UnitFamily): string {
  return resource === 'cpus'
    ? `${formatCores(value, 'up')} cores`
    : formatBytes(value, units, 'up');
}

export function delta(resource: ResourceName, value: number, units: UnitFamily): string {
  return resource === 'cpus' ? `${formatCoresDelta(value)} cores` : formatBytesDelta(value, units);
}

/** "2.07 GB" when both ends agree, "2.07-2.77 GB" style otherwise. */
export function span(resource: ResourceName, p: Pair, units: UnitFamily): string {
  if (p.best === p.worst) return amount(resource, p.worst, units);
  return `${amount(resource, p.best, units)} – ${amount(resource, p.worst, units)}`;
}

export function headroomText(
  resource: ResourceName,
  r: ResourceReport,
  units: UnitFamily,
  which: 'best' | 'worst',
): string {
  if (!r.headroom || !r.headroomPct) return r.verdict === 'unknown' ? 'unknown' : 'not declared';
  return `${amount(resource, r.headroom[which], units)} (${formatPct(r.headroomPct[which])})`;
}

/** Share of capacity taken in the judged case, used, reserve and demand together. */
export function fillPct(r: ResourceReport, which: 'best' | 'worst'): number | null {
  if (r.capacity === null || r.capacity === 0) return null;
  return ((r.used + r.reserve + r.demand[which]) / r.capacity) * 100;
}

/** A ten-cell bar: ███████░░░ ; over capacity it is full and marked. */
export function bar(fill: number | null, width = 10): string {
  if (fill === null) return '';
  const cells = Math.max(0, Math.min(width, Math.round((fill / 100) * width)));
  return '█'.repeat(cells) + '░'.repeat(width - cells);
}

export const RESOURCE_LABEL: Record<ResourceName, string> = {
  memory: 'memory',
  cpus: 'CPU',
  disk: 'disk',
};

/** The figures of one resource of a host, as both renderers tabulate them. */
export interface ResourceCells {
  label: string;
  /** Null when the host does not declare the resource. */
  capacity: string | null;
  /** The demand, with how much of it is known. */
  demand: string;
  worst: string;
  /** Null when the best case is the worst. */
  best: string | null;
  /** Share of capacity taken in the worst case; null when there is no headroom to fill. */
  fill: number | null;
}

export function resourceCells(
  resource: ResourceName,
  r: ResourceReport,
  units: UnitFamily,
): ResourceCells {
  const known = coverage(r);
  return {
    label: RESOURCE_LABEL[resource],
    capacity: r.capacity === null ? null : amount(resource, r.capacity, units),
    demand: span(resource, r.demand, units) + (known ? ` (${known})` : ''),
    worst: headroomText(resource, r, units, 'worst'),
    best:
      r.headroom && r.headroom.best !== r.headroom.worst
        ? headroomText(resource, r, units, 'best')
        : null,
    fill: r.headroom ? fillPct(r, 'worst') : null,
  };
}

/**
 * What a host took from its snapshot, in words; `name` quotes a name or path the way the
 * renderer quotes them. Undefined for a host without one.
 */
export function snapshotText(
  h: HostReport,
  units: UnitFamily,
  name: (text: string) => string,
): string | undefined {
  const snap = h.snapshot;
  if (!snap) return undefined;
  const what = [
    snap.capacity.length
      ? `capacity (${snap.capacity.map((r) => RESOURCE_LABEL[r]).join(', ')})`
      : '',
    snap.used.length ? `used (${snap.used.map((r) => RESOURCE_LABEL[r]).join(', ')})` : '',
  ].filter(Boolean);
  const out = snap.measuredOut.memory;
  return (
    `${name(h.host)}: ${what.length ? what.join(' and ') : 'nothing'} measured in ${name(snap.file)}, taken ${snap.taken}` +
    (out > 0
      ? `; the ${formatBytes(out, units)} its placed services use now is counted with them, not as used`
      : '')
  );
}

/**
 * How much of a resource's demand is known: "5 of 12 estimated" when some services have no
 * figure, "40 from defaults" when some figures are defaults; empty when every service has a
 * figure of its own.
 */
export function coverage(r: ResourceReport): string {
  const parts: string[] = [];
  if (r.estimated !== undefined && r.unestimated.length > 0)
    parts.push(`${r.estimated} of ${r.estimated + r.unestimated.length} estimated`);
  else if (r.unestimated.length > 0) parts.push(`${r.unestimated.length} unestimated`);
  const defaulted = r.defaulted?.length ?? 0;
  if (defaulted > 0) parts.push(`${defaulted} from defaults`);
  return parts.join(', ');
}

/**
 * A service's figure for one resource, marked when it is a default or was measured, and
 * with what it uses now beside an estimate a host snapshot can be compared with.
 */
export function serviceFigure(
  svc: ServiceReport,
  resource: ResourceName,
  units: UnitFamily,
): string {
  const p = svc[resource];
  if (!p) return 'unestimated';
  const kind = svc.sources[resource]?.kind;
  if (kind === 'snapshot') return `${span(resource, p, units)} measured`;
  const now =
    resource === 'memory' && svc.measured
      ? ` (uses ${formatBytes(svc.measured.memory, units)} now)`
      : '';
  return span(resource, p, units) + (kind === 'defaults' ? ' (default)' : '') + now;
}

/** What sets a service apart from steady load: one-shot, global; empty when nothing does. */
export function serviceNotes(svc: ServiceReport): string[] {
  const notes: string[] = [];
  if (svc.oneshot) {
    const why =
      svc.oneshot.reason === 'completion' && svc.oneshot.waitedOnBy !== null
        ? `"${svc.oneshot.waitedOnBy}" waits for it to complete`
        : svc.oneshot.reason === 'job'
          ? 'a swarm job'
          : 'the manifest says so';
    notes.push(`one-shot, not counted: ${why}`);
  }
  if (svc.global) notes.push('global: once on each of its hosts');
  return notes;
}

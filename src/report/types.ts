/**
 * The evaluation result: one plain object, rendered as JSON (described by
 * schemas/report.schema.json), Markdown and terminal text. Memory and disk are in bytes,
 * CPU in cores, percentages of the host's capacity.
 */
import type { Finding, Level, ResourceName, Verdict } from '../model/types.js';
import type { UnitFamily } from '../units/parse.js';

export const REPORT_VERSION = 1;

export interface Pair {
  best: number;
  worst: number;
}

export type ResourceVerdict = Verdict | 'not-declared';

export interface ResourceReport {
  /** False when the host does not say how much of this it has: the resource is not judged. */
  declared: boolean;
  capacity: number | null;
  used: number;
  reserve: number;
  /** capacity - used - reserve */
  available: number | null;
  demand: Pair;
  headroom: Pair | null;
  headroomPct: Pair | null;
  verdict: ResourceVerdict;
  /** Placed services with no figure for this resource (counted as 0, and said so). */
  unestimated: string[];
  /** The phase where this resource is tightest, when the scenario has phases. */
  peakPhase: string | null;
}

export interface SourceRef {
  file: string;
  line?: number;
  column?: number;
}

export interface ServiceReport {
  name: string;
  origin: 'manifest' | 'compose';
  replicas: number;
  /** Demand of all replicas together; null when the service has no figure for it. */
  memory: Pair | null;
  cpus: Pair | null;
  disk: Pair | null;
  ports: Array<{ port: number; protocol: string; hostIp: string }>;
  /** Where each figure came from: the manifest or a compose file, with line and column. */
  sources: Partial<
    Record<ResourceName | 'replicas' | 'service' | 'refinedBy' | 'memoryLimit', SourceRef>
  >;
  /** The compose memory limit per replica, when one caps the container. */
  memoryLimit: number | null;
}

export interface HostReport {
  host: string;
  verdict: Verdict;
  resources: Record<ResourceName, ResourceReport>;
  services: ServiceReport[];
}

export interface PhaseHostReport {
  host: string;
  verdict: Verdict;
  resources: Record<
    ResourceName,
    Pick<ResourceReport, 'demand' | 'headroom' | 'headroomPct' | 'verdict'>
  >;
}

export interface PhaseReport {
  name: string;
  index: number;
  verdict: Verdict;
  services: string[];
  hosts: PhaseHostReport[];
}

export interface CostReport {
  monthly: { low: number; high: number };
  currency: string | null;
}

export interface ScenarioReport {
  name: string;
  verdict: Verdict;
  required: boolean;
  tier: string | null;
  hosts: HostReport[];
  phases: PhaseReport[];
  /** The phase with the least headroom, when the scenario has phases. */
  peakPhase: string | null;
  /** The first phase whose verdict is fail, when there is one. */
  firstFailPhase: string | null;
  findings: Finding[];
  cost: CostReport | null;
  /** Smallest worst-case headroom, in % of capacity, over the declared resources. */
  minHeadroomPct: number | null;
}

export interface Report {
  version: typeof REPORT_VERSION;
  manifest: string;
  verdict: Verdict;
  units: UnitFamily;
  policy: { warnBelowPct: number; judge: 'worst' | 'best'; unestimated: Level };
  scenarios: ScenarioReport[];
  /** Findings about the input as a whole (not tied to one scenario). */
  findings: Finding[];
  /** Smallest worst-case headroom % over the required scenarios. */
  minHeadroomPct: number | null;
  /** The cheapest scenario that does not fail, when scenarios use different hosts. */
  cheapest: { scenario: string; cost: CostReport } | null;
}

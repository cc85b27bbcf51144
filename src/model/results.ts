/**
 * The evaluation result: one plain object, rendered as JSON (described by
 * schemas/report.schema.json), Markdown and terminal text. Memory and disk are in bytes,
 * CPU in cores, percentages of the host's capacity.
 */
import type { Problem } from '../shared/errors.js';
import type { Finding, Level, ResourceName, Verdict } from '../shared/terms.js';
import type { UnitFamily } from '../units/parse.js';

export const REPORT_VERSION = 2;

export interface Pair {
  best: number;
  worst: number;
}

/**
 * A resource's verdict: judged (pass, warn, fail), or not judged because the host does not
 * declare it ('not-declared') or because no service placed on it has a figure for it
 * ('unknown'): nothing is known about the demand, so no headroom is claimed.
 */
export type ResourceVerdict = Verdict | 'not-declared' | 'unknown';

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
  /**
   * How many services placed here (one-shot containers aside) have a figure for this
   * resource, their own or a default; with `unestimated`, how many of how many are known.
   * Optional in the schema, like every field added within a report version.
   */
  estimated?: number;
  /** Services whose figure for this resource comes from `defaults:`, not their own. */
  defaulted?: string[];
  /** The phase where this resource is tightest, when the scenario has phases. */
  peakPhase: string | null;
  /** Change from the base, when comparing and the base has this host and resource. */
  delta?: ResourceDelta | null;
}

/** Headroom change from the base, head minus base; absent when not comparing. */
export interface ResourceDelta {
  headroom: Pair;
  headroomPct: Pair;
}

export interface SourceRef {
  file: string;
  line?: number;
  column?: number;
  /**
   * Where the figure comes from when not written for the service: 'defaults' for a
   * `defaults:` entry, 'snapshot' for what a host snapshot measured (then with `taken`).
   */
  kind?: 'defaults' | 'snapshot';
  /** When the host snapshot was taken, for a figure it measured. */
  taken?: string;
}

export interface ServiceReport {
  name: string;
  origin: 'manifest' | 'compose';
  replicas: number;
  /** Demand of all replicas together; null when the service has no figure for it. */
  memory: Pair | null;
  cpus: Pair | null;
  disk: Pair | null;
  /** Host ports it publishes: one port, or a range from `port` to `last`. */
  ports: Array<{ port: number; last?: number; protocol: string; hostIp: string }>;
  /** Where each figure came from: the manifest or a compose file, with line and column. */
  sources: Partial<
    Record<
      | ResourceName
      | 'replicas'
      | 'service'
      | 'refinedBy'
      | 'memoryLimit'
      | 'oneshot'
      | 'global'
      | 'measured',
      SourceRef
    >
  >;
  /** The compose memory limit per replica, when one caps the container. */
  memoryLimit: number | null;
  /**
   * Set for a container that runs to completion: listed, never counted in the steady state.
   * `reason` says what makes it one: the manifest's `oneshot: true`, another service waiting
   * for it to complete (`waitedOnBy`), or a swarm job mode.
   */
  oneshot?: { reason: 'manifest' | 'completion' | 'job'; waitedOnBy: string | null } | null;
  /** A swarm global service: one container on each host it is placed on. */
  global?: boolean;
  /** What it uses now, all replicas together, when a host snapshot measured it. */
  measured?: { memory: number };
}

/** Where a host's figures were measured. */
export interface HostSnapshotReport {
  file: string;
  taken: string;
  /** Resources whose capacity came from the snapshot (the others are the manifest's). */
  capacity: ResourceName[];
  /** Resources whose used came from the snapshot. */
  used: ResourceName[];
  /** Measured usage of the placed services, taken out of used: the model counts them. */
  measuredOut: { memory: number };
}

export interface HostReport {
  host: string;
  verdict: Verdict;
  resources: Record<ResourceName, ResourceReport>;
  services: ServiceReport[];
  /** When the host's figures come from a snapshot. */
  snapshot?: HostSnapshotReport;
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

/** What a failing host would need to pass with the policy's margin, per resource. */
export interface HostNeeds {
  host: string;
  needs: Partial<Record<ResourceName, number>>;
}

/** Ways out of a failing scenario, each computed by re-running the model. */
export interface Advice {
  /** The nearest lower tier that passes (or, failing that, only warns) on the same hosts. */
  tier: { tier: string; verdict: Verdict; minHeadroomPct: number | null } | null;
  /** A placement across the manifest's hosts that does not fail. */
  placement: { heuristic: string; hosts: Record<string, string[]>; verdict: Verdict } | null;
  /** When no placement is found: how far the largest host is from holding it all. */
  noPlacement: {
    heuristic: string;
    largestHost: string;
    shortBy: Partial<Record<ResourceName, number>>;
  } | null;
  /** The smallest capacity each failing host would need; empty when size would not help. */
  smallestHost: HostNeeds[];
  /**
   * The scenario evaluated with every failing host at that size: its verdict, and when it
   * still fails, the codes of the findings that fail it whatever the size (`port-conflict`).
   * Null when no host fails on its resources.
   */
  biggerHost?: { verdict: Verdict; blockedBy: string[] } | null;
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
  /** Ways out, for a failing scenario; null otherwise. */
  advice: Advice | null;
  /** Where the scenario is written (absent in reports written before it was recorded). */
  source?: SourceRef;
}

/** What the base was: a report, a manifest that did not exist yet, or one that did not validate. */
export interface BaseSummary {
  status: 'ok' | 'missing' | 'invalid';
  ref: string;
  problems?: Problem[];
}

export interface ResourceChange {
  scenario: string;
  host: string;
  resource: ResourceName;
  base: Pair;
  head: Pair;
  delta: Pair;
  basePct: Pair;
  headPct: Pair;
}

export interface Changes {
  base: BaseSummary;
  scenarios: { added: string[]; removed: string[] };
  hosts: { added: string[]; removed: string[] };
  services: { added: string[]; removed: string[] };
  verdicts: Array<{ scenario: string; base: Verdict; head: Verdict }>;
  resources: ResourceChange[];
  regression: boolean;
  /** Why the PR counts as a regression, one line per scenario that got worse. */
  regressions: string[];
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
  /** When comparing with a base: the base as it was (a report of the same shape, or why not). */
  base?: BaseSummary & { report?: Report };
  /** When comparing with a base: what changed, and whether it counts as a regression. */
  changes?: Changes;
}

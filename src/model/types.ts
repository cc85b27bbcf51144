/**
 * The capacity model's input: hosts, services and scenarios as plain data, already
 * validated and with every figure in base units (bytes, nanocores). The manifest parser
 * and the compose reader produce it; the evaluator consumes it.
 */
import type { Finding, Level, Protocol, ResourceName, Source } from '../shared/terms.js';
import type { Range, UnitFamily } from '../units/parse.js';

export interface Figure extends Range {
  source: Source;
  /** True when the figure is a `defaults:` entry standing in for one the service lacks. */
  defaulted?: boolean;
}

/** An estimate is one figure or range, or a figure per tier. */
export type Estimate =
  | { kind: 'figure'; figure: Figure }
  | { kind: 'tiers'; tiers: ReadonlyMap<string, Figure>; source: Source };

/** Figures given to services that have none of their own, per resource (`defaults:`). */
export type ResourceDefaults = Partial<Record<ResourceName, Estimate>>;

/**
 * Whether a service is a one-shot container (it runs to completion and exits, so it is no
 * steady load), and what says so: the manifest's `oneshot:`, another service that waits for
 * it to complete (`depends_on` with `condition: service_completed_successfully`), or a swarm
 * job mode (`deploy.mode: replicated-job` or `global-job`).
 */
export interface OneShot {
  value: boolean;
  reason: 'manifest' | 'completion' | 'job';
  source: Source;
  /** With reason 'completion': the service that waits for it. */
  waitedOnBy?: string;
}

/** A port, or a range of ports, published on the host. */
export interface PublishedPort {
  port: number;
  /** The range's last port, when it is a range (`9000-9009`); absent for one port. */
  last?: number;
  protocol: Protocol;
  /** Host address it binds; '' or '0.0.0.0' / '::' mean every address. */
  hostIp: string;
  source: Source;
}

export interface ServiceSpec {
  /** Unique name: the manifest's, or `project/service` where compose projects collide. */
  name: string;
  memory?: Estimate;
  cpus?: Estimate;
  disk?: Estimate;
  replicas: number;
  ports: readonly PublishedPort[];
  source: Source;
  origin: 'manifest' | 'compose';
  /** The compose memory limit, where one caps the container. */
  memoryLimit?: Figure;
  /** Compose profiles; a service with profiles is active only when one is enabled. */
  profiles?: readonly string[];
  /** Profiles the service's compose entry enables, unless a scenario names its own. */
  enabledProfiles?: readonly string[];
  /** Compose project this service came from. */
  project?: string;
  /** Where the replica count came from, when it was written rather than defaulted. */
  replicasSource?: Source;
  /** The manifest entry that refines this compose service, if any. */
  refinedBy?: Source;
  /** Set when the service runs to completion rather than staying up (see OneShot). */
  oneshot?: OneShot;
  /** Swarm `deploy.mode: global`: one container on each host the service is placed on. */
  global?: Source;
  /** Where compose fixes the container's name (`container_name`): one replica at most. */
  containerName?: Source;
  /** The figures its compose entry's `defaults:` gives where the service has none. */
  defaults?: ResourceDefaults;
  /** The placement advice may put this compose service apart from the rest of its project. */
  splittable?: boolean;
  /** Containers it runs as, by name (`container:`), for matching host snapshots. */
  container?: { names: readonly string[]; source: Source };
  /** The systemd service it runs as (`unit:`), for matching host snapshots. */
  unit?: { name: string; source: Source };
  /** Its usage in host snapshots, one entry per host it was found on. */
  measured?: readonly Measurement[];
}

/** A placed service's memory as a host snapshot recorded it. */
export interface Measurement {
  host: string;
  /** Bytes: every matched container (or the unit) together. */
  memory: number;
  /** How many containers (or units) the figure is the sum of. */
  count: number;
  /** What was matched, such as `container shop-web-1` or `unit mysql.service`. */
  matched: readonly string[];
  /** The snapshot file, and where the first matched entry is in it. */
  source: Source;
  taken: string;
}

/** Where a host's figures were measured, as the manifest names it. */
export interface SnapshotRef {
  /** Workspace-relative path of the snapshot file. */
  path: string;
  /** Where `snapshot:` is written in the manifest. */
  source: Source;
  /** The snapshot's disk that is this host's disk (default `/`). */
  diskMount?: { path: string; source: Source };
  /** Shares written as percentages, resolved once the snapshot gives the capacity. */
  percentShares?: ReadonlyArray<{
    key: 'used' | 'reserve';
    resource: ResourceName;
    ppm: number;
    source: Source;
  }>;
}

/** A port something running on a snapshot host listens on. */
export interface ListeningPort {
  port: number;
  /** The range's last port, when it is a range; absent for one port. */
  last?: number;
  protocol: Protocol;
  /** '' or '0.0.0.0' / '::' mean every address. */
  hostIp: string;
  /** What listens: `unit nginx.service`, `container shop-web-1`. */
  holder: string;
  /**
   * The service matched to what listens, if any: a scenario that places it runs it, and
   * the port is then that service's own.
   */
  service?: string; /** Where the snapshot lists what listens. */
  source: Source;
}

/** What a host took from its snapshot, once applied. */
export interface HostSnapshot {
  file: string;
  taken: string;
  /** Resources whose capacity, and whose used, came from the snapshot. */
  capacity: readonly ResourceName[];
  used: readonly ResourceName[];
  source: Source;
  /** The ports its systemd services and containers listen on. */
  listening: readonly ListeningPort[];
}

export interface HostSpec {
  name: string;
  /** What the host has; a resource missing here is not judged. */
  capacity: Partial<Record<ResourceName, number>>;
  /** Consumed by things outside the model, already resolved from percentages. */
  used: Partial<Record<ResourceName, number>>;
  /** Kept free on purpose, already resolved from percentages. */
  reserve: Partial<Record<ResourceName, number>>;
  cost?: { monthly: Range; currency?: string };
  source: Source;
  /** The host snapshot it names, until applied. */
  snapshotRef?: SnapshotRef;
  /** Figures taken from its snapshot, once applied. */
  snapshot?: HostSnapshot;
}

export interface PhaseSpec {
  name: string;
  add: readonly string[];
  remove: readonly string[];
  source: Source;
}

export interface ScenarioSpec {
  name: string;
  tier?: string;
  required: boolean;
  /**
   * Service name to the hosts it runs on, in the order the manifest gives them: one host,
   * except for a swarm global service, which runs once on each host it is placed on.
   */
  placement: ReadonlyMap<string, readonly string[]>;
  phases: readonly PhaseSpec[];
  profiles?: readonly string[];
  source: Source;
}

export interface Policy {
  /** Warn when headroom is below this share of capacity, in parts per million. */
  warnBelowPpm: number;
  judge: 'worst' | 'best';
  unestimated: Level;
  units: UnitFamily;
  /** A host snapshot older than this many seconds warns. */
  snapshotMaxAgeSeconds: number;
}

export const DEFAULT_POLICY: Policy = {
  warnBelowPpm: 150_000,
  judge: 'worst',
  unestimated: 'warn',
  units: 'decimal',
  snapshotMaxAgeSeconds: 30 * 86_400,
};

export interface CapacityModel {
  /** The manifest file, as the user named it (relative to the workspace). */
  file: string;
  hosts: readonly HostSpec[];
  services: readonly ServiceSpec[];
  scenarios: readonly ScenarioSpec[];
  policy: Policy;
  /** Findings made while reading the input (compose warnings, suspicious figures). */
  findings: readonly Finding[];
}

/** True when a service counts towards the steady state: it is not a one-shot container. */
export function isSteady(s: ServiceSpec): boolean {
  return !s.oneshot?.value;
}

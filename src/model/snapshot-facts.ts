/**
 * A snapshot: what one server really has and really uses, recorded by `headroom snapshot`
 * and committed next to the manifest. Field names are a contract (schemas/snapshot.schema.json);
 * new fields may be added, none renamed. Memory and disk are in bytes.
 */
import type { PathSegment, Source } from '../shared/terms.js';

export const SNAPSHOT_VERSION = 1;

export interface MemoryFacts {
  total: number;
  available: number;
  /** total - available */
  used: number;
}

export interface DiskFacts {
  total: number;
  /** As df counts it: blocks in use. */
  used: number;
  /** What an ordinary process may still write. */
  available: number;
  /** Kept free for root by the file system: neither used nor available. */
  reserved?: number;
}

export interface UnitFacts {
  /** A systemd service, such as `mysql.service`. */
  name: string;
  /** Usage without reclaimable page cache; null when the cgroup's memory could not be read. */
  memory: { usage: number | null };
  /** Listening sockets of its processes, such as `0.0.0.0:3306/tcp`. */
  ports: string[];
}

export interface ContainerFacts {
  name: string;
  /** The short container id (12 hex digits). */
  id?: string;
  image?: string;
  /** Label com.docker.compose.project, null when the container was not started by compose. */
  project: string | null;
  /** Label com.docker.compose.service. */
  service: string | null;
  /** Usage as `docker stats` counts it; limit null when the container has none. */
  memory: { usage: number | null; limit: number | null };
  ports: string[];
}

/** The cgroup this process ran in, when it limits memory or CPU below the machine's. */
export interface CgroupFacts {
  version: 1 | 2;
  /** Bytes; null when the cgroup sets no memory limit below the machine's memory. */
  memory_limit: number | null;
  /** Cores (quota / period); null when the cgroup sets no CPU quota below the machine's CPUs. */
  cpu_limit: number | null;
}

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  host: string;
  /** When it was taken, UTC, ISO 8601 (`2026-12-01T09:30:00Z`). */
  taken: string;
  /** Cores usable by the process that took it. */
  cpus: number;
  memory: MemoryFacts;
  /** Mount path to its figures. */
  disk: Record<string, DiskFacts>;
  units: UnitFacts[];
  containers: ContainerFacts[];
  /** Listening sockets no systemd service was found for (their owner unreadable, or not a service). */
  other_ports?: string[];
  cgroup?: CgroupFacts;
  /** What was left out, and why. */
  notes?: string[];
  /** The program that wrote it, such as `headroom 0.1.0`. */
  written_by?: string;
}

/** A snapshot as read from its file, with the way back to where each value was written. */
export interface SnapshotFile {
  file: string;
  snapshot: Snapshot;
  /** Where a value was written. */
  at(path: readonly PathSegment[]): Source;
}

/**
 * `headroom snapshot`'s shell: reads the kernel's files, the disks and the Docker engine,
 * and hands back a snapshot as plain data. Only this folder touches /proc, /sys and the
 * engine's socket; everything it reads is parsed by the pure modules one level up.
 */
import { SNAPSHOT_VERSION, type Snapshot } from '../../model/snapshot-facts.js';
import { collectContainers, engineSocket } from './engine.js';
import { cgroupVersion, collectDisks, collectHost, type Roots } from './host.js';
import { collectUnits } from './units.js';
import { withoutPublishedPorts } from '../published-ports.js';

export interface CollectOptions {
  host: string;
  /** When the snapshot is taken. */
  now: Date;
  roots: Roots;
  /** Paths whose file systems to measure. */
  disks: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  engineTimeoutMs?: number;
  writtenBy: string;
  onProgress?: (done: number, total: number, name: string) => void;
}

/** UTC to the second: `2026-12-01T09:30:00Z`. */
export function isoSecond(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function collectSnapshot(o: CollectOptions): Promise<Snapshot> {
  const version = cgroupVersion(o.roots.cgroup);
  const host = collectHost(o.roots, version);
  const disk = collectDisks(o.cwd, o.disks);
  const units = collectUnits(o.roots, version);
  const where = engineSocket(o.env);
  const engine =
    'note' in where
      ? { containers: [], notes: [where.note] }
      : await collectContainers({
          socket: where.socket,
          machineMemory: host.machineMemory,
          ...(o.engineTimeoutMs !== undefined ? { timeoutMs: o.engineTimeoutMs } : {}),
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        });
  const notes = [...host.notes, ...units.notes, ...engine.notes];
  const ports = withoutPublishedPorts(units.units, units.otherPorts, engine.containers);
  return {
    version: SNAPSHOT_VERSION,
    host: o.host,
    taken: isoSecond(o.now),
    cpus: host.cpus,
    memory: host.memory,
    disk,
    units: ports.units,
    containers: engine.containers,
    ...(ports.otherPorts.length > 0 ? { other_ports: ports.otherPorts } : {}),
    ...(host.cgroup ? { cgroup: host.cgroup } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    written_by: o.writtenBy,
  };
}

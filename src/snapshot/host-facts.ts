/** The machine's memory and disks as a snapshot records them, from figures already read. */
import type { DiskFacts, MemoryFacts } from '../model/snapshot-facts.js';
import type { Meminfo } from './meminfo.js';

/**
 * Memory of the machine, or of the cgroup this process runs in when that limits it below the
 * machine's: then the total is the limit and what is available is what the cgroup has left,
 * never more than the machine has.
 */
export function memoryFacts(
  meminfo: Meminfo,
  cgroup?: { limit: number; usage: number },
): MemoryFacts {
  let total = meminfo.total;
  let available = meminfo.available;
  if (cgroup && cgroup.limit < total) {
    total = cgroup.limit;
    available = Math.min(available, Math.max(0, cgroup.limit - cgroup.usage));
  }
  return { total, available, used: total - available };
}

/** What statfs(2) says about a file system. */
export interface StatfsFigures {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
}

/**
 * As df counts it: used is what is allocated (blocks - bfree), available what an ordinary
 * process may still write (bavail); the difference between free and available is the
 * file system's reserve for root, recorded apart so the three add up to the total.
 */
export function diskFacts(s: StatfsFigures): DiskFacts {
  const total = s.blocks * s.bsize;
  const used = (s.blocks - s.bfree) * s.bsize;
  const available = s.bavail * s.bsize;
  const reserved = Math.max(0, s.bfree - s.bavail) * s.bsize;
  return { total, used, available, ...(reserved > 0 ? { reserved } : {}) };
}

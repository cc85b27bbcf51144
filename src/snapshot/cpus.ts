/** How many cores a process may use: its CPU affinity, then its cgroup's quota. */

/**
 * Counts the CPUs in a kernel CPU list such as `0-3,8,10-11` (the `Cpus_allowed_list` line
 * of /proc/PID/status). Undefined when the list cannot be read.
 */
export function countCpuList(list: string): number | undefined {
  const text = list.trim();
  if (text === '') return undefined;
  let count = 0;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    count += to - from + 1;
  }
  return count;
}

/** The `Cpus_allowed_list` of a /proc/PID/status text. */
export function allowedCpus(status: string): number | undefined {
  const m = /^Cpus_allowed_list:\s*(.*)$/m.exec(status);
  return m ? countCpuList(m[1]!) : undefined;
}

/** CPUs online by /proc/stat's `cpuN` lines, for kernels whose status has no affinity list. */
export function statCpus(stat: string): number | undefined {
  const n = stat.split('\n').filter((l) => /^cpu\d+\s/.test(l)).length;
  return n > 0 ? n : undefined;
}

/**
 * cgroup v2 `cpu.max` (`max 100000` or `150000 100000`) to cores; undefined when unlimited
 * or unreadable.
 */
export function parseCpuMax(text: string): number | undefined {
  const m = /^(\S+)\s+(\d+)\s*$/.exec(text.trim());
  if (!m || m[1] === 'max') return undefined;
  const quota = Number(m[1]);
  const period = Number(m[2]);
  return quota > 0 && period > 0 ? quota / period : undefined;
}

/** cgroup v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us` to cores; quota -1 means unlimited. */
export function parseCfsQuota(quotaText: string, periodText: string): number | undefined {
  const quota = Number(quotaText.trim());
  const period = Number(periodText.trim());
  if (!Number.isFinite(quota) || !Number.isFinite(period)) return undefined;
  return quota > 0 && period > 0 ? quota / period : undefined;
}

/** Cores rounded to hundredths, the precision a quota is written with in practice. */
export function roundCores(cores: number): number {
  return Math.round(cores * 100) / 100;
}

/**
 * The machine itself: CPUs, memory (and the cgroup limits of this process), disks. Reads
 * PROC/meminfo, PROC/self/status, PROC/self/cgroup and the cgroup files under CGROUP.
 */
import { statfsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import {
  memoryUsage,
  parseCount,
  parseFlatKeyed,
  parseMemoryLimit,
  parseProcCgroup,
  type ProcCgroup,
} from '../cgroup-files.js';
import { allowedCpus, parseCfsQuota, parseCpuMax, roundCores, statCpus } from '../cpus.js';
import { diskFacts, memoryFacts } from '../host-facts.js';
import { parseMeminfo } from '../meminfo.js';
import type { CgroupFacts, DiskFacts, MemoryFacts } from '../../model/snapshot-facts.js';
import { exists, readText, textOrUndefined } from './system-files.js';
import { formatBytes } from '../../units/format.js';

export interface Roots {
  proc: string;
  cgroup: string;
}

export type CgroupVersion = 1 | 2 | undefined;

/** v2 when the root of the tree lists its controllers; v1 when controllers are mounted apart. */
export function cgroupVersion(root: string): CgroupVersion {
  if (exists(`${root}/cgroup.controllers`)) return 2;
  if (exists(`${root}/memory`) || exists(`${root}/systemd`) || exists(`${root}/cpu`)) return 1;
  return undefined;
}

export interface HostFacts {
  cpus: number;
  memory: MemoryFacts;
  /** The machine's memory, before any cgroup limit (the engine reports it as "no limit"). */
  machineMemory: number;
  cgroup?: CgroupFacts;
  notes: string[];
}

/** A cgroup path's directories from the tree's root down to it, deepest last. */
function levels(base: string, path: string): string[] {
  const parts = path.split('/').filter((p) => p && p !== '..' && p !== '.');
  const dirs = [base];
  for (let i = 1; i <= parts.length; i++) dirs.push(`${base}/${parts.slice(0, i).join('/')}`);
  // Inside a cgroup namespace the path names the host's tree, which is not mounted here:
  // only the levels that exist count.
  return dirs.filter(exists);
}

interface Limits {
  memory?: { limit: number; usage: number };
  cpus?: number;
}

function limitsV2(root: string, self: ProcCgroup, machineTotal: number): Limits {
  const out: Limits = {};
  for (const dir of levels(root, self.unified ?? '/')) {
    const max = textOrUndefined(`${dir}/memory.max`);
    const limit = max === undefined ? undefined : parseMemoryLimit(max, machineTotal);
    if (limit !== undefined && (out.memory === undefined || limit < out.memory.limit)) {
      const current = parseCount(textOrUndefined(`${dir}/memory.current`) ?? '') ?? 0;
      const stat = parseFlatKeyed(textOrUndefined(`${dir}/memory.stat`) ?? '');
      out.memory = { limit, usage: memoryUsage(2, current, stat) };
    }
    const cpuMax = textOrUndefined(`${dir}/cpu.max`);
    const cores = cpuMax === undefined ? undefined : parseCpuMax(cpuMax);
    if (cores !== undefined && (out.cpus === undefined || cores < out.cpus)) out.cpus = cores;
  }
  return out;
}

/** A v1 controller's directory for this process: its path under the mount, else the mount's root. */
function v1Dir(
  root: string,
  mounts: readonly string[],
  path: string | undefined,
): string | undefined {
  for (const m of mounts) {
    const base = `${root}/${m}`;
    if (!exists(base)) continue;
    const all = levels(base, path ?? '/');
    return all[all.length - 1];
  }
  return undefined;
}

function limitsV1(root: string, self: ProcCgroup, machineTotal: number): Limits {
  const out: Limits = {};
  const mem = v1Dir(root, ['memory'], self.controllers.get('memory'));
  if (mem) {
    const stat = parseFlatKeyed(textOrUndefined(`${mem}/memory.stat`) ?? '');
    // hierarchical_memory_limit is the tightest limit of this cgroup and its ancestors.
    const text =
      stat.get('hierarchical_memory_limit')?.toString() ??
      textOrUndefined(`${mem}/memory.limit_in_bytes`);
    const limit = text === undefined ? undefined : parseMemoryLimit(text, machineTotal);
    if (limit !== undefined) {
      const usage = parseCount(textOrUndefined(`${mem}/memory.usage_in_bytes`) ?? '') ?? 0;
      out.memory = { limit, usage: memoryUsage(1, usage, stat) };
    }
  }
  const cpu = v1Dir(root, ['cpu', 'cpu,cpuacct', 'cpuacct,cpu'], self.controllers.get('cpu'));
  if (cpu) {
    const quota = textOrUndefined(`${cpu}/cpu.cfs_quota_us`);
    const period = textOrUndefined(`${cpu}/cpu.cfs_period_us`);
    if (quota !== undefined && period !== undefined) {
      const cores = parseCfsQuota(quota, period);
      if (cores !== undefined) out.cpus = cores;
    }
  }
  return out;
}

export function collectHost(roots: Roots, version: CgroupVersion): HostFacts {
  const notes: string[] = [];
  const meminfoPath = `${roots.proc}/meminfo`;
  const meminfoText = readText(meminfoPath);
  if (!meminfoText.ok) {
    throw new UsageError(
      `cannot read ${meminfoPath} (${meminfoText.code}); --proc must name a proc file system`,
    );
  }
  const meminfo = parseMeminfo(meminfoText.value);
  if ('error' in meminfo) {
    throw new UsageError(`${meminfoPath} does not say how much memory there is: ${meminfo.error}`);
  }

  const status = textOrUndefined(`${roots.proc}/self/status`);
  const machineCpus =
    (status === undefined ? undefined : allowedCpus(status)) ??
    statCpus(textOrUndefined(`${roots.proc}/stat`) ?? '');
  if (machineCpus === undefined) {
    throw new UsageError(
      `cannot tell how many CPUs there are from ${roots.proc}/self/status or ${roots.proc}/stat`,
    );
  }

  const self = parseProcCgroup(textOrUndefined(`${roots.proc}/self/cgroup`) ?? '');
  const limits =
    version === 2
      ? limitsV2(roots.cgroup, self, meminfo.total)
      : version === 1
        ? limitsV1(roots.cgroup, self, meminfo.total)
        : {};

  const cpuLimit = limits.cpus !== undefined && limits.cpus < machineCpus ? limits.cpus : undefined;
  const cpus = cpuLimit !== undefined ? roundCores(cpuLimit) : machineCpus;
  const memory = memoryFacts(meminfo, limits.memory);
  let cgroup: CgroupFacts | undefined;
  if (version !== undefined && (limits.memory || cpuLimit !== undefined)) {
    cgroup = {
      version,
      memory_limit: limits.memory?.limit ?? null,
      cpu_limit: cpuLimit !== undefined ? roundCores(cpuLimit) : null,
    };
    const what = [
      limits.memory
        ? `memory to ${formatBytes(limits.memory.limit)} (the machine has ${formatBytes(meminfo.total)})`
        : '',
      cpuLimit !== undefined ? `CPU to ${cpus} cores (the machine has ${machineCpus})` : '',
    ].filter(Boolean);
    notes.push(
      `this process runs in a cgroup that limits ${what.join(' and ')}: the snapshot records the limits, as what services started the same way could use`,
    );
  }
  return { cpus, memory, machineMemory: meminfo.total, ...(cgroup ? { cgroup } : {}), notes };
}

/** statfs of each path; a path that cannot be measured is a mistake on the command line. */
export function collectDisks(cwd: string, paths: readonly string[]): Record<string, DiskFacts> {
  const out: Record<string, DiskFacts> = {};
  for (const p of paths) {
    const abs = resolve(cwd, p);
    try {
      const s = statfsSync(abs);
      out[abs] = diskFacts({ bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      const why =
        code === 'ENOENT'
          ? 'no such file or directory'
          : code === 'EACCES'
            ? 'permission denied'
            : code;
      throw new UsageError(`--disk ${p}: cannot measure its file system (${why})`);
    }
  }
  return out;
}
